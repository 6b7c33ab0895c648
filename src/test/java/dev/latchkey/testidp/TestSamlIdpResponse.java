package dev.latchkey.testidp;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds one SAMLResponse from {@link TestSamlIdp}. Every setter returns the builder; a null removes the
 * attribute or element where SAML allows it to be absent (e.g. {@code destination(null)}, {@code
 * inResponseTo(null)}). Times default relative to the {@code now} given to {@link TestSamlIdp#response(Instant)}.
 *
 * <p>Order of work in {@link #xml()}: template → {@link #beforeSigning} hooks → signatures ({@link #signed}) →
 * {@link #afterSigning} hooks (tampering that must break or bypass a signature) → serialization → {@link
 * #afterSerializing} (raw text, e.g. a DOCTYPE).
 */
public final class TestSamlIdpResponse {
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
    public static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public static final String RSA_SHA256 = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
    public static final String RSA_SHA1 = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1;
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

    /** Which elements carry an enveloped signature. */
    public enum Signed {
        ASSERTION,
        RESPONSE,
        BOTH,
        NONE
    }

    static {
        org.apache.xml.security.Init.init();
    }

    private final Instant now;
    private String responseId = "_resp-" + UUID.randomUUID();
    private String assertionId = "_assert-" + UUID.randomUUID();
    private String responseIssuer;
    private String assertionIssuer;
    private String status = SUCCESS;
    private String nameId = "user@example.com";
    private String nameIdFormat = EMAIL_FORMAT;
    private final Map<String, List<String>> attributes = new LinkedHashMap<>();
    private String audience = "https://sp.example.test";
    private String destination = "https://sp.example.test/acs";
    private String recipient = "https://sp.example.test/acs";
    private String inResponseTo;
    private String subjectInResponseTo;
    private boolean subjectInResponseToSet;
    private Instant notBefore;
    private Instant notOnOrAfter;
    private Instant subjectNotOnOrAfter;
    private Instant sessionNotOnOrAfter;
    private Signed signed = Signed.ASSERTION;
    private PrivateKey signingKey;
    private X509Certificate signingCertificate;
    private PrivateKey responseSigningKey;
    private X509Certificate responseSigningCertificate;
    private String signatureAlgorithm = RSA_SHA256;
    private String digestAlgorithm = SHA256;
    private final List<Consumer<Document>> beforeSigning = new ArrayList<>();
    private final List<Consumer<Document>> afterSigning = new ArrayList<>();
    private final List<UnaryOperator<String>> afterSerializing = new ArrayList<>();

    TestSamlIdpResponse(TestSamlIdp idp, Instant now) {
        this.now = now;
        this.responseIssuer = idp.entityId();
        this.assertionIssuer = idp.entityId();
        this.notBefore = now.minusSeconds(30);
        this.notOnOrAfter = now.plus(Duration.ofMinutes(5));
        this.subjectNotOnOrAfter = notOnOrAfter;
        this.signingKey = idp.privateKey();
        this.signingCertificate = idp.certificate();
    }

    /** Audience = {@code spEntityId}; Destination and Recipient = {@code acsUrl}. */
    public TestSamlIdpResponse to(String spEntityId, String acsUrl) {
        return audience(spEntityId).destination(acsUrl).recipient(acsUrl);
    }

    public TestSamlIdpResponse responseId(String id) {
        this.responseId = id;
        return this;
    }

    public TestSamlIdpResponse assertionId(String id) {
        this.assertionId = id;
        return this;
    }

    /** Issuer of both Response and Assertion. */
    public TestSamlIdpResponse issuer(String issuer) {
        this.responseIssuer = issuer;
        this.assertionIssuer = issuer;
        return this;
    }

    public TestSamlIdpResponse responseIssuer(String issuer) {
        this.responseIssuer = issuer;
        return this;
    }

    public TestSamlIdpResponse assertionIssuer(String issuer) {
        this.assertionIssuer = issuer;
        return this;
    }

    /** The top-level StatusCode Value, e.g. {@code urn:oasis:names:tc:SAML:2.0:status:Responder}. */
    public TestSamlIdpResponse status(String statusCode) {
        this.status = statusCode;
        return this;
    }

    public TestSamlIdpResponse nameId(String nameId) {
        this.nameId = nameId;
        return this;
    }

    public TestSamlIdpResponse nameIdFormat(String format) {
        this.nameIdFormat = format;
        return this;
    }

    /** Adds an Attribute with these values (call again with the same name for a second Attribute element). */
    public TestSamlIdpResponse attribute(String name, String... values) {
        attributes.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.of(values));
        return this;
    }

    public TestSamlIdpResponse audience(String audience) {
        this.audience = audience;
        return this;
    }

    public TestSamlIdpResponse destination(String destination) {
        this.destination = destination;
        return this;
    }

    public TestSamlIdpResponse recipient(String recipient) {
        this.recipient = recipient;
        return this;
    }

    /** InResponseTo on the Response and on the SubjectConfirmationData (unless set apart). */
    public TestSamlIdpResponse inResponseTo(String requestId) {
        this.inResponseTo = requestId;
        return this;
    }

    /** InResponseTo on the SubjectConfirmationData only, different from the Response's. */
    public TestSamlIdpResponse subjectInResponseTo(String requestId) {
        this.subjectInResponseTo = requestId;
        this.subjectInResponseToSet = true;
        return this;
    }

    /** Conditions NotBefore. */
    public TestSamlIdpResponse notBefore(Instant notBefore) {
        this.notBefore = notBefore;
        return this;
    }

    /** Conditions NotOnOrAfter and SubjectConfirmationData NotOnOrAfter. */
    public TestSamlIdpResponse notOnOrAfter(Instant notOnOrAfter) {
        this.notOnOrAfter = notOnOrAfter;
        this.subjectNotOnOrAfter = notOnOrAfter;
        return this;
    }

    /** Conditions NotOnOrAfter only. */
    public TestSamlIdpResponse conditionsNotOnOrAfter(Instant notOnOrAfter) {
        this.notOnOrAfter = notOnOrAfter;
        return this;
    }

    /** SubjectConfirmationData NotOnOrAfter only. */
    public TestSamlIdpResponse subjectNotOnOrAfter(Instant notOnOrAfter) {
        this.subjectNotOnOrAfter = notOnOrAfter;
        return this;
    }

    public TestSamlIdpResponse sessionNotOnOrAfter(Instant sessionNotOnOrAfter) {
        this.sessionNotOnOrAfter = sessionNotOnOrAfter;
        return this;
    }

    public TestSamlIdpResponse signed(Signed signed) {
        this.signed = signed;
        return this;
    }

    /** Signs with another key; its certificate goes into KeyInfo (which a correct SP ignores). */
    public TestSamlIdpResponse signWith(PrivateKey key, X509Certificate certificate) {
        this.signingKey = key;
        this.signingCertificate = certificate;
        return this;
    }

    /** Signs the Response (in {@link Signed#RESPONSE} or {@link Signed#BOTH}) with another key than the Assertion. */
    public TestSamlIdpResponse signResponseWith(PrivateKey key, X509Certificate certificate) {
        this.responseSigningKey = key;
        this.responseSigningCertificate = certificate;
        return this;
    }

    /** The SignatureMethod and DigestMethod URIs, e.g. {@link #RSA_SHA1} and {@link #SHA1}. */
    public TestSamlIdpResponse algorithms(String signatureAlgorithm, String digestAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
        this.digestAlgorithm = digestAlgorithm;
        return this;
    }

    /** Changes the document before it is signed (the signature covers the change). */
    public TestSamlIdpResponse beforeSigning(Consumer<Document> hook) {
        beforeSigning.add(hook);
        return this;
    }

    /** Changes the document after it is signed: tampering and wrapping (see {@link TestSamlIdpTampering}). */
    public TestSamlIdpResponse afterSigning(Consumer<Document> hook) {
        afterSigning.add(hook);
        return this;
    }

    /** Rewrites the serialized XML text, e.g. to prepend a DOCTYPE. */
    public TestSamlIdpResponse afterSerializing(UnaryOperator<String> hook) {
        afterSerializing.add(hook);
        return this;
    }

    public String assertionId() {
        return assertionId;
    }

    public String responseId() {
        return responseId;
    }

    /** The SAMLResponse form value: base64 of {@link #xml()}. */
    public String build() {
        return Base64.getEncoder().encodeToString(xml().getBytes(StandardCharsets.UTF_8));
    }

    public String xml() {
        Document document = parse(template());
        beforeSigning.forEach(hook -> hook.accept(document));
        Element response = document.getDocumentElement();
        Element assertion =
                (Element) response.getElementsByTagNameNS(SAML, "Assertion").item(0);
        if (signed == Signed.ASSERTION || signed == Signed.BOTH) {
            sign(assertion, signingKey, signingCertificate);
        }
        if (signed == Signed.RESPONSE || signed == Signed.BOTH) {
            boolean apart = responseSigningKey != null;
            sign(
                    response,
                    apart ? responseSigningKey : signingKey,
                    apart ? responseSigningCertificate : signingCertificate);
        }
        afterSigning.forEach(hook -> hook.accept(document));
        String xml = serialize(document);
        for (UnaryOperator<String> hook : afterSerializing) {
            xml = hook.apply(xml);
        }
        return xml;
    }

    /** An enveloped signature placed right after the element's Issuer, as the schema orders them. */
    private void sign(Element element, PrivateKey key, X509Certificate certificate) {
        try {
            Document document = element.getOwnerDocument();
            element.setIdAttributeNS(null, "ID", true);
            XMLSignature signature =
                    new XMLSignature(document, "", signatureAlgorithm, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            Element issuer =
                    (Element) element.getElementsByTagNameNS(SAML, "Issuer").item(0);
            if (issuer != null && issuer.getParentNode() == element) {
                element.insertBefore(signature.getElement(), issuer.getNextSibling());
            } else {
                element.insertBefore(signature.getElement(), element.getFirstChild());
            }
            Transforms transforms = new Transforms(document);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("#" + element.getAttribute("ID"), transforms, digestAlgorithm);
            signature.addKeyInfo(certificate);
            signature.sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the test response", e);
        }
    }

    private String template() {
        StringBuilder xml = new StringBuilder();
        xml.append("<samlp:Response xmlns:samlp=\"")
                .append(SAMLP)
                .append("\" xmlns:saml=\"")
                .append(SAML)
                .append("\" ID=\"")
                .append(escape(responseId))
                .append("\" Version=\"2.0\" IssueInstant=\"")
                .append(now)
                .append('"');
        optional(xml, "Destination", destination);
        optional(xml, "InResponseTo", inResponseTo);
        xml.append('>');
        if (responseIssuer != null) {
            xml.append("<saml:Issuer>").append(escape(responseIssuer)).append("</saml:Issuer>");
        }
        xml.append("<samlp:Status><samlp:StatusCode Value=\"")
                .append(escape(status))
                .append("\"/></samlp:Status>");
        xml.append("<saml:Assertion ID=\"")
                .append(escape(assertionId))
                .append("\" Version=\"2.0\" IssueInstant=\"")
                .append(now)
                .append("\">");
        if (assertionIssuer != null) {
            xml.append("<saml:Issuer>").append(escape(assertionIssuer)).append("</saml:Issuer>");
        }
        xml.append("<saml:Subject>");
        if (nameId != null) {
            xml.append("<saml:NameID");
            optional(xml, "Format", nameIdFormat);
            xml.append('>').append(escape(nameId)).append("</saml:NameID>");
        }
        xml.append("<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">")
                .append("<saml:SubjectConfirmationData");
        optional(xml, "InResponseTo", subjectInResponseToSet ? subjectInResponseTo : inResponseTo);
        optional(xml, "NotOnOrAfter", subjectNotOnOrAfter);
        optional(xml, "Recipient", recipient);
        xml.append("/></saml:SubjectConfirmation></saml:Subject>");
        xml.append("<saml:Conditions");
        optional(xml, "NotBefore", notBefore);
        optional(xml, "NotOnOrAfter", notOnOrAfter);
        xml.append('>');
        if (audience != null) {
            xml.append("<saml:AudienceRestriction><saml:Audience>")
                    .append(escape(audience))
                    .append("</saml:Audience></saml:AudienceRestriction>");
        }
        xml.append("</saml:Conditions>");
        xml.append("<saml:AuthnStatement AuthnInstant=\"")
                .append(now)
                .append("\" SessionIndex=\"_session-")
                .append(escape(assertionId))
                .append('"');
        optional(xml, "SessionNotOnOrAfter", sessionNotOnOrAfter);
        xml.append("><saml:AuthnContext><saml:AuthnContextClassRef>")
                .append("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
                .append("</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>");
        if (!attributes.isEmpty()) {
            xml.append("<saml:AttributeStatement>");
            attributes.forEach((name, values) -> {
                xml.append("<saml:Attribute Name=\"")
                        .append(escape(name))
                        .append("\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:basic\">");
                values.forEach(value -> xml.append("<saml:AttributeValue>")
                        .append(escape(value))
                        .append("</saml:AttributeValue>"));
                xml.append("</saml:Attribute>");
            });
            xml.append("</saml:AttributeStatement>");
        }
        xml.append("</saml:Assertion></samlp:Response>");
        return xml.toString();
    }

    private static void optional(StringBuilder xml, String attribute, Object value) {
        if (value != null) {
            xml.append(' ')
                    .append(attribute)
                    .append("=\"")
                    .append(escape(value.toString()))
                    .append('"');
        }
    }

    static String escape(String value) {
        return value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** Namespace-aware parsing of XML this test IdP (or our SP) wrote; DOCTYPEs refused here too. */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + xml, e);
        }
    }

    static String serialize(Document document) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
