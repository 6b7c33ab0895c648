package dev.latchkey.sso.saml;

import static dev.latchkey.sso.saml.SamlServiceProviderTest.ACS;
import static dev.latchkey.sso.saml.SamlServiceProviderTest.IDP;
import static dev.latchkey.sso.saml.SamlServiceProviderTest.NOW;
import static dev.latchkey.sso.saml.SamlServiceProviderTest.SP;
import static dev.latchkey.sso.saml.SamlServiceProviderTest.SP_CERTIFICATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testidp.TestSamlIdp;
import dev.latchkey.testidp.TestSamlIdpResponse;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AuthnRequests for the HTTP-Redirect binding, read back the way an IdP reads them. */
class SamlAuthnRequestTest {
    final SamlServiceProvider sp = SamlServiceProvider.standard();

    @Test
    void authnRequestIsSignedWithTheSpKeyAndCarriesRelayState() {
        String relayState = "relay state/with+odd&chars=";

        SamlAuthnRequest request = sp.authnRequest(SamlServiceProviderTest.settings(), relayState, NOW);
        TestSamlIdp.AuthnRequestSeen seen = TestSamlIdp.readAuthnRequest(request.redirectUrl());

        assertThat(request.redirectUrl().toString()).startsWith(IDP.ssoUrl() + "?SAMLRequest=");
        assertThat(seen.relayState()).isEqualTo(relayState);
        assertThat(seen.sigAlg()).isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(seen.signatureVerifies(SP_CERTIFICATE)).isTrue();
        assertThat(seen.signatureVerifies(IDP.certificate())).isFalse();
        assertThat(seen.id()).isEqualTo(request.requestId()).startsWith("_").hasSize(41);
        assertThat(seen.issuer()).isEqualTo(SP);
        assertThat(seen.acsUrl()).isEqualTo(ACS);
        assertThat(seen.destination()).isEqualTo(IDP.ssoUrl());
        assertThat(seen.issueInstant()).isEqualTo("2026-11-27T12:00:00Z");
        assertThat(request.issuedAt()).isEqualTo(NOW);
        assertThat(seen.nameIdFormat()).isEqualTo(TestSamlIdpResponse.EMAIL_FORMAT);
        assertThat(seen.xml().getDocumentElement().getAttribute("ProtocolBinding"))
                .isEqualTo("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    }

    @Test
    void authnRequestWhenRelayStateTamperedThenSignatureNoLongerVerifies() {
        URI url = sp.authnRequest(SamlServiceProviderTest.settings(), "state-1", NOW)
                .redirectUrl();
        URI tampered = URI.create(url.toString().replace("RelayState=state-1", "RelayState=state-2"));

        assertThat(TestSamlIdp.readAuthnRequest(tampered).signatureVerifies(SP_CERTIFICATE))
                .isFalse();
    }

    @Test
    void authnRequestIdsAreFreshEachTime() {
        SamlSettings settings = SamlServiceProviderTest.settings();

        assertThat(sp.authnRequest(settings, "s", NOW).requestId())
                .isNotEqualTo(sp.authnRequest(settings, "s", NOW).requestId());
    }

    @Test
    void authnRequestWithoutSpKeyIsUnsigned() {
        SamlSettings base = SamlServiceProviderTest.settings();
        SamlSettings unsigned = new SamlSettings(
                base.spEntityId(),
                base.acceptedAudiences(),
                base.acsUrl(),
                base.acceptedDestinations(),
                base.idpEntityId(),
                base.idpSsoUrl(),
                base.idpCertificates(),
                null,
                null,
                null);

        TestSamlIdp.AuthnRequestSeen seen =
                TestSamlIdp.readAuthnRequest(sp.authnRequest(unsigned, "s", NOW).redirectUrl());

        assertThat(seen.signature()).isNull();
        assertThat(seen.sigAlg()).isNull();
        assertThat(seen.nameIdFormat()).isNull();
        assertThat(seen.relayState()).isEqualTo("s");
    }

    @Test
    void authnRequestWhenSsoUrlHasAQueryThenAppendsToIt() {
        SamlSettings base = SamlServiceProviderTest.settings();
        SamlSettings withQuery = new SamlSettings(
                base.spEntityId(),
                base.acceptedAudiences(),
                base.acsUrl(),
                base.acceptedDestinations(),
                base.idpEntityId(),
                "https://idp.example.test/sso?tenant=acme",
                List.of(IDP.certificate()),
                base.spSigningKey(),
                base.spSigningCertificate(),
                base.nameIdFormat());

        URI url = sp.authnRequest(withQuery, "s", NOW).redirectUrl();

        assertThat(url.toString()).startsWith("https://idp.example.test/sso?tenant=acme&SAMLRequest=");
    }

    @Test
    void authnRequestAnsweredByTheTestIdpValidates() {
        SamlSettings settings = SamlServiceProviderTest.settings();
        SamlAuthnRequest request = sp.authnRequest(settings, "relay", NOW);
        TestSamlIdp.AuthnRequestSeen seen = TestSamlIdp.readAuthnRequest(request.redirectUrl());

        String response = IDP.response(NOW)
                .to(seen.issuer(), seen.acsUrl())
                .inResponseTo(seen.id())
                .build();

        assertThat(sp.validate(settings, response, request.requestId(), NOW).inResponseTo())
                .isEqualTo(request.requestId());
    }
}
