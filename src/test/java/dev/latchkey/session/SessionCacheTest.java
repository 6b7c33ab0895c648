package dev.latchkey.session;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sql;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sessions/authenticate} answers a check that changes nothing from a cache, without a write and with the JWT
 * minted moments ago. Every way the answer could go stale is tried here: each must show at once on the node that made
 * the change, and within a second on another node of the same database. Also the JWT freshness rule and how often
 * the access is recorded.
 */
class SessionCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server;
    static Flows flows;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response check(String field, String value) {
        return flows.post("/v1/b2b/sessions/authenticate", field, value);
    }

    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Login(String org, String member, String token, String jwt) {}

    static Login login(String email) {
        String org = flows.organization();
        flows.member(org, email);
        TestServer.Response r = flows.session(org, email);
        return new Login(org, r.at("/member_id"), r.at("/session_token"), r.at("/session_jwt"));
    }

    @Test
    void revokedSessionIsRefusedAtOnceAfterBeingCached() {
        Login l = login("revoked@example.com");
        ok(check("session_token", l.token()));
        ok(check("session_jwt", l.jwt()));

        ok(flows.post("/v1/b2b/sessions/revoke", "session_token", l.token()));

        fails(check("session_token", l.token()), 404, "session_not_found");
        fails(check("session_jwt", l.jwt()), 404, "session_not_found");
    }

    @Test
    void allSessionsOfAMemberRevokedAreRefusedAtOnce() {
        Login l = login("revoke-all@example.com");
        ok(check("session_token", l.token()));

        ok(flows.post("/v1/b2b/sessions/revoke", "member_id", l.member()));

        fails(check("session_token", l.token()), 404, "session_not_found");
    }

    @Test
    void deletedMemberOrOrganizationEndsTheCachedSession() {
        Login member = login("deleted-member@example.com");
        Login org = login("deleted-org@example.com");
        ok(check("session_token", member.token()));
        ok(check("session_token", org.token()));

        ok(server.call("DELETE", "/v1/b2b/organizations/" + member.org() + "/members/" + member.member(), null));
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org.org(), null));

        fails(check("session_token", member.token()), 404, "session_not_found");
        fails(check("session_token", org.token()), 404, "session_not_found");
    }

    @Test
    void memberAndOrganizationChangesShowInTheNextAnswerAndItsJwt() {
        Login l = login("renamed@example.com");
        TestServer.Response before = ok(check("session_token", l.token()));
        assertThat(before.at("/member/name")).isEmpty();

        ok(server.call(
                "PUT", "/v1/b2b/organizations/" + l.org() + "/members/" + l.member(), "{\"name\":\"Renamed Member\"}"));
        String slug = "renamed-" + l.org().substring(l.org().length() - 8);
        ok(server.call("PUT", "/v1/b2b/organizations/" + l.org(), "{\"organization_slug\":\"" + slug + "\"}"));

        TestServer.Response after = ok(check("session_token", l.token()));
        assertThat(after.at("/member/name")).isEqualTo("Renamed Member");
        assertThat(after.at("/organization/organization_slug")).isEqualTo(slug);
        assertThat(claims(after.at("/session_jwt"))
                        .at("/https:~1~1stytch.com~1organization/slug")
                        .asText())
                .isEqualTo(slug);
        assertThat(after.at("/session_jwt")).isNotEqualTo(before.at("/session_jwt"));
    }

    @Test
    void rotatedProjectSecretIsRefusedAtOnce() {
        ProjectCredentials p = server.newProject();
        String path = "/v1/b2b/organizations/search";
        assertThat(server.call("POST", path, "{}", p.project().id(), p.secret()).status())
                .isEqualTo(200);

        ProjectCredentials rotated =
                server.app.services().projects().rotateSecret(p.project().id()).orElseThrow();

        TestServer.Response old = server.call("POST", path, "{}", p.project().id(), p.secret());
        fails(old, 401, "unauthorized_credentials");
        assertThat(server.call("POST", path, "{}", p.project().id(), rotated.secret())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void unchangedSessionGetsTheSameValidJwtForThirtySecondsThenANewOne() {
        Login l = login("fresh-jwt@example.com");
        server.clock.advance(Duration.ofSeconds(31)); // past the login's own access record
        TestServer.Response first = ok(check("session_token", l.token()));
        String jwt = first.at("/session_jwt");
        assertThat(jwt).isNotEqualTo(l.jwt());

        server.clock.advance(Duration.ofSeconds(29));
        TestServer.Response again = ok(check("session_token", l.token()));
        assertThat(again.at("/session_jwt")).isEqualTo(jwt);
        assertThat(ok(check("session_jwt", jwt)).at("/session_jwt")).isEqualTo(jwt);
        // Handed out again, it is still valid for at least four and a half minutes, and its claims are the answer's.
        JsonNode c = claims(again.at("/session_jwt"));
        assertThat(c.get("exp").asLong() - server.clock.instant().getEpochSecond())
                .isGreaterThanOrEqualTo(270);
        assertThat(c.at("/https:~1~1stytch.com~1session/last_accessed_at").asText())
                .isEqualTo(again.at("/member_session/last_accessed_at"));

        server.clock.advance(Duration.ofSeconds(1));
        TestServer.Response later = ok(check("session_token", l.token()));
        assertThat(later.at("/session_jwt")).isNotEqualTo(jwt);
        assertThat(claims(later.at("/session_jwt")).get("iat").asLong())
                .isEqualTo(server.clock.instant().getEpochSecond());
    }

    @Test
    void extendingOrAddingClaimsMintsANewJwtWithTheNewClaims() {
        Login l = login("extended@example.com");
        String jwt = ok(check("session_token", l.token())).at("/session_jwt");

        TestServer.Response extended = ok(flows.post(
                "/v1/b2b/sessions/authenticate",
                "session_token",
                l.token(),
                "session_duration_minutes",
                120,
                "session_custom_claims",
                Map.of("plan", "gold")));

        JsonNode c = claims(extended.at("/session_jwt"));
        assertThat(extended.at("/session_jwt")).isNotEqualTo(jwt);
        assertThat(c.get("plan").asText()).isEqualTo("gold");
        assertThat(c.at("/https:~1~1stytch.com~1session/expires_at").asText())
                .isEqualTo(extended.at("/member_session/expires_at"));
        TestServer.Response next = ok(check("session_token", l.token()));
        assertThat(claims(next.at("/session_jwt")).get("plan").asText()).isEqualTo("gold");
        assertThat(next.at("/member_session/expires_at")).isEqualTo(extended.at("/member_session/expires_at"));
    }

    @Test
    void accessIsRecordedAtMostOnceEveryThirtySeconds() throws SQLException {
        Login l = login("access@example.com");
        Instant loggedIn = lastAccessed(l.token());

        server.clock.advance(Duration.ofSeconds(10));
        TestServer.Response r = ok(check("session_token", l.token()));
        assertThat(lastAccessed(l.token())).isEqualTo(loggedIn);
        assertThat(Instant.parse(r.at("/member_session/last_accessed_at"))).isEqualTo(loggedIn);

        server.clock.advance(Duration.ofSeconds(20));
        ok(check("session_token", l.token()));
        assertThat(lastAccessed(l.token())).isEqualTo(server.clock.instant());
    }

    @Test
    void expiredSessionIsRefusedEvenWhileCached() {
        Login l = login("expiring@example.com");
        ok(check("session_token", l.token()));
        server.clock.advance(Duration.ofMinutes(61));
        fails(check("session_token", l.token()), 404, "session_not_found");
    }

    @Test
    void anotherNodeRefusesARevokedSessionAndRotatedSecretWithinASecond() throws InterruptedException {
        try (TestServer other = new TestServer(Map.of("LATCHKEY_DATABASE_URL", server.databaseUrl))) {
            Login l = login("two-nodes@example.com");
            String body = "{\"session_token\":\"" + l.token() + "\"}";
            String path = "/v1/b2b/sessions/authenticate";
            assertThat(other.call("POST", path, body, server.projectId(), server.project.secret())
                            .status())
                    .isEqualTo(200);
            ProjectCredentials p = server.newProject();
            assertThat(other.call("POST", path, body, p.project().id(), p.secret())
                            .status())
                    .isEqualTo(404); // known project, another project's session

            ok(flows.post("/v1/b2b/sessions/revoke", "session_token", l.token()));
            server.app.services().projects().rotateSecret(p.project().id());

            assertThat(refusedWithin(() -> other.call("POST", path, body, server.projectId(), server.project.secret())
                            .status()))
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(refusedWithin(
                            () -> other.call("POST", path, body, p.project().id(), p.secret())
                                    .status()))
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    /** How long until the call answers 4xx, polling; fails after 5 s. */
    static Duration refusedWithin(java.util.function.IntSupplier call) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            int status = call.getAsInt();
            if (status == 401 || status == 404) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("still accepted after 5 s");
    }

    static Instant lastAccessed(String token) throws SQLException {
        try (Connection c = Sql.connect(server.databaseUrl);
                PreparedStatement s = c.prepareStatement("SELECT last_accessed_at FROM member_sessions"
                        + " WHERE token_digest = encode(sha256(convert_to(?, 'UTF8')), 'hex')")) {
            s.setString(1, token);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }
}
