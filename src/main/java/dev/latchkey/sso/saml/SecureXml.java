package dev.latchkey.sso.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one way this package parses XML from outside: namespace-aware, no DTD at all (a DOCTYPE is a parse error, so
 * neither internal nor external entities, nor billion-laughs expansion, ever happen), no XInclude, no external
 * schema or stylesheet fetches.
 */
final class SecureXml {
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";

    /** The deepest element nesting accepted. */
    static final int MAX_DEPTH = 64;

    private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";

    private static final ErrorHandler FAIL_ON_ANYTHING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SecureXml() {}

    /** Parses {@code xml}; throws {@link SAXException} for a DOCTYPE or anything not well-formed. */
    static Document parse(byte[] xml) throws SAXException {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ANYTHING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not resolved");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
        } catch (IOException e) {
            throw new SAXException(e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // SAML documents are shallow (a signed response nests about 8 deep); a depth cap keeps a 512 KiB body of
        // nested elements from exhausting the stack in the recursive walks (ours, c14n) that follow.
        factory.setAttribute(MAX_ELEMENT_DEPTH, MAX_DEPTH);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }
}
