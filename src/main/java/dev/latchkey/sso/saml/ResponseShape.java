package dev.latchkey.sso.saml;

import static dev.latchkey.sso.saml.OneLoginServiceProvider.refused;

import dev.latchkey.error.ErrorType;
import java.util.HashSet;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The structure a response must have before any signature is looked at: a SAML 2.0 samlp:Response, its Status, and
 * exactly one plain Assertion as its child, with every ID in the document unique.
 */
final class ResponseShape {
    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    private ResponseShape() {}

    static void requireResponse(Element response) {
        if (!SecureXml.SAMLP.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the document is not a samlp:Response");
        }
        if (!"2.0".equals(response.getAttribute("Version"))
                || response.getAttribute("ID").isEmpty()) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Response is not SAML 2.0 or has no ID");
        }
    }

    /** The Response's single, plain Assertion child (SAML 2.0, with an ID); IDs unique in the whole document. */
    static Element theOneAssertion(Element response) {
        Document document = response.getOwnerDocument();
        if (anywhere(document, "EncryptedAssertion")
                || anywhere(document, "EncryptedID")
                || anywhere(document, "EncryptedAttribute")) {
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

    static void checkStatus(Element response) {
        Element status = Dom.child(response, SecureXml.SAMLP, "Status");
        Element code = status == null ? null : Dom.child(status, SecureXml.SAMLP, "StatusCode");
        if (code == null || !SUCCESS.equals(code.getAttribute("Value"))) {
            String value = code == null ? "none" : code.getAttribute("Value");
            throw refused(ErrorType.FAILED_SAML_RESPONSE, "the IdP reported the sign-in failed (status " + value + ")");
        }
    }

    private static boolean anywhere(Document document, String localName) {
        return document.getElementsByTagNameNS(SecureXml.SAML, localName).getLength() > 0;
    }
}
