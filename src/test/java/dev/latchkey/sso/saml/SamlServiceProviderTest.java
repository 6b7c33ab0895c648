package dev.latchkey.sso.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.testidp.TestSamlIdp;
import dev.latchkey.testidp.TestSamlIdpResponse;
import dev.latchkey.testidp.TestSamlIdpResponse.Signed;
import dev.latchkey.testidp.TestSamlIdpTampering;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;

/** Validation of SAML responses: one happy path per signing mode, one refusal per rule. */
class SamlServiceProviderTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final String SP = "https://latchkey.test/v1/b2b/sso/saml-connection-test-1";
    static final String ALT_SP = "https://latchkey.test/alt-audience";
    static final String ACS = "https://latchkey.test/v1/b2b/sso/callback/saml-connection-test-1";
    static final String ALT_ACS = "https://latchkey.test/alt-acs";
    static final String REQUEST_ID = "_request-1";
    static final TestSamlIdp IDP = TestSamlIdp.create();
    static final KeyPair SP_KEYS = TestSamlIdp.newKeyPair();
    static final X509Certificate SP_CERTIFICATE = TestSamlIdp.selfSigned(SP_KEYS, "latchkey-sp");

    final SamlServiceProvider sp = SamlServiceProvider.standard();

    static SamlSettings settings(List<X509Certificate> idpCertificates) {
        return new SamlSettings(
                SP,
                List.of(SP, ALT_SP),
                ACS,
                List.of(ACS, ALT_ACS),
                IDP.entityId(),
                IDP.ssoUrl(),
                idpCertificates,
                SP_KEYS.getPrivate(),
                SP_CERTIFICATE,
                TestSamlIdpResponse.EMAIL_FORMAT);
    }

    static SamlSettings settings() {
        return settings(List.of(IDP.certificate()));
    }

    static TestSamlIdpResponse response() {
        return IDP.response(NOW).to(SP, ACS).inResponseTo(REQUEST_ID);
    }

    SamlAssertion validate(TestSamlIdpResponse response) {
        return sp.validate(settings(), response.build(), REQUEST_ID, NOW);
    }

    void assertRefused(ErrorType type, Runnable validation) {
        assertThatThrownBy(validation::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .isEqualTo(type));
    }

    void assertRefused(ErrorType type, TestSamlIdpResponse response) {
        assertRefused(type, () -> validate(response));
    }

    @ParameterizedTest
    @EnumSource(
            value = Signed.class,
            names = {"ASSERTION", "RESPONSE", "BOTH"})
    void validateWhenSignedByThePinnedKeyThenReturnsTheAssertion(Signed signed) {
        TestSamlIdpResponse response = response()
                .signed(signed)
                .nameId("ada@example.com")
                .attribute("email", "ada@example.com")
                .attribute("groups", "admins", "engineers");

        SamlAssertion assertion = validate(response);

        assertThat(assertion.assertionId()).isEqualTo(response.assertionId());
        assertThat(assertion.responseId()).isEqualTo(response.responseId());
        assertThat(assertion.issuer()).isEqualTo(IDP.entityId());
        assertThat(assertion.nameId()).isEqualTo("ada@example.com");
        assertThat(assertion.nameIdFormat()).isEqualTo(TestSamlIdpResponse.EMAIL_FORMAT);
        assertThat(assertion.attributes())
                .containsEntry("email", List.of("ada@example.com"))
                .containsEntry("groups", List.of("admins", "engineers"));
        assertThat(assertion.firstValue("email")).isEqualTo("ada@example.com");
        assertThat(assertion.inResponseTo()).isEqualTo(REQUEST_ID);
        // remember the id until the assertion's own end plus the skew: after that it is refused as expired anyway
        assertThat(assertion.notOnOrAfter())
                .isEqualTo(NOW.plus(Duration.ofMinutes(5)).plus(AssertionRules.CLOCK_SKEW));
    }

    @Test
    void validateWhenIdpInitiatedAndNoRequestExpectedThenAccepts() {
        SamlAssertion assertion =
                sp.validate(settings(), response().inResponseTo(null).build(), null, NOW);

        assertThat(assertion.inResponseTo()).isNull();
    }

    @Test
    void validateWhenIdpInitiatedResponseCarriesInResponseToThenRefusesAsUnsolicited() {
        assertRefused(
                ErrorType.UNSOLICITED_SAML_RESPONSE,
                () -> sp.validate(settings(), response().build(), null, NOW));
    }

    @Test
    void validateWhenInResponseToIsAnotherRequestThenRefusesAsUnsolicited() {
        assertRefused(ErrorType.UNSOLICITED_SAML_RESPONSE, response().inResponseTo("_another-request"));
    }

    @Test
    void validateWhenRequestExpectedButResponseIsIdpInitiatedThenRefusesAsUnsolicited() {
        assertRefused(ErrorType.UNSOLICITED_SAML_RESPONSE, response().inResponseTo(null));
    }

    @Test
    void validateWhenSubjectConfirmationAnswersAnotherRequestThenRefusesAsUnsolicited() {
        assertRefused(ErrorType.UNSOLICITED_SAML_RESPONSE, response().subjectInResponseTo("_another-request"));
    }

    @Test
    void validateWhenOnlyTheUnsignedResponseClaimsToAnswerTheRequestThenRefusesAsUnsolicited() {
        // an IdP-initiated assertion whose unsigned Response envelope was given our request id
        assertRefused(ErrorType.UNSOLICITED_SAML_RESPONSE, response().subjectInResponseTo(null));
    }

    @Test
    void validateWhenIdpInitiatedButTheAssertionAnswersARequestThenRefusesAsUnsolicited() {
        assertRefused(
                ErrorType.UNSOLICITED_SAML_RESPONSE,
                () -> sp.validate(
                        settings(),
                        response().inResponseTo(null).subjectInResponseTo("_r").build(),
                        null,
                        NOW));
    }

    @Test
    void validateWhenCertificatesRotateThenEitherPinnedCertificateVerifies() {
        TestSamlIdp rotated = IDP.withNewKey();
        String signedByNewKey =
                response().signWith(rotated.privateKey(), rotated.certificate()).build();

        SamlAssertion assertion = sp.validate(
                settings(List.of(IDP.certificate(), rotated.certificate())), signedByNewKey, REQUEST_ID, NOW);

        assertThat(assertion.nameId()).isEqualTo("user@example.com");
    }

    // Signatures

    @Test
    void validateWhenUnsignedThenRefusesAsMissingSignature() {
        assertRefused(ErrorType.MISSING_SIGNATURE_SAML_RESPONSE, response().signed(Signed.NONE));
    }

    @Test
    void validateWhenSignaturesStrippedThenRefusesAsMissingSignature() {
        assertRefused(
                ErrorType.MISSING_SIGNATURE_SAML_RESPONSE,
                response().afterSigning(TestSamlIdpTampering.stripSignatures()));
    }

    @Test
    void validateWhenSignedByAForeignKeyCarryingItsOwnCertificateThenRefuses() {
        TestSamlIdp impostor = IDP.withNewKey(); // same entity id; KeyInfo holds the impostor's certificate

        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                response().signWith(impostor.privateKey(), impostor.certificate()));
    }

    @Test
    void validateWhenBothSignedButTheAssertionByAForeignKeyThenRefuses() {
        TestSamlIdp impostor = IDP.withNewKey();

        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                response()
                        .signed(Signed.BOTH)
                        .signWith(impostor.privateKey(), impostor.certificate())
                        .signResponseWith(IDP.privateKey(), IDP.certificate()));
    }

    @Test
    void validateWhenBothSignedButTheResponseByAForeignKeyThenRefuses() {
        TestSamlIdp impostor = IDP.withNewKey();

        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                response().signed(Signed.BOTH).signResponseWith(impostor.privateKey(), impostor.certificate()));
    }

    @Test
    void validateWhenTheSameResponseComesTwiceThenBothPassAndNameTheSameAssertion() {
        // replay (duplicate_saml_response) is the callback's: it records assertionId until notOnOrAfter
        String once = response().build();

        SamlAssertion first = sp.validate(settings(), once, REQUEST_ID, NOW);
        SamlAssertion second = sp.validate(settings(), once, REQUEST_ID, NOW.plusSeconds(10));

        assertThat(second.assertionId()).isEqualTo(first.assertionId());
        assertThat(second.notOnOrAfter()).isEqualTo(first.notOnOrAfter());
    }

    @Test
    void validateWhenConnectionHasNoCertificateThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                () -> sp.validate(settings(List.of()), response().build(), REQUEST_ID, NOW));
    }

    @ParameterizedTest
    @EnumSource(
            value = Signed.class,
            names = {"ASSERTION", "RESPONSE", "BOTH"})
    void validateWhenNameIdChangedAfterSigningThenRefuses(Signed signed) {
        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                response().signed(signed).afterSigning(TestSamlIdpTampering.changeNameId("admin@example.com")));
    }

    @Test
    void validateWhenAssertionAttributeChangedAfterSigningThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                response()
                        .afterSigning(TestSamlIdpTampering.changeAssertionAttribute(
                                "IssueInstant", NOW.toString().replace("12:00", "12:01"))));
    }

    @Test
    void validateWhenSignedAssertionIsWrappedInExtensionsThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SAML_RESPONSE,
                response().afterSigning(TestSamlIdpTampering.wrapAssertion("admin@example.com")));
    }

    @Test
    void validateWhenAnUnsignedAssertionIsAddedThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SAML_RESPONSE,
                response().afterSigning(TestSamlIdpTampering.addUnsignedAssertion("admin@example.com")));
    }

    @Test
    void validateWhenResponseSignedButAnUnsignedAssertionIsAddedThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SAML_RESPONSE,
                response()
                        .signed(Signed.RESPONSE)
                        .afterSigning(TestSamlIdpTampering.addUnsignedAssertion("admin@example.com")));
    }

    @Test
    void validateWhenTheOnlySignatureSitsInsideTheSubjectThenRefusesAsMissingSignature() {
        // a signature exists but signs neither the Response nor the Assertion as an enveloped signature
        assertRefused(ErrorType.MISSING_SIGNATURE_SAML_RESPONSE, response().afterSigning(document -> {
            Element assertion = (Element)
                    document.getElementsByTagNameNS(SecureXml.SAML, "Assertion").item(0);
            Element signature = Dom.child(assertion, SecureXml.DS, "Signature");
            Dom.child(assertion, SecureXml.SAML, "Subject").appendChild(signature);
        }));
    }

    @Test
    void validateWhenTheAssertionSignatureIsMovedOntoTheResponseThenRefuses() {
        // sits on the Response but references the Assertion: a signature over another element than its parent
        assertRefused(ErrorType.INVALID_SIGNATURE_SAML_RESPONSE, response().afterSigning(document -> {
            Element response = document.getDocumentElement();
            Element assertion = Dom.child(response, SecureXml.SAML, "Assertion");
            Element signature = Dom.child(assertion, SecureXml.DS, "Signature");
            Element issuer = Dom.child(response, SecureXml.SAML, "Issuer");
            response.insertBefore(signature, issuer.getNextSibling());
        }));
    }

    @Test
    void validateWhenNameIdHoldsACommentThenReadsTheWholeSignedText() {
        // the comment-truncation trick: a reader taking only the first text node would see user@example.com
        SamlAssertion assertion =
                validate(response().nameId("user@example.com.evil.test").beforeSigning(document -> {
                    var nameId = document.getElementsByTagNameNS(SecureXml.SAML, "NameID")
                            .item(0);
                    nameId.setTextContent("user@example.com");
                    nameId.appendChild(document.createComment("x"));
                    nameId.appendChild(document.createTextNode(".evil.test"));
                }));

        assertThat(assertion.nameId()).isEqualTo("user@example.com.evil.test");
    }

    @Test
    void validateWhenSignedWithRsaSha1ThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                response().algorithms(TestSamlIdpResponse.RSA_SHA1, TestSamlIdpResponse.SHA1));
    }

    @Test
    void validateWhenDigestIsSha1ThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                response().algorithms(TestSamlIdpResponse.RSA_SHA256, TestSamlIdpResponse.SHA1));
    }

    // Time

    @Test
    void validateWhenExpiredBeyondTheSkewThenRefuses() {
        Instant later = NOW.plus(Duration.ofMinutes(5)).plus(AssertionRules.CLOCK_SKEW);

        assertRefused(
                ErrorType.EXPIRED_SAML_RESPONSE,
                () -> sp.validate(settings(), response().build(), REQUEST_ID, later));
    }

    @Test
    void validateWhenExpiredWithinTheSkewThenAccepts() {
        Instant later =
                NOW.plus(Duration.ofMinutes(5)).plus(AssertionRules.CLOCK_SKEW).minusSeconds(1);

        assertThat(sp.validate(settings(), response().build(), REQUEST_ID, later))
                .isNotNull();
    }

    @Test
    void validateWhenOnlyTheSubjectConfirmationExpiredThenRefuses() {
        assertRefused(
                ErrorType.EXPIRED_SAML_RESPONSE, response().subjectNotOnOrAfter(NOW.minus(Duration.ofMinutes(2))));
    }

    @Test
    void validateWhenOnlyTheConditionsExpiredThenRefuses() {
        assertRefused(
                ErrorType.EXPIRED_SAML_RESPONSE, response().conditionsNotOnOrAfter(NOW.minus(Duration.ofMinutes(2))));
    }

    @Test
    void validateWhenIdpSessionEndedThenRefuses() {
        assertRefused(
                ErrorType.EXPIRED_SAML_RESPONSE, response().sessionNotOnOrAfter(NOW.minus(Duration.ofMinutes(2))));
    }

    @Test
    void validateWhenNotYetValidBeyondTheSkewThenRefuses() {
        assertRefused(
                ErrorType.NOT_YET_VALID_SAML_RESPONSE,
                response().notBefore(NOW.plus(AssertionRules.CLOCK_SKEW).plusSeconds(1)));
    }

    @Test
    void validateWhenNotYetValidWithinTheSkewThenAccepts() {
        assertThat(validate(response().notBefore(NOW.plus(AssertionRules.CLOCK_SKEW))))
                .isNotNull();
    }

    @Test
    void validateWhenSubjectConfirmationHasNoNotOnOrAfterThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, response().subjectNotOnOrAfter(null));
    }

    // Audience, Destination, Recipient, Issuer, Status

    @Test
    void validateWhenAudienceIsAnotherSpThenRefuses() {
        assertRefused(ErrorType.INVALID_AUDIENCE_SAML_RESPONSE, response().audience("https://other-sp.example"));
    }

    @Test
    void validateWhenNoAudienceThenRefuses() {
        assertRefused(ErrorType.INVALID_AUDIENCE_SAML_RESPONSE, response().audience(null));
    }

    @Test
    void validateWhenAudienceIsTheAlternativeThenAccepts() {
        assertThat(validate(response().audience(ALT_SP))).isNotNull();
    }

    @Test
    void settingsDropAlternativesThatAreNotSet() {
        SamlSettings settings = new SamlSettings(
                SP,
                java.util.Arrays.asList(SP, null, " "),
                ACS,
                java.util.Arrays.asList(ACS, null),
                IDP.entityId(),
                IDP.ssoUrl(),
                List.of(IDP.certificate()),
                null,
                null,
                null);

        assertThat(settings.acceptedAudiences()).containsExactly(SP);
        assertThat(settings.acceptedDestinations()).containsExactly(ACS);
        assertThat(sp.validate(settings, response().build(), REQUEST_ID, NOW)).isNotNull();
    }

    @Test
    void validateWhenDestinationIsAnotherUrlThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, response().destination("https://evil.example/acs"));
    }

    @Test
    void validateWhenDestinationAndRecipientAreTheAlternativeAcsThenAccepts() {
        assertThat(validate(response().destination(ALT_ACS).recipient(ALT_ACS))).isNotNull();
    }

    @Test
    void validateWhenDestinationAbsentThenTheRecipientSuffices() {
        assertThat(validate(response().destination(null))).isNotNull();
    }

    @Test
    void validateWhenRecipientIsAnotherUrlThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, response().recipient("https://evil.example/acs"));
    }

    @Test
    void validateWhenRecipientAbsentThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, response().recipient(null));
    }

    @Test
    void validateWhenAssertionIssuerIsAnotherIdpThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, response().assertionIssuer("https://other-idp.example"));
    }

    @Test
    void validateWhenResponseIssuerIsAnotherIdpThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, response().responseIssuer("https://other-idp.example"));
    }

    @Test
    void validateWhenStatusIsNotSuccessThenRefusesAsFailed() {
        assertRefused(
                ErrorType.FAILED_SAML_RESPONSE,
                response()
                        .status("urn:oasis:names:tc:SAML:2.0:status:Responder")
                        .signed(Signed.NONE));
    }

    @Test
    void validateWhenIdpReportsAnErrorWithoutAssertionThenRefusesAsFailed() {
        assertRefused(
                ErrorType.FAILED_SAML_RESPONSE,
                response()
                        .status("urn:oasis:names:tc:SAML:2.0:status:Requester")
                        .signed(Signed.RESPONSE)
                        .beforeSigning(document -> {
                            Element assertion = Dom.child(document.getDocumentElement(), SecureXml.SAML, "Assertion");
                            assertion.getParentNode().removeChild(assertion);
                        }));
    }

    @Test
    void validateWhenAssertionHasNoIdThenRefuses() {
        assertRefused(
                ErrorType.INVALID_SAML_RESPONSE,
                response().signed(Signed.RESPONSE).beforeSigning(document -> Dom.child(
                                document.getDocumentElement(), SecureXml.SAML, "Assertion")
                        .removeAttribute("ID")));
    }

    @Test
    void validateWhenNameIdMissingThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, response().nameId(null));
    }

    @Test
    void validateWhenAssertionIsEncryptedThenRefusesClearly() {
        assertThatThrownBy(() -> validate(response().afterSigning(document -> {
                    Element assertion = (Element) document.getElementsByTagNameNS(SecureXml.SAML, "Assertion")
                            .item(0);
                    Element encrypted = document.createElementNS(SecureXml.SAML, "saml:EncryptedAssertion");
                    assertion.getParentNode().replaceChild(encrypted, assertion);
                })))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_SAML_RESPONSE);
                    assertThat(e.getMessage()).contains("encrypted assertions are not supported");
                });
    }

    // Parsing

    @Test
    void validateWhenDoctypeWithExternalEntityThenRefusesBeforeAnythingElse() {
        assertRefused(
                ErrorType.INVALID_XML_SAML_RESPONSE,
                response().afterSerializing(TestSamlIdpTampering::withExternalEntity));
    }

    @Test
    void validateWhenAnyDoctypeThenRefuses() {
        assertRefused(
                ErrorType.INVALID_XML_SAML_RESPONSE,
                response().afterSerializing(xml -> "<!DOCTYPE samlp:Response>" + xml));
    }

    @Test
    void validateWhenNestedDeeperThanTheCapThenRefusesAsInvalidXml() {
        String deep = "<a>".repeat(SecureXml.MAX_DEPTH + 1) + "</a>".repeat(SecureXml.MAX_DEPTH + 1);
        String nested = Base64.getEncoder().encodeToString(deep.getBytes(StandardCharsets.UTF_8));

        assertRefused(ErrorType.INVALID_XML_SAML_RESPONSE, () -> sp.validate(settings(), nested, REQUEST_ID, NOW));
    }

    @Test
    void validateWhenLargerThanTheCapThenRefuses() {
        String huge = "A".repeat(OneLoginServiceProvider.MAX_RESPONSE_CHARS + 4);

        assertRefused(ErrorType.INVALID_SAML_RESPONSE, () -> sp.validate(settings(), huge, REQUEST_ID, NOW));
    }

    @Test
    void validateWhenEmptyThenRefusesAsMissing() {
        assertRefused(ErrorType.MISSING_SAML_RESPONSE, () -> sp.validate(settings(), " ", REQUEST_ID, NOW));
    }

    @Test
    void validateWhenNotBase64ThenRefuses() {
        assertRefused(ErrorType.INVALID_SAML_RESPONSE, () -> sp.validate(settings(), "%%%not base64", REQUEST_ID, NOW));
    }

    @Test
    void validateWhenNotXmlThenRefuses() {
        String notXml = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));

        assertRefused(ErrorType.INVALID_XML_SAML_RESPONSE, () -> sp.validate(settings(), notXml, REQUEST_ID, NOW));
    }

    @Test
    void validateWhenNotAResponseThenRefuses() {
        String request = Base64.getEncoder()
                .encodeToString(
                        ("<samlp:AuthnRequest xmlns:samlp=\"" + SecureXml.SAMLP + "\" ID=\"_x\" Version=\"2.0\"/>")
                                .getBytes(StandardCharsets.UTF_8));

        assertRefused(ErrorType.INVALID_SAML_RESPONSE, () -> sp.validate(settings(), request, REQUEST_ID, NOW));
    }
}
