package dev.latchkey.sso.saml;

import static dev.latchkey.sso.saml.OneLoginServiceProvider.refused;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import dev.latchkey.error.ErrorType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The signature rules: where signatures may sit, which algorithms they may use, and their verification against the
 * connection's pinned certificates by java-saml-core (non-strict: signatures and its anti-wrapping rules only — it
 * requires each signed element to be the Response or the Assertion, referenced by its own ID, once).
 */
final class SignatureRules {
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

    private SignatureRules() {}

    /**
     * Requires a signature on the Response or on the Assertion (each a direct child ds:Signature), only modern
     * algorithms and plain transforms, then lets java-saml-core verify every signature with the pinned certificates
     * only: it is given certificates and no fingerprint, so a certificate inside KeyInfo is never used.
     */
    static void verify(SamlSettings settings, String samlResponseBase64, Element response, Element assertion) {
        Element responseSignature = Dom.child(response, SecureXml.DS, "Signature");
        Element assertionSignature = Dom.child(assertion, SecureXml.DS, "Signature");
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
        for (Element method : Dom.descendants(signature, SecureXml.DS, "SignatureMethod")) {
            if (!SIGNATURE_ALGORITHMS.contains(method.getAttribute("Algorithm"))) {
                throw refused(
                        ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                        "signature algorithm not accepted: " + method.getAttribute("Algorithm"));
            }
        }
        for (Element method : Dom.descendants(signature, SecureXml.DS, "DigestMethod")) {
            if (!DIGEST_ALGORITHMS.contains(method.getAttribute("Algorithm"))) {
                throw refused(
                        ErrorType.INVALID_SIGNATURE_SAML_RESPONSE,
                        "digest algorithm not accepted: " + method.getAttribute("Algorithm"));
            }
        }
        for (Element transform : Dom.descendants(signature, SecureXml.DS, "Transform")) {
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
}
