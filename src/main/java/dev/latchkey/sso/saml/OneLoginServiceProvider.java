package dev.latchkey.sso.saml;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
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

    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512");
    private static final Set<String> DIGEST_ALGORITHMS = Set.of(
            "http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384",
            "http://www.w3.org/2001/04/xmlenc#sha512");
    /** SAML core §5.4.4: the enveloped-signature transform and (exclusive) canonicalization, nothing else. */
    private static final Set<String> TRANSFORMS = Set.of(
            "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
            "http://www.w3.org/2001/10/xml-exc-c14n#",
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments");

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
        requireResponse(response);
        checkStatus(response); // before the assertion count: an IdP's error response carries no assertion
        Element assertion = theOneAssertion(response);
        verifySignatures(settings, samlResponseBase64, response, assertion);
        return AssertionRules.check(settings, response, assertion, expectedRequestId, now);
    }

    private static void requireResponse(Element response) {
        if (!SecureXml.SAMLP.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the document is not a samlp:Response");
        }
        if (!"2.0".equals(response.getAttribute("Version"))
                || response.getAttribute("ID").isEmpty()) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Response is not SAML 2.0 or has no ID");
        }
    }

    /** The Response's single, plain Assertion child (SAML 2.0, with an ID); IDs unique in the whole document. */
    private static Element theOneAssertion(Element response) {
        Document document = response.getOwnerDocument();
        if (document.getElementsByTagNameNS(SecureXml.SAML, "EncryptedAssertion")
                                .getLength()
                        > 0
                || document.getElementsByTagNameNS(SecureXml.SAML, "EncryptedID")
                                .getLength()
                        > 0
                || document.getElementsByTagNameNS(SecureXml.SAML, "EncryptedAttribute")
                                .getLength()
                        > 0) {
            throw refused(
                    ErrorType.INVALID_SAML_RESPONSE,
                    "encrypted assertions are not supported: configure the IdP to sign, not encrypt");
        }
        // Counting every Assertion anywhere (not only children) defeats wrapping: a second, unsigned assertion
        // hidden in Extensions, an Advice or an Object can never be the one we read.
        NodeList assertions = document.getElementsByTagNameNS(SecureXml.SAML, "Assertion");
        if (assertions.getLength() != 1 || assertions.item(0).getParentNode() != response) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Response must hold exactly one Assertion");
        }
        requireUniqueIds(response, new HashSet<>());
        Element assertion = (Element) assertions.item(0);
        if (!"2.0".equals(assertion.getAttribute("Version"))
                || assertion.getAttribute("ID").isEmpty()) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Assertion is not SAML 2.0 or has no ID");
        }
        return assertion;
    }

    /** Two elements with one ID would let a signature reference one and the reader use the other. */
    private static void requireUniqueIds(Element element, Set<String> seen) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            String name = attribute.getLocalName() == null ? attribute.getNodeName() : attribute.getLocalName();
            if ((name.equals("ID") || name.equals("Id") || name.equals("id")) && !seen.add(attribute.getNodeValue())) {
                throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Response repeats an ID");
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                requireUniqueIds(childElement, seen);
            }
        }
    }

    private static void checkStatus(Element response) {
        Element status = AssertionRules.child(response, SecureXml.SAMLP, "Status");
        Element code = status == null ? null : AssertionRules.child(status, SecureXml.SAMLP, "StatusCode");
        if (code == null || !SUCCESS.equals(code.getAttribute("Value"))) {
            String value = code == null ? "none" : code.getAttribute("Value");
            throw refused(ErrorType.FAILED_SAML_RESPONSE, "the IdP reported the sign-in failed (status " + value + ")");
        }
    }

    /**
     * Requires a signature on the Response or on the Assertion (each a direct child ds:Signature), only modern
     * algorithms and plain transforms, then lets java-saml-core verify every signature with the pinned certificates
     * only: it is given certificates and no fingerprint, so a certificate inside KeyInfo is never used.
     */
    private static void verifySignatures(
            SamlSettings settings, String samlResponseBase64, Element response, Element assertion) {
        Element responseSignature = AssertionRules.child(response, SecureXml.DS, "Signature");
        Element assertionSignature = AssertionRules.child(assertion, SecureXml.DS, "Signature");
        if (responseSignature == null && assertionSignature == null) {
            throw refused(
                    ErrorType.MISSING_SIGNATURE_SAML_RESPONSE, "neither the Response nor its Assertion is signed");
        }
        NodeList signatures = response.getOwnerDocument().getElementsByTagNameNS(SecureXml.DS, "Signature");
        for (int i = 0; i < signatures.getLength(); i++) {
            Element signature = (Element) signatures.item(i);
            if (signature != responseSignature && signature != assertionSignature) {
                throw refused(
                        ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                        "a signature sits on neither Response nor Assertion");
            }
            requireModernAlgorithms(signature);
        }
        if (settings.idpCertificates().isEmpty()) {
            throw refused(ErrorType.INVALID_SIGNATURE_SAML_RESPONSE, "the connection has no IdP certificate");
        }
        SamlResponse library;
        try {
            library = new SamlResponse(
                    librarySettings(settings),
                    new HttpRequest(settings.acsUrl(), Map.of("SAMLResponse", List.of(samlResponseBase64)), ""));
        } catch (Exception e) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Response cannot be read: " + e.getMessage());
        }
        if (!library.isValid(null)) {
            throw refused(ErrorType.INVALID_SIGNATURE_SAML_RESPONSE, "signature refused: " + library.getError());
        }
    }

    private static void requireModernAlgorithms(Element signature) {
        for (Element method : AssertionRules.descendants(signature, SecureXml.DS, "SignatureMethod")) {
            if (!SIGNATURE_ALGORITHMS.contains(method.getAttribute("Algorithm"))) {
                throw refused(
                        ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                        "signature algorithm not accepted: " + method.getAttribute("Algorithm"));
            }
        }
        for (Element method : AssertionRules.descendants(signature, SecureXml.DS, "DigestMethod")) {
            if (!DIGEST_ALGORITHMS.contains(method.getAttribute("Algorithm"))) {
                throw refused(
                        ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                        "digest algorithm not accepted: " + method.getAttribute("Algorithm"));
            }
        }
        for (Element transform : AssertionRules.descendants(signature, SecureXml.DS, "Transform")) {
            if (!TRANSFORMS.contains(transform.getAttribute("Algorithm"))) {
                throw refused(
                        ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                        "transform not accepted: " + transform.getAttribute("Algorithm"));
            }
        }
    }

    /** Non-strict: the library checks signatures only; its clock-bound checks are replaced by ours. */
    private static Saml2Settings librarySettings(SamlSettings settings) {
        Map<String, Object> values = new HashMap<>();
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, false);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, settings.spEntityId());
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, settings.acsUrl());
        values.put(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY, settings.idpEntityId());
        values.put(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY, settings.idpSsoUrl());
        values.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        Saml2Settings library = new SettingsBuilder().fromValues(values).build();
        library.setStrict(false);
        library.setRejectDeprecatedAlg(true);
        library.setIdpx509certMulti(settings.idpCertificates());
        return library;
    }

    static ApiException refused(ErrorType type, String message) {
        return new ApiException(type, message);
    }
}
