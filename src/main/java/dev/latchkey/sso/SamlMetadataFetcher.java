package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.io.IOException;
import java.io.StringReader;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads an IdP's SAML 2.0 metadata document (saml-metadata-2.0-os) from a URL: the {@code entityID}, the
 * {@code SingleSignOnService} location (HTTP-Redirect binding preferred, then HTTP-POST, as Latchkey sends its
 * AuthnRequests by redirect), and the signing certificates. The XML is parsed with DTDs refused outright and external
 * entities and schemas off, so a document cannot make the server read files or fetch other URLs (XXE).
 */
public final class SamlMetadataFetcher {
    static final String METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    static final String REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    static final String POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    private final RemoteDocuments remote = new RemoteDocuments();

    /**
     * The metadata at {@code url}. Raises {@code invalid_saml_metadata_url} when it cannot be fetched,
     * {@code invalid_xml_from_saml_metadata_url} when it is not acceptable XML (a DOCTYPE included), and
     * {@code saml_connection_metadata_invalid_format} when it lacks an IdP entity id, SSO URL or certificate.
     */
    SamlMetadata fetch(String url, boolean httpsOnly) {
        String xml;
        try {
            xml = remote.fetch(url, httpsOnly);
        } catch (RemoteDocuments.FetchFailed e) {
            throw new ApiException(ErrorType.INVALID_SAML_METADATA_URL, "metadata_url: " + e.getMessage() + ".");
        }
        return parse(xml);
    }

    static SamlMetadata parse(String xml) {
        Document doc;
        try {
            DocumentBuilder builder = secureFactory().newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not read");
            });
            builder.setErrorHandler(null);
            doc = builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new ApiException(
                    ErrorType.INVALID_XML_FROM_SAML_METADATA_URL,
                    "The metadata is not well-formed XML without a DOCTYPE.");
        }
        Element entity = idpEntity(doc);
        Element idp = first(entity, METADATA_NS, "IDPSSODescriptor");
        String entityId = entity.getAttribute("entityID");
        String ssoUrl = ssoLocation(idp, REDIRECT_BINDING);
        if (ssoUrl.isEmpty()) {
            ssoUrl = ssoLocation(idp, POST_BINDING);
        }
        List<X509Certificate> certificates = signingCertificates(idp);
        if (entityId.isEmpty() || ssoUrl.isEmpty() || certificates.isEmpty()) {
            throw invalidFormat("The metadata needs an IdP entityID, a SingleSignOnService (HTTP-Redirect or"
                    + " HTTP-POST) and a signing certificate.");
        }
        return new SamlMetadata(entityId, ssoUrl, certificates);
    }

    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // OWASP XXE prevention: no DOCTYPE at all, which also rules out entity expansion ("billion laughs").
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    /** The EntityDescriptor with an IDPSSODescriptor: the root, or the first such one in an EntitiesDescriptor. */
    private static Element idpEntity(Document doc) {
        Element root = doc.getDocumentElement();
        if (isEntity(root)) {
            return root;
        }
        NodeList entities = root.getElementsByTagNameNS(METADATA_NS, "EntityDescriptor");
        for (int i = 0; i < entities.getLength(); i++) {
            Element e = (Element) entities.item(i);
            if (isEntity(e)) {
                return e;
            }
        }
        throw invalidFormat("The metadata has no EntityDescriptor with an IDPSSODescriptor.");
    }

    private static boolean isEntity(Element e) {
        return METADATA_NS.equals(e.getNamespaceURI())
                && "EntityDescriptor".equals(e.getLocalName())
                && e.getElementsByTagNameNS(METADATA_NS, "IDPSSODescriptor").getLength() > 0;
    }

    private static String ssoLocation(Element idp, String binding) {
        NodeList services = idp.getElementsByTagNameNS(METADATA_NS, "SingleSignOnService");
        for (int i = 0; i < services.getLength(); i++) {
            Element s = (Element) services.item(i);
            if (binding.equals(s.getAttribute("Binding"))) {
                return s.getAttribute("Location").trim();
            }
        }
        return "";
    }

    /** The certificates of KeyDescriptors for signing (a KeyDescriptor without {@code use} serves both uses). */
    private static List<X509Certificate> signingCertificates(Element idp) {
        List<X509Certificate> out = new ArrayList<>();
        NodeList keys = idp.getElementsByTagNameNS(METADATA_NS, "KeyDescriptor");
        for (int i = 0; i < keys.getLength() && out.size() < SsoRules.MAX_CERTIFICATES; i++) {
            Element k = (Element) keys.item(i);
            String use = k.getAttribute("use");
            if (!use.isEmpty() && !"signing".equals(use)) {
                continue;
            }
            NodeList certs = k.getElementsByTagNameNS(DSIG_NS, "X509Certificate");
            for (int j = 0; j < certs.getLength(); j++) {
                byte[] der;
                try {
                    der = Base64.getMimeDecoder()
                            .decode(certs.item(j).getTextContent().trim());
                } catch (IllegalArgumentException e) {
                    throw invalidFormat("An X509Certificate of the metadata is not base64.");
                }
                X509Certificate c = Pem.certificate(der);
                if (out.stream().noneMatch(c::equals)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static Element first(Element parent, String ns, String name) {
        return (Element) parent.getElementsByTagNameNS(ns, name).item(0);
    }

    private static ApiException invalidFormat(String message) {
        return new ApiException(ErrorType.SAML_CONNECTION_METADATA_INVALID_FORMAT, message);
    }
}
