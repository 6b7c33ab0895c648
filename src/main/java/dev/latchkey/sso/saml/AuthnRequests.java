package dev.latchkey.sso.saml;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;

/**
 * Builds AuthnRequests for the HTTP-Redirect binding (SAML bindings §3.4.4): the XML is DEFLATEd (raw, RFC 1951),
 * base64-encoded and URL-encoded into {@code SAMLRequest}; the signature covers the exact query string {@code
 * SAMLRequest=…&RelayState=…&SigAlg=…} (§3.4.4.1), so it travels outside the XML. Written here rather than with
 * java-saml-core's AuthnRequest, which stamps IssueInstant from the system clock.
 */
final class AuthnRequests {
    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthnRequests() {}

    static SamlAuthnRequest build(SamlSettings settings, String relayState, Instant now) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        // An xs:ID must be an NCName, so it cannot start with a digit; 160 random bits make it unguessable.
        byte[] random = new byte[20];
        RANDOM.nextBytes(random);
        String id = "_" + HexFormat.of().formatHex(random);
        String xml = xml(settings, id, issuedAt);

        StringBuilder query = new StringBuilder("SAMLRequest=").append(encode(deflateBase64(xml)));
        if (relayState != null) {
            query.append("&RelayState=").append(encode(relayState));
        }
        if (settings.spSigningKey() != null) {
            query.append("&SigAlg=").append(encode(RSA_SHA256));
            String signature = sign(settings, query.toString()); // before appending: it covers what precedes it
            query.append("&Signature=").append(encode(signature));
        }
        String separator = settings.idpSsoUrl().contains("?") ? "&" : "?";
        return new SamlAuthnRequest(id, URI.create(settings.idpSsoUrl() + separator + query), issuedAt);
    }

    private static String xml(SamlSettings settings, String id, Instant issuedAt) {
        StringBuilder xml = new StringBuilder()
                .append("<samlp:AuthnRequest xmlns:samlp=\"")
                .append(SecureXml.SAMLP)
                .append("\" xmlns:saml=\"")
                .append(SecureXml.SAML)
                .append("\" ID=\"")
                .append(id)
                .append("\" Version=\"2.0\" IssueInstant=\"")
                .append(issuedAt)
                .append("\" Destination=\"")
                .append(escape(settings.idpSsoUrl()))
                .append("\" ProtocolBinding=\"")
                .append(SamlMetadata.POST_BINDING)
                .append("\" AssertionConsumerServiceURL=\"")
                .append(escape(settings.acsUrl()))
                .append("\"><saml:Issuer>")
                .append(escape(settings.spEntityId()))
                .append("</saml:Issuer>");
        xml.append("<samlp:NameIDPolicy AllowCreate=\"true\"");
        if (settings.nameIdFormat() != null && !settings.nameIdFormat().isBlank()) {
            xml.append(" Format=\"").append(escape(settings.nameIdFormat())).append('"');
        }
        return xml.append("/></samlp:AuthnRequest>").toString();
    }

    private static String sign(SamlSettings settings, String signedQuery) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(settings.spSigningKey());
            signature.update(signedQuery.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the connection's SP signing key cannot sign with RSA-SHA256", e);
        }
    }

    private static String deflateBase64(String xml) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
