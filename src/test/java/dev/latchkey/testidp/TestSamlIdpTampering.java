package dev.latchkey.testidp;

import java.util.function.Consumer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Ready-made {@link TestSamlIdpResponse#afterSigning} hooks: the classic ways to make a signed SAML response say
 * something its signer did not.
 */
public final class TestSamlIdpTampering {
    private TestSamlIdpTampering() {}

    /** Replaces the NameID text after signing: the digest no longer matches. */
    public static Consumer<Document> changeNameId(String nameId) {
        return document -> assertion(document)
                .getElementsByTagNameNS(TestSamlIdpResponse.SAML, "NameID")
                .item(0)
                .setTextContent(nameId);
    }

    /** Changes an attribute on the Assertion (e.g. {@code IssueInstant}) after signing. */
    public static Consumer<Document> changeAssertionAttribute(String name, String value) {
        return document -> assertion(document).setAttribute(name, value);
    }

    /** Removes every ds:Signature, leaving an unsigned response that once was signed. */
    public static Consumer<Document> stripSignatures() {
        return document -> {
            var signatures = document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature");
            while (signatures.getLength() > 0) {
                Node signature = signatures.item(0);
                signature.getParentNode().removeChild(signature);
            }
        };
    }

    /**
     * Signature wrapping (XSW): the signed Assertion moves into a samlp:Extensions element of the Response, and an
     * unsigned copy (same ID, no signature, NameID {@code evilNameId}) takes its place, hoping the verifier finds the
     * signed one by ID while the reader uses the copy.
     */
    public static Consumer<Document> wrapAssertion(String evilNameId) {
        return document -> {
            Element response = document.getDocumentElement();
            Element signed = assertion(document);
            Element evil = (Element) signed.cloneNode(true);
            Node signature = evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")
                    .item(0);
            if (signature != null) {
                evil.removeChild(signature);
            }
            evil.getElementsByTagNameNS(TestSamlIdpResponse.SAML, "NameID")
                    .item(0)
                    .setTextContent(evilNameId);
            response.replaceChild(evil, signed);
            Element extensions = document.createElementNS(TestSamlIdpResponse.SAMLP, "samlp:Extensions");
            extensions.appendChild(signed);
            Node status = response.getElementsByTagNameNS(TestSamlIdpResponse.SAMLP, "Status")
                    .item(0);
            response.insertBefore(extensions, status);
        };
    }

    /** Appends a second, unsigned Assertion (another ID, NameID {@code evilNameId}) after the signed one. */
    public static Consumer<Document> addUnsignedAssertion(String evilNameId) {
        return document -> {
            Element signed = assertion(document);
            Element evil = (Element) signed.cloneNode(true);
            Node signature = evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")
                    .item(0);
            if (signature != null) {
                evil.removeChild(signature);
            }
            evil.setAttribute("ID", "_evil-" + signed.getAttribute("ID"));
            evil.getElementsByTagNameNS(TestSamlIdpResponse.SAML, "NameID")
                    .item(0)
                    .setTextContent(evilNameId);
            document.getDocumentElement().insertBefore(evil, signed);
        };
    }

    /** Prepends a DOCTYPE with an external entity and uses it in the NameID (XXE). */
    public static String withExternalEntity(String xml) {
        return "<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>"
                + xml.replaceFirst("(<saml:NameID[^>]*>)", "$1&xxe;");
    }

    private static Element assertion(Document document) {
        return (Element) document.getElementsByTagNameNS(TestSamlIdpResponse.SAML, "Assertion")
                .item(0);
    }
}
