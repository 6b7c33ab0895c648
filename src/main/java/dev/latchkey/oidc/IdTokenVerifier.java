package dev.latchkey.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ID token checks of OIDC Core §3.1.3.7, with the algorithms pinned to RS256 and ES256 and the times read from the
 * injected clock (Nimbus' own claims verifier reads the system clock, so it is replaced by the checks here).
 */
final class IdTokenVerifier {
    /** Microsoft's multi-tenant issuer placeholder, filled from the token's {@code tid} claim. */
    static final String TENANT_TEMPLATE = "{tenantid}";

    /** Tolerated clock difference with the provider for exp, iat and nbf. */
    static final Duration ALLOWED_SKEW = Duration.ofSeconds(60);

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final Clock clock;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new ConcurrentHashMap<>();

    IdTokenVerifier(Clock clock, int connectTimeoutMillis, int readTimeoutMillis) {
        this.clock = clock;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    JWTClaimsSet verify(OidcEndpoints e, String clientId, String idToken, String expectedNonce) {
        if (idToken == null || idToken.isBlank()) {
            throw invalid("the provider sent no ID token");
        }
        if (e.jwksUrl() == null || e.issuer() == null) {
            throw invalid("the provider has no issuer or JWK set to verify an ID token against");
        }
        JWTClaimsSet claims;
        try {
            claims = processor(e.jwksUrl()).process(idToken, null);
        } catch (ParseException ex) {
            throw invalid("the ID token is not a JWT");
        } catch (BadJOSEException ex) {
            throw invalid("the ID token's signature does not verify against the provider's keys: " + ex.getMessage());
        } catch (JOSEException ex) {
            throw invalid("the provider's JWK set could not be used: " + ex.getMessage());
        }
        checkClaims(claims, e.issuer(), clientId, expectedNonce);
        return claims;
    }

    private void checkClaims(JWTClaimsSet claims, String issuerOrTemplate, String clientId, String expectedNonce) {
        String issuer = issuerOrTemplate;
        if (issuer.contains(TENANT_TEMPLATE)) {
            // §2.5: Microsoft's common endpoint signs for every tenant; the issuer must be the token's own tenant's.
            String tid = stringClaim(claims, "tid");
            if (tid == null || !tid.matches("[0-9A-Za-z-]+")) {
                throw invalid("the ID token has no usable tid claim for the multi-tenant issuer");
            }
            issuer = issuer.replace(TENANT_TEMPLATE, tid);
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw invalid("the ID token's issuer is " + claims.getIssuer() + ", not " + issuer);
        }
        if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
            throw invalid("the ID token has no subject");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw invalid("the ID token is not for this client (aud " + audience + ")");
        }
        if (audience.size() > 1 && !clientId.equals(stringClaim(claims, "azp"))) {
            throw invalid("the ID token has several audiences and azp is not this client");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(ALLOWED_SKEW))) {
            throw invalid("the ID token has expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(ALLOWED_SKEW))) {
            throw invalid("the ID token has no issue time or is issued in the future");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(ALLOWED_SKEW))) {
            throw invalid("the ID token is not valid yet");
        }
        if (expectedNonce != null && !expectedNonce.equals(stringClaim(claims, "nonce"))) {
            throw invalid("the ID token's nonce is not the one sent with the authorization request");
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(String jwksUrl) {
        return processors.computeIfAbsent(jwksUrl, url -> {
            JWKSource<SecurityContext> keys;
            try {
                var retriever = new DefaultResourceRetriever(connectTimeoutMillis, readTimeoutMillis, JWKS_SIZE_LIMIT);
                keys = JWKSourceBuilder.create(
                                OidcClient.uri(url, OidcException.Failure.INVALID_ID_TOKEN)
                                        .toURL(),
                                retriever)
                        .retrying(false)
                        .build();
            } catch (MalformedURLException ex) {
                throw invalid("the JWK set URL is not usable: " + url);
            }
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
            // Claims are checked in checkClaims against the injected clock.
            processor.setJWTClaimsSetVerifier((claims, context) -> {});
            return processor;
        });
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s : null;
    }

    private static OidcException invalid(String message) {
        return new OidcException(OidcException.Failure.INVALID_ID_TOKEN, message);
    }
}
