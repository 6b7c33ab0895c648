package dev.latchkey.session;

import static dev.latchkey.testing.Fixtures.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.sessions.AttestRequest;
import com.stytch.java.b2b.models.sessions.ExchangeAccessTokenRequest;
import com.stytch.java.b2b.models.sessions.MigrateRequest;
import com.stytch.java.common.ErrorResponse;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sessions/migrate}, {@code sessions/exchange_access_token} and {@code sessions/attest} through the official
 * Java SDK: Latchkey has no UserInfo endpoint setting, issues no Connected Apps tokens and has no trusted token
 * profiles, so each is checked and refused with the documented error; never a session, nothing written
 * (docs/compatibility.md, "Sessions from outside credentials").
 */
class ExternalSessionsTest {
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
        flows.member(org, "external@example.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("migrate: no UserInfo endpoint is configured, so the external session cannot be looked up")
    void migrateWhenNoUserInfoEndpointThenMissingUserinfo() {
        var before = tables.snapshot();

        ErrorResponse e = error(sdk.getSessions()
                .migrateCompletable(new MigrateRequest("external-idp-access-token", org, 60, Map.of())));

        assertThat(e.getErrorType()).isEqualTo("migrate_from_external_missing_userinfo");
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(tables.snapshot()).isEqualTo(before);
    }

    @Test
    void migrateWhenUnknownOrganizationThenOrganizationNotFound() {
        ErrorResponse e = error(sdk.getSessions()
                .migrateCompletable(new MigrateRequest("external-idp-access-token", "organization-test-nope")));

        assertThat(e.getErrorType()).isEqualTo("organization_not_found");
        assertThat(e.getStatusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("exchange_access_token: Latchkey issues no Connected Apps tokens, so every token is an invalid grant")
    void exchangeAccessTokenWhenAnyTokenThenInvalidGrant() {
        var before = tables.snapshot();

        ErrorResponse e = error(sdk.getSessions()
                .exchangeAccessTokenCompletable(new ExchangeAccessTokenRequest("eyJhbGciOiJSUzI1NiJ9.e30.sig", 60)));

        assertThat(e.getErrorType()).isEqualTo("oauth_access_token_exchange_token_invalid_grant");
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(tables.snapshot()).isEqualTo(before);
    }

    @Test
    void exchangeAccessTokenOnTheSdkSurfaceAnswersTheSame() {
        String publicToken = server.project.project().publicToken();

        var r = server.call(
                "POST",
                "/sdk/v1/b2b/sessions/exchange_access_token",
                Flows.json("access_token", "some-token", "session_duration_minutes", 60),
                publicToken,
                publicToken);

        Flows.fails(r, 400, "oauth_access_token_exchange_token_invalid_grant");
    }

    @Test
    @DisplayName("attest: no trusted auth token profile can exist, so the profile is not found")
    void attestWhenAnyProfileThenTrustedTokenProfileNotFound() {
        var before = tables.snapshot();

        ErrorResponse e = error(sdk.getSessions()
                .attestCompletable(new AttestRequest("trusted-auth-token-profile-test-1", "eyJ.e30.sig", org, 60)));

        assertThat(e.getErrorType()).isEqualTo("trusted_token_profile_not_found");
        assertThat(e.getStatusCode()).isEqualTo(404);
        assertThat(tables.snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @CsvSource({
        "/v1/b2b/sessions/migrate, '{}', 400, bad_request",
        "/v1/b2b/sessions/migrate, '{\"session_token\":\"t\"}', 400, bad_request",
        "/v1/b2b/sessions/migrate, '{\"organization_id\":\"ORG\"}', 400, bad_request",
        "/v1/b2b/sessions/migrate, '{\"session_token\":5,\"organization_id\":\"ORG\"}', 400, bad_request",
        "/v1/b2b/sessions/migrate, '{\"session_token\":\"t\",\"organization_id\":\"ORG\",\"session_custom_claims\":3}',"
                + " 400, bad_request",
        "/v1/b2b/sessions/exchange_access_token, '{}', 400, bad_request",
        "/v1/b2b/sessions/exchange_access_token, '{\"access_token\":[]}', 400, bad_request",
        "/v1/b2b/sessions/attest, '{}', 400, bad_request",
        "/v1/b2b/sessions/attest, '{\"profile_id\":\"p\"}', 400, bad_request",
        "/v1/b2b/sessions/attest, '{\"token\":\"t\"}', 400, bad_request",
        "/v1/b2b/sessions/attest, '{\"profile_id\":\"p\",\"token\":\"t\",\"session_token\":\"a\",\"session_jwt\":\"b\"}',"
                + " 400, too_many_session_arguments",
        "/v1/b2b/sessions/attest, '{\"profile_id\":\"p\",\"token\":\"t\",\"organization_id\":\"nope\"}', 404,"
                + " organization_not_found",
    })
    void whenBadInputThenRefusedAndNothingWritten(String path, String body, int status, String errorType) {
        Flows.fails(tables.unchanged(() -> server.call("POST", path, body.replace("ORG", org))), status, errorType);
    }
}
