package dev.latchkey.testidp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SAML 2.0 identity provider for tests, in-process and OpenSAML-free: it has its own RSA key and self-signed
 * certificate, publishes metadata, reads our AuthnRequests and signs responses with Santuario (xmlsec).
 *
 * <pre>{@code
 * TestSamlIdp idp = TestSamlIdp.create();                       // or create(entityId)
 * SamlSettings settings = ...idp.entityId(), idp.ssoUrl(), List.of(idp.certificate())...;
 * TestSamlIdp.AuthnRequestSeen request = TestSamlIdp.readAuthnRequest(authn.redirectUrl());
 * String samlResponse = idp.response(now)                        // every time relative to now
 *         .to(settings.spEntityId(), settings.acsUrl())          // Audience, Destination and Recipient
 *         .inResponseTo(request.id())                            // omit for IdP-initiated
 *         .nameId("ada@example.com")
 *         .attribute("email", "ada@example.com")
 *         .attribute("groups", "admins", "engineers")            // multi-valued
 *         .build();                                              // base64, as the form field SAMLResponse
 * }</pre>
 *
 * See {@link TestSamlIdpResponse} for every knob (signed part, foreign key, sha1, times, tampering hooks) and {@link
 * TestSamlIdpTampering} for ready-made attacks.
 */
public final class TestSamlIdp {
    public static final String DEFAULT_ENTITY_ID = "https://idp.example.test/saml/metadata";
    public static final String DEFAULT_SSO_URL = "https://idp.example.test/saml/sso";

    private final String entityId;
    private final String ssoUrl;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private TestSamlIdp(String entityId, String ssoUrl, PrivateKey privateKey, X509Certificate certificate) {
        this.entityId = entityId;
        this.ssoUrl = ssoUrl;
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** An IdP with the default entity id and SSO URL and a fresh 2048-bit RSA key. */
    public static TestSamlIdp create() {
        return create(DEFAULT_ENTITY_ID);
    }

    public static TestSamlIdp create(String entityId) {
        KeyPair keys = newKeyPair();
        return new TestSamlIdp(entityId, DEFAULT_SSO_URL, keys.getPrivate(), selfSigned(keys, "test-idp"));
    }

    /** The same entity id and SSO URL with another key: what a key rotation (or an impostor) looks like. */
    public TestSamlIdp withNewKey() {
        KeyPair keys = newKeyPair();
        return new TestSamlIdp(entityId, ssoUrl, keys.getPrivate(), selfSigned(keys, "test-idp-other"));
    }

    public String entityId() {
        return entityId;
    }

    public String ssoUrl() {
        return ssoUrl;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate as PEM, as an admin pastes it into {@code x509_certificate}. */
    public String certificatePem() {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** The certificate's base64 DER, without PEM armour or line breaks. */
    public String certificateBase64() {
        return Base64.getEncoder().encodeToString(der());
    }

    /** EntityDescriptor with one IDPSSODescriptor: signing key, HTTP-Redirect and HTTP-POST SSO endpoints. */
    public String metadataXml() {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\""
                + TestSamlIdpResponse.escape(entityId) + "\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\""
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                + "<ds:X509Data><ds:X509Certificate>" + certificateBase64() + "</ds:X509Certificate></ds:X509Data>"
                + "</ds:KeyInfo></md:KeyDescriptor>"
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\""
                + TestSamlIdpResponse.escape(ssoUrl) + "\"/>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\""
                + TestSamlIdpResponse.escape(ssoUrl) + "\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /**
     * A response builder with these defaults: Status Success; Issuer this IdP on Response and Assertion; NameID
     * {@code user@example.com} (emailAddress format); Audience {@code https://sp.example.test}, Destination and
     * Recipient {@code https://sp.example.test/acs}; NotBefore now−30 s, NotOnOrAfter now+5 min; no InResponseTo;
     * the Assertion signed RSA-SHA256/SHA-256 with exclusive c14n by this IdP's key.
     */
    public TestSamlIdpResponse response(Instant now) {
        return new TestSamlIdpResponse(this, now);
    }

    /** What an AuthnRequest redirect carried; {@code signedQuery} is the exact octets its signature covers. */
    public record AuthnRequestSeen(
            String id,
            String issuer,
            String acsUrl,
            String destination,
            String issueInstant,
            String nameIdFormat,
            String relayState,
            String sigAlg,
            String signature,
            String signedQuery,
            Document xml) {

        /** Whether the HTTP-Redirect signature (bindings §3.4.4.1) verifies with {@code spCertificate}. */
        public boolean signatureVerifies(X509Certificate spCertificate) {
            if (signature == null) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(spCertificate.getPublicKey());
                verifier.update(signedQuery.getBytes(StandardCharsets.UTF_8));
                return verifier.verify(Base64.getDecoder().decode(signature));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** Reads the AuthnRequest out of an HTTP-Redirect URL: query split, SAMLRequest base64-decoded and inflated. */
    public static AuthnRequestSeen readAuthnRequest(URI redirectUrl) {
        String rawQuery = redirectUrl.getRawQuery();
        Map<String, String> raw = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            raw.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        StringBuilder signedQuery = new StringBuilder("SAMLRequest=").append(raw.get("SAMLRequest"));
        if (raw.containsKey("RelayState")) {
            signedQuery.append("&RelayState=").append(raw.get("RelayState"));
        }
        if (raw.containsKey("SigAlg")) {
            signedQuery.append("&SigAlg=").append(raw.get("SigAlg"));
        }
        String xml = inflate(Base64.getDecoder().decode(decode(raw.get("SAMLRequest"))));
        Document document = TestSamlIdpResponse.parse(xml);
        Element request = document.getDocumentElement();
        Element policy = (Element) request.getElementsByTagNameNS(TestSamlIdpResponse.SAMLP, "NameIDPolicy")
                .item(0);
        return new AuthnRequestSeen(
                request.getAttribute("ID"),
                request.getElementsByTagNameNS(TestSamlIdpResponse.SAML, "Issuer")
                        .item(0)
                        .getTextContent(),
                request.getAttribute("AssertionConsumerServiceURL"),
                request.getAttribute("Destination"),
                request.getAttribute("IssueInstant"),
                policy == null || !policy.hasAttribute("Format") ? null : policy.getAttribute("Format"),
                decode(raw.get("RelayState")),
                decode(raw.get("SigAlg")),
                decode(raw.get("Signature")),
                signedQuery.toString(),
                document);
    }

    private static String decode(String value) {
        return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("SAMLRequest is not raw DEFLATE", e);
        } finally {
            inflater.end();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed SHA256withRSA certificate for {@code keys}, valid 2000–2099 (tests move clocks freely). */
    public static X509Certificate selfSigned(KeyPair keys, String commonName) {
        try {
            AlgorithmIdentifier sha256WithRsa =
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
            X500Name name = new X500Name("CN=" + commonName);
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, new SecureRandom()).setBit(0)));
            tbs.setSignature(sha256WithRsa);
            tbs.setIssuer(name);
            tbs.setSubject(name);
            tbs.setStartDate(new Time(Date.from(Instant.parse("2000-01-01T00:00:00Z"))));
            tbs.setEndDate(
                    new Time(Date.from(Instant.parse("2099-12-31T00:00:00Z").truncatedTo(ChronoUnit.DAYS))));
            tbs.setSubjectPublicKeyInfo(
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            TBSCertificate certificate = tbs.generateTBSCertificate();
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(certificate.getEncoded());
            ASN1EncodableVector parts = new ASN1EncodableVector();
            parts.add(certificate);
            parts.add(sha256WithRsa);
            parts.add(new DERBitString(signer.sign()));
            byte[] der = new DERSequence(parts).getEncoded();
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a test certificate", e);
        }
    }
}
