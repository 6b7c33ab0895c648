package dev.latchkey.sso.saml;

import dev.latchkey.error.ApiException;
import java.time.Instant;

/**
 * Our side of SAML 2.0 Web Browser SSO: build the AuthnRequest, validate what the IdP posts back. Pure: no storage,
 * no HTTP server types, time passed in.
 *
 * <p>Every refusal is an {@link ApiException} whose {@link dev.latchkey.error.ErrorType} names the reason (the "SAML
 * responses" group of ErrorType, status 400); the precise detail is in the message. Replay detection is the
 * caller's: it records {@link SamlAssertion#assertionId()} until {@link SamlAssertion#notOnOrAfter()}.
 */
public interface SamlServiceProvider {

    /** A fresh AuthnRequest for the HTTP-Redirect binding, carrying {@code relayState}. */
    SamlAuthnRequest authnRequest(SamlSettings settings, String relayState, Instant now);

    /**
     * Validates a base64 {@code SAMLResponse} (HTTP-POST binding) and returns what its assertion says.
     *
     * @param expectedRequestId the AuthnRequest id this response must answer, or null for IdP-initiated (then a
     *     response WITH InResponseTo is refused as {@code unsolicited_saml_response})
     * @throws ApiException {@code missing_saml_response}, {@code invalid_saml_response}, {@code
     *     invalid_xml_saml_response}, {@code failed_saml_response}, {@code missing_signature_saml_response}, {@code
     *     invalid_signature_saml_response}, {@code expired_saml_response}, {@code not_yet_valid_saml_response},
     *     {@code invalid_audience_saml_response}, {@code unsolicited_saml_response}; a wrong Destination,
     *     Recipient or Issuer is {@code invalid_saml_response} (Stytch has no narrower name for them)
     */
    SamlAssertion validate(SamlSettings settings, String samlResponseBase64, String expectedRequestId, Instant now);

    /** The java-saml-core backed implementation, with our own checks on top (see {@link OneLoginServiceProvider}). */
    static SamlServiceProvider standard() {
        return new OneLoginServiceProvider();
    }
}
