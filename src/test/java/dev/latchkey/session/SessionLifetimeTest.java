package dev.latchkey.session;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How long member sessions and their JWTs live (SPEC §3.1), over HTTP: 60 minutes by default,
 * {@code session_duration_minutes} to extend, revocation, and the expired-by-{@code exp} JWT of a live session.
 */
class SessionLifetimeTest {
    static TestServer server;
    static Flows flows;
    static String org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        org = flows.organization("mfa_policy", "OPTIONAL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response authenticate(Object... fields) {
        return flows.post("/v1/b2b/sessions/authenticate", fields);
    }

    static Instant expiresAt(TestServer.Response r) {
        return Instant.parse(r.at("/member_session/expires_at"));
    }

    @Test
    void sessionWhenSixtyMinutesPassedThenNotFound() {
        flows.member(org, "sixty@example.com");
        TestServer.Response login = flows.session(org, "sixty@example.com");
        Instant started = server.clock.instant();
        assertThat(expiresAt(login)).isEqualTo(started.plus(Duration.ofMinutes(60)));
        String token = login.at("/session_token");

        server.clock.advance(Duration.ofMinutes(60).minusSeconds(1));
        TestServer.Response alive = ok(authenticate("session_token", token));
        // Without session_duration_minutes, authenticate does not extend the session.
        assertThat(expiresAt(alive)).isEqualTo(started.plus(Duration.ofMinutes(60)));
        String jwt = alive.at("/session_jwt");

        server.clock.advance(Duration.ofSeconds(1));
        fails(authenticate("session_token", token), 404, "session_not_found");
        fails(authenticate("session_jwt", jwt), 404, "session_not_found");
    }

    @Test
    void sessionDurationMinutesOnLoginSetsTheLifetime() {
        flows.member(org, "two-hours@example.com");
        TestServer.Response login = ok(flows.login(org, "two-hours@example.com", "session_duration_minutes", 120));
        Instant started = server.clock.instant();
        assertThat(expiresAt(login)).isEqualTo(started.plus(Duration.ofMinutes(120)));
        String token = login.at("/session_token");

        server.clock.advance(Duration.ofMinutes(61));
        ok(authenticate("session_token", token));

        server.clock.advance(Duration.ofMinutes(59));
        fails(authenticate("session_token", token), 404, "session_not_found");
    }

    @Test
    void authenticateWithSessionDurationMinutesExtendsFromNow() {
        flows.member(org, "extend@example.com");
        String token = flows.session(org, "extend@example.com").at("/session_token");
        server.clock.advance(Duration.ofMinutes(50));

        TestServer.Response extended = ok(authenticate("session_token", token, "session_duration_minutes", 30));
        assertThat(expiresAt(extended)).isEqualTo(server.clock.instant().plus(Duration.ofMinutes(30)));

        server.clock.advance(Duration.ofMinutes(29)); // 79 minutes after login, past the original hour
        ok(authenticate("session_token", token));
        server.clock.advance(Duration.ofMinutes(1));
        fails(authenticate("session_token", token), 404, "session_not_found");
    }

    @Test
    void revokedSessionIsRefusedByTokenAndByJwt() {
        String member = flows.member(org, "revoked@example.com");
        TestServer.Response one = flows.session(org, "revoked@example.com");
        TestServer.Response two = flows.session(org, "revoked@example.com");

        ok(flows.post("/v1/b2b/sessions/revoke", "member_session_id", one.at("/member_session/member_session_id")));

        fails(authenticate("session_token", one.at("/session_token")), 404, "session_not_found");
        fails(authenticate("session_jwt", one.at("/session_jwt")), 404, "session_not_found");
        ok(authenticate("session_token", two.at("/session_token")));
        TestServer.Response listed = ok(flows.get("/v1/b2b/sessions?organization_id=" + org + "&member_id=" + member));
        assertThat(listed.json().get("member_sessions")).hasSize(1);
        assertThat(listed.at("/member_sessions/0/member_session_id"))
                .isEqualTo(two.at("/member_session/member_session_id"));
    }

    @Test
    void revokeByTokenByJwtAndByMemberEachEndTheirSessions() {
        String member = flows.member(org, "revoke-ways@example.com");
        TestServer.Response byToken = flows.session(org, "revoke-ways@example.com");
        TestServer.Response byJwt = flows.session(org, "revoke-ways@example.com");

        ok(flows.post("/v1/b2b/sessions/revoke", "session_token", byToken.at("/session_token")));
        ok(flows.post("/v1/b2b/sessions/revoke", "session_jwt", byJwt.at("/session_jwt")));
        fails(authenticate("session_token", byToken.at("/session_token")), 404, "session_not_found");
        fails(authenticate("session_token", byJwt.at("/session_token")), 404, "session_not_found");

        TestServer.Response a = flows.session(org, "revoke-ways@example.com");
        TestServer.Response b = flows.session(org, "revoke-ways@example.com");
        ok(flows.post("/v1/b2b/sessions/revoke", "member_id", member));
        fails(authenticate("session_token", a.at("/session_token")), 404, "session_not_found");
        fails(authenticate("session_jwt", b.at("/session_jwt")), 404, "session_not_found");
        assertThat(ok(flows.get("/v1/b2b/sessions?organization_id=" + org + "&member_id=" + member))
                        .json()
                        .get("member_sessions"))
                .isEmpty();
    }

    @Test
    @DisplayName("An expired-by-exp JWT of a live session is accepted, and a fresh JWT comes back")
    void authenticateWhenJwtExpiredButSessionLiveThenFreshJwt() {
        flows.member(org, "old-jwt@example.com");
        TestServer.Response login = flows.session(org, "old-jwt@example.com");
        String jwt = login.at("/session_jwt");
        assertThat(claims(jwt).get("exp").asLong())
                .isEqualTo(server.clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond());

        server.clock.advance(Duration.ofMinutes(6));
        TestServer.Response r = ok(authenticate("session_jwt", jwt));

        String fresh = r.at("/session_jwt");
        assertThat(fresh).isNotEqualTo(jwt);
        assertThat(claims(fresh).get("exp").asLong())
                .isEqualTo(server.clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond());
        assertThat(claims(fresh).at("/https:~1~1stytch.com~1session/id").asText())
                .isEqualTo(login.at("/member_session/member_session_id"));
        assertThat(r.at("/member_session/member_session_id")).isEqualTo(login.at("/member_session/member_session_id"));
        // Only the token's digest is stored, so a JWT-proven session cannot show its token again.
        assertThat(r.at("/session_token")).isEmpty();
        ok(authenticate("session_jwt", fresh));
    }

    @Test
    void authenticateWhenJwtOfAnExpiredSessionThenNotFound() {
        flows.member(org, "dead-jwt@example.com");
        String jwt = flows.session(org, "dead-jwt@example.com").at("/session_jwt");

        server.clock.advance(Duration.ofMinutes(61));

        fails(authenticate("session_jwt", jwt), 404, "session_not_found");
    }

    private static JsonNode claims(String jwt) {
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
