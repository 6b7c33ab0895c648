package dev.latchkey.sso.saml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a connection needs from an IdP's metadata (SAML metadata §2.4.3 IDPSSODescriptor): its entity id, its
 * single sign-on URL and the certificates it signs with.
 */
public record SamlMetadata(String entityId, String ssoUrl, List<X509Certificate> signingCertificates) {
    static final String REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    static final String POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    public SamlMetadata {
        signingCertificates = List.copyOf(signingCertificates);
    }

    /**
     * Reads an EntityDescriptor (or the first one with an IDPSSODescriptor inside an EntitiesDescriptor). The SSO URL
     * is the HTTP-Redirect endpoint, else the HTTP-POST one, else null; the certificates are every KeyDescriptor
     * whose use is {@code signing} or unspecified.
     *
     * @throws SamlMetadataException when the XML is malformed, carries a DOCTYPE, or has no IDPSSODescriptor
     */
    public static SamlMetadata parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new SamlMetadataException("the metadata is empty");
        }
        Document document;
        try {
            document = SecureXml.parse(xml.strip().getBytes(StandardCharsets.UTF_8));
        } catch (SAXException e) {
            throw new SamlMetadataException("the metadata is not well-formed XML without a DOCTYPE");
        }
        Element idp = firstChild(document.getDocumentElement(), "IDPSSODescriptor");
        NodeList entities = document.getElementsByTagNameNS(SecureXml.MD, "EntityDescriptor");
        for (int i = 0; idp == null && i < entities.getLength(); i++) {
            idp = firstChild((Element) entities.item(i), "IDPSSODescriptor");
        }
        if (idp == null) {
            throw new SamlMetadataException("the metadata has no IDPSSODescriptor");
        }
        Element entity = (Element) idp.getParentNode();
        String entityId = entity.getAttribute("entityID").strip();
        if (entityId.isEmpty()) {
            throw new SamlMetadataException("the EntityDescriptor has no entityID");
        }
        return new SamlMetadata(entityId, ssoUrl(idp), signingCertificates(idp));
    }

    private static String ssoUrl(Element idp) {
        String post = null;
        for (Element service : children(idp, "SingleSignOnService")) {
            String location = service.getAttribute("Location").strip();
            if (REDIRECT_BINDING.equals(service.getAttribute("Binding")) && !location.isEmpty()) {
                return location;
            }
            if (POST_BINDING.equals(service.getAttribute("Binding")) && !location.isEmpty() && post == null) {
                post = location;
            }
        }
        return post;
    }

    private static List<X509Certificate> signingCertificates(Element idp) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element key : children(idp, "KeyDescriptor")) {
            String use = key.getAttribute("use");
            if (!use.isEmpty() && !use.equals("signing")) {
                continue;
            }
            NodeList encoded = key.getElementsByTagNameNS(SecureXml.DS, "X509Certificate");
            for (int i = 0; i < encoded.getLength(); i++) {
                X509Certificate certificate = certificate(encoded.item(i).getTextContent());
                if (!certificates.contains(certificate)) {
                    certificates.add(certificate);
                }
            }
        }
        return certificates;
    }

    /**
     * Parses one X.509 certificate given as PEM ({@code -----BEGIN CERTIFICATE-----} armour) or as the bare base64
     * DER that metadata carries; whitespace and line breaks are allowed.
     *
     * @throws SamlMetadataException when it is not one readable certificate
     */
    public static X509Certificate parseCertificate(String pemOrBase64) {
        if (pemOrBase64 == null || pemOrBase64.isBlank()) {
            throw new SamlMetadataException("the certificate is empty");
        }
        String base64 = pemOrBase64.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
        if (base64.contains("-----")) {
            throw new SamlMetadataException("the PEM holds something other than one certificate");
        }
        return certificate(base64);
    }

    /** Parses one base64 DER certificate as metadata and KeyInfo carry it (whitespace allowed). */
    static X509Certificate certificate(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            // generateCertificates, not generateCertificate: the latter would read the first of two and drop the rest
            var certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(der));
            if (certificates.size() == 1 && certificates.iterator().next() instanceof X509Certificate certificate) {
                return certificate;
            }
        } catch (CertificateException | IllegalArgumentException e) {
            // reported below
        }
        throw new SamlMetadataException("a certificate cannot be read: it must be exactly one X.509 certificate");
    }

    private static Element firstChild(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element
                    && SecureXml.MD.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }
}
