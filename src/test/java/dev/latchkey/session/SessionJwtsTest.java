package dev.latchkey.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.store.Database;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionJwtsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-27T12:00:00.250Z");
    private static final String MEMBER = "member-test-5d4a8a4f-6d0e-4a5e-9f6c-0b1c2d3e4f50";
    private static final String SESSION = "member-session-test-1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0";

    static Database db;
    static ProjectService projects;

    MutableClock clock;
    SigningKeys keys;
    SessionJwts jwts;
    Project project;

    @BeforeAll
    static void openDatabase() {
        db = Database.open(TestDatabases.freshDatabaseUrl(), "postgres", "", 4);
        projects = new ProjectService(db, new ProjectStore(), Clock.systemUTC());
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void newProject() {
        clock = new MutableClock(START);
        keys = new SigningKeys(db, new SigningKeyStore(), new SecretBox(new byte[32]), clock);
        jwts = new SessionJwts(keys, clock);
        project = projects.create(Environment.TEST).project();
    }

    private String mint(Map<String, Object> custom) {
        return jwts.mint(project, MEMBER, SessionClaims.session(SESSION, START), SessionClaims.organization(), custom);
    }

    @Test
    void verifyWhenMintedHereThenReturnsMemberSessionAndTimes() {
        String jwt = mint(Map.of());

        VerifiedJwt v = jwts.verify(project, jwt).orElseThrow();

        assertThat(v.memberId()).isEqualTo(MEMBER);
        assertThat(v.memberSessionId()).isEqualTo(SESSION);
        assertThat(v.issuedAt()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(v.expiresAt()).isEqualTo(Instant.parse("2026-11-27T12:05:00Z"));
        assertThat(v.expired()).isFalse();
    }

    @Test
    void mintWritesTheHeaderAndExactlyTheStytchClaims() throws Exception {
        String jwt = mint(Map.of("plan", "pro", "limits", Map.of("seats", 5)));
        String[] parts = jwt.split("\\.");

        JsonNode header = decode(parts[0]);
        assertThat(header.properties()).hasSize(3);
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(header.get("kid").asText()).isEqualTo(keys.activeKey(project).kid());

        JsonNode claims = decode(parts[1]);
        long iat = START.getEpochSecond();
        assertThat(claims.get("sub").asText()).isEqualTo(MEMBER);
        assertThat(claims.get("aud").isArray()).isTrue();
        assertThat(claims.get("aud")).containsExactly(JSON.valueToTree(project.id()));
        assertThat(claims.get("iss").asText()).isEqualTo("stytch.com/" + project.id());
        assertThat(claims.get("iat").isIntegralNumber()).isTrue();
        assertThat(claims.get("iat").asLong()).isEqualTo(iat);
        assertThat(claims.get("nbf").asLong()).isEqualTo(iat);
        assertThat(claims.get("exp").asLong()).isEqualTo(iat + 300);
        assertThat(claims.get(SessionJwts.SESSION_CLAIM))
                .isEqualTo(JSON.valueToTree(SessionClaims.session(SESSION, START)));
        assertThat(claims.get(SessionJwts.ORGANIZATION_CLAIM))
                .isEqualTo(JSON.valueToTree(SessionClaims.organization()));
        assertThat(claims.get("plan").asText()).isEqualTo("pro");
        assertThat(claims.get("limits").get("seats").asInt()).isEqualTo(5);
        assertThat(iterable(claims.fieldNames()))
                .containsExactlyInAnyOrder(
                        "sub",
                        "aud",
                        "iss",
                        "iat",
                        "nbf",
                        "exp",
                        SessionJwts.SESSION_CLAIM,
                        SessionJwts.ORGANIZATION_CLAIM,
                        "plan",
                        "limits");
    }

    @Test
    void mintWhenCustomClaimsUseReservedNamesThenMintedValuesWin() throws Exception {
        Map<String, Object> custom = new HashMap<>();
        for (String reserved : List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti")) {
            custom.put(reserved, "forged");
        }
        custom.put(SessionJwts.SESSION_CLAIM, Map.of("id", "member-session-test-forged"));
        custom.put(SessionJwts.ORGANIZATION_CLAIM, Map.of("organization_id", "organization-test-forged"));
        custom.put("role", "admin");

        String jwt = mint(custom);

        JsonNode claims = decode(jwt.split("\\.")[1]);
        assertThat(claims.get("sub").asText()).isEqualTo(MEMBER);
        assertThat(claims.get("iss").asText()).isEqualTo("stytch.com/" + project.id());
        assertThat(claims.get("aud")).containsExactly(JSON.valueToTree(project.id()));
        assertThat(claims.get("exp").asLong()).isEqualTo(START.getEpochSecond() + 300);
        assertThat(claims.has("jti")).isFalse();
        assertThat(claims.at("/" + escape(SessionJwts.SESSION_CLAIM) + "/id").asText())
                .isEqualTo(SESSION);
        assertThat(claims.at("/" + escape(SessionJwts.ORGANIZATION_CLAIM) + "/organization_id")
                        .asText())
                .isEqualTo(SessionClaims.ORGANIZATION_ID);
        assertThat(claims.get("role").asText()).isEqualTo("admin");
        assertThat(jwts.verify(project, jwt).orElseThrow().memberSessionId()).isEqualTo(SESSION);
    }

    @Test
    void verifyWhenPayloadTamperedThenEmpty() throws Exception {
        String[] parts = mint(Map.of()).split("\\.");
        Map<String, Object> claims = JSON.readValue(Base64URL.from(parts[1]).decode(), Map.class);
        claims.put("sub", "member-test-someone-else");
        String tampered = parts[0] + "." + Base64URL.encode(JSON.writeValueAsBytes(claims)) + "." + parts[2];

        assertThat(jwts.verify(project, tampered)).isEmpty();
    }

    @Test
    void verifyWhenSignatureTamperedThenEmpty() {
        String[] parts = mint(Map.of()).split("\\.");
        byte[] signature = Base64URL.from(parts[2]).decode();
        signature[signature.length / 2] ^= 0x01;
        String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);

        assertThat(jwts.verify(project, tampered)).isEmpty();
        assertThat(jwts.verify(project, parts[0] + "." + parts[1] + ".")).isEmpty();
    }

    @Test
    void verifyWhenAlgNoneThenEmpty() {
        String[] parts = mint(Map.of()).split("\\.");
        String kid = keys.activeKey(project).kid();
        for (String alg : List.of("none", "None", "NONE")) {
            String header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
            String unsigned = Base64URL.encode(header) + "." + parts[1] + ".";

            assertThat(jwts.verify(project, unsigned)).as(alg).isEmpty();
            assertThat(jwts.verify(project, unsigned + parts[2])).as(alg).isEmpty();
        }
    }

    @Test
    void verifyWhenHs256SignedWithThePublicKeyAsSecretThenEmpty() throws Exception {
        // The RS/HS confusion attack: an HMAC keyed with bytes the attacker can fetch from the JWKS.
        SigningKey key = keys.activeKey(project);
        PublicJwk jwk = keys.jwks(project).getFirst();
        byte[] spki = jwk.toRsaPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        String[] parts = mint(Map.of()).split("\\.");
        Map<String, Object> claims = JSON.readValue(Base64URL.from(parts[1]).decode(), Map.class);
        for (byte[] secret : List.of(spki, pem.getBytes(StandardCharsets.US_ASCII))) {
            String forged =
                    sign(header(JWSAlgorithm.HS256, key.kid(), JOSEObjectType.JWT), claims, new MACSigner(secret));
            assertThat(JWSObject.parse(forged).verify(new MACVerifier(secret))).isTrue();

            assertThat(jwts.verify(project, forged)).isEmpty();
        }
    }

    @Test
    void verifyWhenJwtOfAnotherProjectThenEmpty() {
        Project other = projects.create(Environment.TEST).project();
        String theirs =
                jwts.mint(other, MEMBER, SessionClaims.session(SESSION, START), SessionClaims.organization(), Map.of());

        assertThat(jwts.verify(other, theirs)).isPresent();
        assertThat(jwts.verify(project, theirs)).isEmpty();
        assertThat(jwts.verify(other, mint(Map.of()))).isEmpty();
    }

    @Test
    void verifyWhenIssuerOrAudienceIsNotThisProjectThenEmpty() throws Exception {
        JWSSigner ours = keys.activeKey(project).signer();
        String kid = keys.activeKey(project).kid();
        JWSHeader header = header(JWSAlgorithm.RS256, kid, JOSEObjectType.JWT);
        Map<String, Object> claims = validClaims();

        assertThat(jwts.verify(project, sign(header, claims, ours))).isPresent();
        assertThat(jwts.verify(project, sign(header, with(claims, "aud", project.id()), ours)))
                .as("aud as a single string is accepted")
                .isPresent();
        assertThat(jwts.verify(project, sign(header, with(claims, "iss", "stytch.com/project-test-other"), ours)))
                .isEmpty();
        assertThat(jwts.verify(project, sign(header, with(claims, "iss", "https://stytch.com/" + project.id()), ours)))
                .isEmpty();
        assertThat(jwts.verify(project, sign(header, with(claims, "aud", List.of("project-test-other")), ours)))
                .isEmpty();
        assertThat(jwts.verify(project, sign(header, without(claims, "aud"), ours)))
                .isEmpty();
    }

    @Test
    void verifyWhenRequiredClaimMissingThenEmpty() throws Exception {
        JWSSigner ours = keys.activeKey(project).signer();
        JWSHeader header = header(JWSAlgorithm.RS256, keys.activeKey(project).kid(), JOSEObjectType.JWT);
        Map<String, Object> claims = validClaims();

        for (String name : List.of("sub", "exp", "iat", "iss", SessionJwts.SESSION_CLAIM)) {
            assertThat(jwts.verify(project, sign(header, without(claims, name), ours)))
                    .as(name)
                    .isEmpty();
        }
        assertThat(jwts.verify(project, sign(header, with(claims, SessionJwts.SESSION_CLAIM, Map.of()), ours)))
                .as("session claim without id")
                .isEmpty();
    }

    @Test
    void verifyWhenNotBeforeIsInTheFutureBeyondLeewayThenEmpty() throws Exception {
        JWSSigner ours = keys.activeKey(project).signer();
        JWSHeader header = header(JWSAlgorithm.RS256, keys.activeKey(project).kid(), JOSEObjectType.JWT);
        long now = START.getEpochSecond();

        assertThat(jwts.verify(project, sign(header, with(validClaims(), "nbf", now + 60), ours)))
                .isPresent();
        assertThat(jwts.verify(project, sign(header, with(validClaims(), "nbf", now + 61), ours)))
                .isEmpty();
    }

    @Test
    void verifyWhenTypIsNotJwtThenEmpty() throws Exception {
        JWSSigner ours = keys.activeKey(project).signer();
        String kid = keys.activeKey(project).kid();

        assertThat(jwts.verify(project, sign(header(JWSAlgorithm.RS256, kid, null), validClaims(), ours)))
                .isEmpty();
        assertThat(jwts.verify(
                        project,
                        sign(header(JWSAlgorithm.RS256, kid, new JOSEObjectType("at+jwt")), validClaims(), ours)))
                .isEmpty();
        assertThat(jwts.verify(
                        project, sign(header(JWSAlgorithm.RS256, null, JOSEObjectType.JWT), validClaims(), ours)))
                .as("no kid")
                .isEmpty();
    }

    @Test
    void verifyWhenExpiredThenReturnedFlaggedExpired() {
        String jwt = mint(Map.of());

        clock.advance(Duration.ofSeconds(299));
        assertThat(jwts.verify(project, jwt).orElseThrow().expired()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        VerifiedJwt expired = jwts.verify(project, jwt).orElseThrow();
        assertThat(expired.expired()).isTrue();
        assertThat(expired.memberSessionId()).isEqualTo(SESSION);

        clock.advance(Duration.ofDays(1));
        assertThat(jwts.verify(project, jwt).orElseThrow().expired()).isTrue();
    }

    @Test
    void verifyWhenNotAJwtThenEmpty() {
        for (String garbage : new String[] {null, "", " ", "abc", "a.b.c", "a.b", "....", mint(Map.of()) + ".x"}) {
            assertThat(jwts.verify(project, garbage))
                    .as(String.valueOf(garbage))
                    .isEmpty();
        }
    }

    private Map<String, Object> validClaims() {
        long now = START.getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", MEMBER);
        claims.put("aud", List.of(project.id()));
        claims.put("iss", "stytch.com/" + project.id());
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 300);
        claims.put(SessionJwts.SESSION_CLAIM, SessionClaims.session(SESSION, START));
        claims.put(SessionJwts.ORGANIZATION_CLAIM, SessionClaims.organization());
        return claims;
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> claims, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.remove(name);
        return copy;
    }

    private static JWSHeader header(JWSAlgorithm alg, String kid, JOSEObjectType typ) {
        return new JWSHeader.Builder(alg).keyID(kid).type(typ).build();
    }

    private static String sign(JWSHeader header, Map<String, Object> claims, JWSSigner signer) throws Exception {
        JWSObject jws = new JWSObject(header, new Payload(JSON.writeValueAsBytes(claims)));
        jws.sign(signer);
        return jws.serialize();
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64URL.from(part).decode());
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}
