package dev.latchkey.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public half of a signing key as an RFC 7517 JWK, in the shape Stytch's JWKS serves (SPEC §5):
 * {@code kty:"RSA", use:"sig", key_ops:["verify"], alg:"RS256", kid, n, e, x5c, x5tS256}. The Java SDK's
 * {@code JWK} model requires every one of these non-null.
 *
 * @param n the modulus, base64url of its unsigned big-endian bytes
 * @param e the public exponent, same encoding
 * @param x5c one self-signed certificate of the key, standard base64 of its DER (RFC 7517 §4.7)
 * @param x5tS256 base64url of the SHA-256 of that certificate's DER (RFC 7517 §4.9 {@code x5t#S256}, under
 *     the name Stytch uses)
 */
public record PublicJwk(String kid, String n, String e, List<String> x5c, String x5tS256) {

    public PublicJwk {
        x5c = List.copyOf(x5c);
    }

    /** The JWK as a JSON object, in the order Stytch writes its members. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kty", "RSA");
        json.put("use", "sig");
        json.put("key_ops", List.of("verify"));
        json.put("alg", "RS256");
        json.put("kid", kid);
        json.put("x5c", x5c);
        json.put("x5tS256", x5tS256);
        json.put("n", n);
        json.put("e", e);
        return json;
    }

    /** Reads the form {@link #toJson()} writes. */
    static PublicJwk fromJson(Map<String, ?> json) {
        return new PublicJwk(
                (String) json.get("kid"),
                (String) json.get("n"),
                (String) json.get("e"),
                ((List<?>) json.get("x5c")).stream().map(String.class::cast).toList(),
                (String) json.get("x5tS256"));
    }

    RSAPublicKey toRsaPublicKey() {
        try {
            return new RSAKey.Builder(new Base64URL(n), new Base64URL(e))
                    .build()
                    .toRSAPublicKey();
        } catch (JOSEException ex) {
            throw new IllegalStateException("stored JWK " + kid + " is not an RSA public key", ex);
        }
    }
}
