package dev.latchkey.session;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.passwords.AuthenticateResponse;
import com.stytch.java.b2b.models.sessions.AuthenticateRequest;
import com.stytch.java.b2b.models.sessions.ExchangeRequest;
import com.stytch.java.b2b.models.sessions.GetRequest;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.b2b.models.sessions.RevokeRequest;
import com.stytch.java.common.ErrorResponse;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sessions endpoints through the official Java SDK: authenticate (token and JWT), get, revoke (one and all of a
 * member's) and exchange. Every response must map fully into the SDK's models.
 */
class SessionSdkTest {
    static TestServer server;
    static StytchB2BClient sdk;
    static Flows flows;
    static String org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        org = flows.organization("mfa_policy", "OPTIONAL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AuthenticateResponse login(String organization, String email) {
        return ok(sdk.getPasswords()
                .authenticateCompletable(new com.stytch.java.b2b.models.passwords.AuthenticateRequest(
                        organization, email, PASSWORD, null, null, null, Map.of(), null, null, null)));
    }

    static ErrorResponse authenticateError(String token, String jwt) {
        return error(sdk.getSessions().authenticateCompletable(new AuthenticateRequest(token, null, jwt, Map.of(), null)));
    }

    @Test
    void authenticateByTokenAndByJwtAndExtend() {
        String member = flows.member(org, "auth-sdk@example.com");
        AuthenticateResponse login = login(org, "auth-sdk@example.com");

        var byToken = ok(sdk.getSessions()
                .authenticateCompletable(new AuthenticateRequest(login.getSessionToken(), null, null, Map.of(), null)));
        assertThat(byToken.getMemberSession().getMemberSessionId())
                .isEqualTo(login.getMemberSession().getMemberSessionId());
        assertThat(byToken.getSessionToken()).isEqualTo(login.getSessionToken());
        assertThat(byToken.getMember().getMemberId()).isEqualTo(member);
        assertThat(byToken.getOrganization().getOrganizationId()).isEqualTo(org);

        server.clock.advance(Duration.ofMinutes(6)); // the login's JWT is now expired by exp
        var byJwt = ok(sdk.getSessions()
                .authenticateCompletable(
                        new AuthenticateRequest(null, 120, login.getSessionJWT(), Map.of("tier", "gold"), null)));
        assertThat(byJwt.getSessionJWT()).isNotEqualTo(login.getSessionJWT());
        assertThat(byJwt.getSessionToken()).isEmpty();
        assertThat(byJwt.getMemberSession().getExpiresAt())
                .isEqualTo(server.clock.instant().plus(Duration.ofMinutes(120)));
        assertThat(byJwt.getMemberSession().getCustomClaims()).containsEntry("tier", "gold");
    }

    @Test
    void getListsTheMembersLiveSessions() {
        String member = flows.member(org, "get-sdk@example.com");
        AuthenticateResponse one = login(org, "get-sdk@example.com");
        AuthenticateResponse two = login(org, "get-sdk@example.com");

        var listed = ok(sdk.getSessions().getCompletable(new GetRequest(org, member)));

        assertThat(listed.getMemberSessions())
                .extracting(MemberSession::getMemberSessionId)
                .containsExactlyInAnyOrder(
                        one.getMemberSession().getMemberSessionId(),
                        two.getMemberSession().getMemberSessionId());
        assertThat(listed.getMemberSessions()).allSatisfy(s -> assertThat(s.getOrganizationSlug()).isNotEmpty());
    }

    @Test
    @DisplayName("revoke by member_session_id, session_token and session_jwt each end one session; by member_id all")
    void revokeOneWayEachThenAllByMember() {
        String member = flows.member(org, "revoke-sdk@example.com");
        AuthenticateResponse byId = login(org, "revoke-sdk@example.com");
        AuthenticateResponse byToken = login(org, "revoke-sdk@example.com");
        AuthenticateResponse byJwt = login(org, "revoke-sdk@example.com");
        AuthenticateResponse survivor = login(org, "revoke-sdk@example.com");

        ok(sdk.getSessions()
                .revokeCompletable(
                        new RevokeRequest(byId.getMemberSession().getMemberSessionId(), null, null, null), null));
        ok(sdk.getSessions().revokeCompletable(new RevokeRequest(null, byToken.getSessionToken(), null, null), null));
        ok(sdk.getSessions().revokeCompletable(new RevokeRequest(null, null, byJwt.getSessionJWT(), null), null));

        assertThat(authenticateError(byId.getSessionToken(), null).getErrorType()).isEqualTo("session_not_found");
        assertThat(authenticateError(byToken.getSessionToken(), null).getErrorType())
                .isEqualTo("session_not_found");
        assertThat(authenticateError(null, byJwt.getSessionJWT()).getErrorType()).isEqualTo("session_not_found");
        assertThat(ok(sdk.getSessions().getCompletable(new GetRequest(org, member))).getMemberSessions())
                .extracting(MemberSession::getMemberSessionId)
                .containsExactly(survivor.getMemberSession().getMemberSessionId());

        AuthenticateResponse another = login(org, "revoke-sdk@example.com");
        ok(sdk.getSessions().revokeCompletable(new RevokeRequest(null, null, null, member), null));

        assertThat(authenticateError(survivor.getSessionToken(), null).getErrorType())
                .isEqualTo("session_not_found");
        assertThat(authenticateError(another.getSessionToken(), null).getStatusCode()).isEqualTo(404);
        assertThat(ok(sdk.getSessions().getCompletable(new GetRequest(org, member))).getMemberSessions())
                .isEmpty();
    }

    @Test
    @DisplayName("exchange of a password-only session: insufficient_factors_for_session_exchange")
    void exchangeWhenSessionHasOnlyAPasswordThenInsufficientFactors() {
        String target = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, "exchange-sdk@example.com");
        flows.member(target, "exchange-sdk@example.com");
        AuthenticateResponse login = login(org, "exchange-sdk@example.com");

        ErrorResponse refused = error(sdk.getSessions()
                .exchangeCompletable(
                        new ExchangeRequest(target, login.getSessionToken(), null, null, Map.of(), null, null)));

        assertThat(refused.getErrorType()).isEqualTo("insufficient_factors_for_session_exchange");
        assertThat(refused.getStatusCode()).isEqualTo(400);
        ErrorResponse byJwt = error(sdk.getSessions()
                .exchangeCompletable(new ExchangeRequest(target, null, login.getSessionJWT(), 60, Map.of(), null, null)));
        assertThat(byJwt.getErrorType()).isEqualTo("insufficient_factors_for_session_exchange");
    }
}
