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
import dev.latchkey.testing.Tables;
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
    static Tables tables;
    static String org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
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
        return error(
                sdk.getSessions().authenticateCompletable(new AuthenticateRequest(token, null, jwt, Map.of(), null)));
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
        assertThat(listed.getMemberSessions())
                .allSatisfy(s -> assertThat(s.getOrganizationSlug()).isNotEmpty());
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

        assertThat(authenticateError(byId.getSessionToken(), null).getErrorType())
                .isEqualTo("session_not_found");
        assertThat(authenticateError(byToken.getSessionToken(), null).getErrorType())
                .isEqualTo("session_not_found");
        assertThat(authenticateError(null, byJwt.getSessionJWT()).getErrorType())
                .isEqualTo("session_not_found");
        assertThat(ok(sdk.getSessions().getCompletable(new GetRequest(org, member)))
                        .getMemberSessions())
                .extracting(MemberSession::getMemberSessionId)
                .containsExactly(survivor.getMemberSession().getMemberSessionId());

        AuthenticateResponse another = login(org, "revoke-sdk@example.com");
        ok(sdk.getSessions().revokeCompletable(new RevokeRequest(null, null, null, member), null));

        assertThat(authenticateError(survivor.getSessionToken(), null).getErrorType())
                .isEqualTo("session_not_found");
        assertThat(authenticateError(another.getSessionToken(), null).getStatusCode())
                .isEqualTo(404);
        assertThat(ok(sdk.getSessions().getCompletable(new GetRequest(org, member)))
                        .getMemberSessions())
                .isEmpty();
    }

    /**
     * A session of the member whose primary factor is an email magic link. No magic-link endpoint exists yet, so
     * a password session's factor is rewritten in the database to stand in for one.
     */
    static AuthenticateResponse magicLinkSession(String organization, String email) {
        AuthenticateResponse login = login(organization, email);
        tables.rows(
                "UPDATE member_sessions SET factors = jsonb_set(jsonb_set(factors, '{0,type}', '\"magic_link\"'),"
                        + " '{0,delivery_method}', '\"email\"') WHERE id = ? RETURNING id",
                login.getMemberSession().getMemberSessionId());
        return login;
    }

    @Test
    @DisplayName("exchange of an email-factor session into an OPTIONAL organization: a session there")
    void exchangeWhenFactorIsPortableAndTargetNeedsNoMfaThenSession() {
        String target = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, "portable@example.com");
        String targetMember = flows.member(target, "portable@example.com");
        AuthenticateResponse source = magicLinkSession(org, "portable@example.com");

        var exchanged = ok(sdk.getSessions()
                .exchangeCompletable(
                        new ExchangeRequest(target, source.getSessionToken(), null, 30, Map.of(), null, null)));

        assertThat(exchanged.getMemberAuthenticated()).isTrue();
        assertThat(exchanged.getMemberId()).isEqualTo(targetMember);
        assertThat(exchanged.getIntermediateSessionToken()).isEmpty();
        assertThat(exchanged.getMfaRequired()).isNull();
        assertThat(exchanged.getMemberSession().getOrganizationId()).isEqualTo(target);
        assertThat(exchanged.getMemberSession().getMemberSessionId())
                .isNotEqualTo(source.getMemberSession().getMemberSessionId());
        assertThat(exchanged.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("MAGIC_LINK");
        assertThat(exchanged.getMemberSession().getExpiresAt())
                .isEqualTo(server.clock.instant().plus(Duration.ofMinutes(30)));
    }

    @Test
    @DisplayName("exchange into a REQUIRED_FOR_ALL organization: an intermediate session that TOTP completes")
    void exchangeWhenTargetRequiresMfaThenIntermediateSession() {
        String target = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        flows.member(org, "portable-mfa@example.com");
        String targetMember = flows.member(target, "portable-mfa@example.com");
        AuthenticateResponse source = magicLinkSession(org, "portable-mfa@example.com");

        var exchanged = ok(sdk.getSessions()
                .exchangeCompletable(
                        new ExchangeRequest(target, null, source.getSessionJWT(), null, Map.of(), null, null)));

        assertThat(exchanged.getMemberAuthenticated()).isFalse();
        assertThat(exchanged.getMemberSession()).isNull();
        assertThat(exchanged.getSessionToken()).isEmpty();
        assertThat(exchanged.getMfaRequired().getMemberOptions()).isNull();
        String ist = exchanged.getIntermediateSessionToken();
        var totp = ok(sdk.getTotps()
                .createCompletable(new com.stytch.java.b2b.models.totps.CreateRequest(
                        target, targetMember, null, ist, null, null)));
        var done = ok(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        target,
                        targetMember,
                        flows.totpCode(totp.getSecret()),
                        ist,
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null)));
        assertThat(done.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("MAGIC_LINK", "TOTP");
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
                .exchangeCompletable(
                        new ExchangeRequest(target, null, login.getSessionJWT(), 60, Map.of(), null, null)));
        assertThat(byJwt.getErrorType()).isEqualTo("insufficient_factors_for_session_exchange");
    }
}
