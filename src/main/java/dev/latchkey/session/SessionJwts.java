package dev.latchkey.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.project.Project;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mints and verifies session JWTs: RS256, header {@code {alg, kid, typ:"JWT"}}, claims exactly as SPEC §5.1,
 * signed with the project's active key from {@link SigningKeys}.
 *
 * <p>No {@code jti} is minted: nothing reads one (the SDKs strip it; sessions are looked up by the session
 * claim's id), and Stytch only says it "may be present".
 */
public final class SessionJwts {
    /** SPEC §3.1: a session JWT lives 5 minutes, whatever the session's own duration. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    public static final String SESSION_CLAIM = "https://stytch.com/session";
    public static final String ORGANIZATION_CLAIM = "https://stytch.com/organization";

    /** Claims a custom claim may not replace (SPEC §5.1: what the SDKs strip before custom_claims). */
    private static final Set<String> RESERVED =
            Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", SESSION_CLAIM, ORGANIZATION_CLAIM);

    /** Tolerated skew between the clock of the node that minted and the node that verifies. */
    private static final Duration NOT_BEFORE_LEEWAY = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigningKeys keys;
    private final Clock clock;

    public SessionJwts(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** {@code stytch.com/<project_id>}, the issuer Stytch's SDKs require (JAVA_SDK §5). */
    public static String issuer(Project project) {
        return "stytch.com/" + project.id();
    }

    /**
     * A fresh JWT for a member session, valid for {@link #LIFETIME} from now. Custom claims become top-level
     * claims, except the reserved names ({@code iss sub aud exp nbf iat jti} and the two
     * {@code https://stytch.com/...} claims), which are silently left to their minted values.
     *
     * @param sessionClaim the {@code https://stytch.com/session} object: {@code id, started_at,
     *     last_accessed_at, expires_at} (RFC 3339 strings), {@code attributes {ip_address, user_agent}},
     *     {@code authentication_factors}, {@code roles}
     * @param organizationClaim {@code {organization_id, slug}}
     * @param customClaims the session's custom claims; may be null. Values must be JSON values (strings,
     *     numbers, booleans, null, lists and maps of them).
     * @throws IllegalStateException if the project's signing key cannot be opened or signing fails
     */
    public String mint(
            Project project,
            String memberId,
            Map<String, Object> sessionClaim,
            Map<String, Object> organizationClaim,
            Map<String, Object> customClaims) {
        return sign(
                keys.activeKey(project),
                claims(project, memberId, sessionClaim, organizationClaim, customClaims),
                clock.instant().getEpochSecond());
    }

    /** The kid new JWTs of this project are signed with. */
    public String activeKid(Project project) {
        return keys.activeKey(project).kid();
    }

    private static Map<String, Object> claims(
            Project project,
            String memberId,
            Map<String, Object> sessionClaim,
            Map<String, Object> organizationClaim,
            Map<String, Object> customClaims) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", List.of(project.id())); // an array, as Stytch mints it (SPEC §5.1)
        claims.put(ORGANIZATION_CLAIM, organizationClaim);
        claims.put(SESSION_CLAIM, sessionClaim);
        claims.put("iss", issuer(project));
        claims.put("sub", memberId);
        if (customClaims != null) {
            customClaims.forEach((name, value) -> {
                if (!RESERVED.contains(name)) {
                    claims.put(name, value);
                }
            });
        }
        return claims;
    }

    private static String sign(SigningKey key, Map<String, Object> content, long iat) {
        Map<String, Object> claims = new LinkedHashMap<>(content);
        claims.put("exp", iat + LIFETIME.toSeconds());
        claims.put("iat", iat);
        claims.put("nbf", iat);
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.kid())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(json(claims)));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a session JWT with " + key.kid(), e);
        }
        return jws.serialize();
    }

    /**
     * Checks a session JWT of this project: algorithm pinned to RS256 ({@code none}, HMAC and others are
     * refused), {@code typ} JWT, {@code kid} among the project's published keys, signature, {@code iss},
     * {@code aud} containing the project id, {@code nbf} (one minute of leeway), and the presence of
     * {@code sub}, {@code iat}, {@code exp} and the session id. An expired JWT is returned with
     * {@code expired = true}. Anything malformed, forged or of another project gives empty.
     */
    public Optional<VerifiedJwt> verify(Project project, String jwt) {
        if (jwt == null || jwt.isBlank()) {
            return Optional.empty();
        }
        SignedJWT parsed;
        try {
            parsed = SignedJWT.parse(jwt); // refuses alg "none": an unsecured JWT is not a JWS
        } catch (ParseException e) {
            return Optional.empty();
        }
        JWSHeader header = parsed.getHeader();
        // RFC 8725 §3.1: the algorithm is pinned, never taken from the token (no RS/HS confusion, no "none").
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())
                || !JOSEObjectType.JWT.equals(header.getType())
                || header.getKeyID() == null) {
            return Optional.empty();
        }
        Optional<JWSVerifier> verifier = keys.verifier(project, header.getKeyID());
        if (verifier.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (!parsed.verify(verifier.get())) {
                return Optional.empty();
            }
            return accept(project, parsed.getJWTClaimsSet());
        } catch (JOSEException | ParseException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private Optional<VerifiedJwt> accept(Project project, JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        Date nbf = claims.getNotBeforeTime();
        Map<String, Object> session = claims.getJSONObjectClaim(SESSION_CLAIM);
        Object sessionId = session == null ? null : session.get("id");
        if (!issuer(project).equals(claims.getIssuer())
                || claims.getAudience() == null
                || !claims.getAudience().contains(project.id())
                || claims.getSubject() == null
                || claims.getSubject().isBlank()
                || exp == null
                || iat == null
                || (nbf != null && nbf.toInstant().isAfter(now.plus(NOT_BEFORE_LEEWAY)))
                || !(sessionId instanceof String id)
                || id.isBlank()) {
            return Optional.empty();
        }
        Instant expiresAt = exp.toInstant();
        return Optional.of(
                new VerifiedJwt(claims.getSubject(), id, expiresAt, !expiresAt.isAfter(now), iat.toInstant()));
    }

    private static byte[] json(Map<String, Object> claims) {
        try {
            return JSON.writeValueAsBytes(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session JWT claims are not JSON values", e);
        }
    }
}
