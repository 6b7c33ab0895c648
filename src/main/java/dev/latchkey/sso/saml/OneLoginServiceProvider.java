package dev.latchkey.sso.saml;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.time.Instant;
import java.util.Base64;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The standard {@link SamlServiceProvider}: java-saml-core (non-strict) verifies the XML signatures against the
 * pinned certificates and holds its anti-wrapping rules (signed elements must be the Response or the Assertion,
 * referenced by their own ID, one reference each); everything it would check against the system clock, and every
 * other rule, is ours ({@link AssertionRules}), judged at the {@code now} the caller passes.
 *
 * <p>Order matters for what a refusal is called: shape (one Response, one plain Assertion), Status, signatures, then
 * the assertion's content. Nothing is read from the assertion until its signature has been verified.
 */
final class OneLoginServiceProvider implements SamlServiceProvider {
    /** The largest SAMLResponse accepted (base64 characters); real ones are a few KiB, groups lists some tens. */
    static final int MAX_RESPONSE_CHARS = 512 * 1024;

    @Override
    public SamlAuthnRequest authnRequest(SamlSettings settings, String relayState, Instant now) {
        return AuthnRequests.build(settings, relayState, now);
    }

    @Override
    public SamlAssertion validate(
            SamlSettings settings, String samlResponseBase64, String expectedRequestId, Instant now) {
        if (samlResponseBase64 == null || samlResponseBase64.isBlank()) {
            throw refused(ErrorType.MISSING_SAML_RESPONSE, "SAMLResponse is missing");
        }
        if (samlResponseBase64.length() > MAX_RESPONSE_CHARS) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "SAMLResponse is larger than " + MAX_RESPONSE_CHARS);
        }
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(samlResponseBase64.strip());
        } catch (IllegalArgumentException e) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "SAMLResponse is not base64");
        }
        Document document;
        try {
            document = SecureXml.parse(xml);
        } catch (SAXException e) {
            throw refused(
                    ErrorType.INVALID_XML_SAML_RESPONSE,
                    "SAMLResponse is not well-formed XML (a DOCTYPE is never accepted)");
        }
        Element response = document.getDocumentElement();
        ResponseShape.requireResponse(response);
        ResponseShape.checkStatus(response); // before the assertion count: an IdP's error response has none
        Element assertion = ResponseShape.theOneAssertion(response);
        SignatureRules.verify(settings, samlResponseBase64, response, assertion);
        return AssertionRules.check(settings, response, assertion, expectedRequestId, now);
    }

    static ApiException refused(ErrorType type, String message) {
        return new ApiException(type, message);
    }
}
