package dev.latchkey.oauth;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.crypto.Pkce;
import dev.latchkey.testidp.TestOidcProvider;
import dev.latchkey.testidp.TestOidcProvider.Misbehavior;
import dev.latchkey.testidp.TestOidcProviderUser;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every OAuth refusal (state, PKCE, ID token, redirect URLs, single use), each leaving nothing written. */
class OAuthRefusalTest {
    static TestServer server;
    static Flows flows;
    static Fixtures fx;
    static Tables tables;
    static OAuthRig rig;
    static TestOidcProvider google;
    static TestOidcProvider microsoft;
    static TestOidcProvider github;
    static String org;
    static String address;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        fx = new Fixtures(server);
        tables = new Tables(server.databaseUrl);
        rig = new OAuthRig(server);
        google = TestOidcProvider.startOidc(server.clock);
        microsoft = TestOidcProvider.startMultiTenant(server.clock);
        github = TestOidcProvider.startPlainOAuth2(server.clock);
        OAuthFlowTest.configure(server, google, microsoft, github);
        org = flows.organization();
        address = OAuthFlowTest.email("acme.com");
        fx.member(org, address);
    }

    @AfterAll
    static void stop() {
        google.close();
        microsoft.close();
        github.close();
        server.close();
    }

    @BeforeEach
    void behave() {
        google.misbehave(Misbehavior.NONE);
        google.nextUser(TestOidcProviderUser.withEmail(address).claim("hd", "acme.com"));
    }

    /** The callback answer, asserting that no state table changed. */
    private static OAuthRig.Answer unchanged(Supplier<OAuthRig.Answer> call) {
        var before = tables.snapshot();
        OAuthRig.Answer a = call.get();
        assertThat(tables.snapshot()).as(a.body()).isEqualTo(before);
        return a;
    }

    private static void refused(OAuthRig.Answer a, int status, String errorType) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.location()).isNull();
        assertThat(a.errorType()).as(a.body()).isEqualTo(errorType);
    }

    private static String callback() {
        return rig.toCallback(google, "google", false, "organization_id", org);
    }

    @ParameterizedTest
    @EnumSource(
            value = Misbehavior.class,
            names = {
                "WRONG_ISSUER",
                "WRONG_AUDIENCE",
                "EXPIRED",
                "WRONG_NONCE",
                "FOREIGN_KEY",
                "ALG_NONE",
                "NO_ID_TOKEN"
            })
    void callbackWhenIdTokenSpoiledThenRefusedAndNothingWritten(Misbehavior how) {
        google.misbehave(how);
        String cb = callback();

        refused(unchanged(() -> rig.get(cb)), 400, "oauth_flow_callback_error");
    }

    @Test
    void microsoftCallbackWhenTheTokensIssuerIsNotItsTenantsThenRefused() {
        microsoft.nextUser(TestOidcProviderUser.withEmail(address).claim("tid", "tenant-1"));
        microsoft.misbehave(Misbehavior.WRONG_ISSUER);
        try {
            String cb = rig.toCallback(microsoft, "microsoft", false, "organization_id", org);

            OAuthRig.Answer a = unchanged(() -> rig.get(cb));
            refused(a, 400, "oauth_flow_callback_error");
            assertThat(a.body()).contains("/tenant-1/v2.0");
        } finally {
            microsoft.misbehave(Misbehavior.NONE);
        }
    }

    @Test
    void callbackWhenStateReplayedThenStateUsed() {
        String cb = callback();
        assertThat(rig.get(cb).status()).isEqualTo(302);

        refused(unchanged(() -> rig.get(cb)), 400, "oauth_state_used");
    }

    @Test
    void callbackWhenStateUnknownOrMissingThenRefused() {
        String cb = callback();
        String unknown = cb.replaceAll("state=[^&]+", "state=not-a-state");
        String missing = cb.replaceAll("&?state=[^&]+", "");

        refused(unchanged(() -> rig.get(unknown)), 400, "oauth_invalid_state");
        refused(unchanged(() -> rig.get(missing)), 400, "oauth_invalid_callback_request");
    }

    @Test
    void callbackWhenStateExpiredThenInvalidState() {
        String cb = callback();
        server.clock.advance(OAuthStarts.STATE_LIFETIME.plusSeconds(1));
        try {
            refused(unchanged(() -> rig.get(cb)), 400, "oauth_invalid_state");
        } finally {
            server.clock.advance(OAuthStarts.STATE_LIFETIME.plusSeconds(1).negated());
        }
    }

    @Test
    void callbackWhenStateOfAnotherProviderThenStateMismatch() {
        microsoft.nextUser(TestOidcProviderUser.withEmail(address));
        String toMicrosoft = rig.toCallback(microsoft, "microsoft", false, "organization_id", org);
        String googleCallback = callback();
        String crossed = googleCallback.substring(0, googleCallback.indexOf('?'))
                + toMicrosoft.substring(toMicrosoft.indexOf('?'));

        refused(unchanged(() -> rig.get(crossed)), 400, "oauth_state_mismatch");
    }

    @Test
    void callbackWhenProviderDeniedThenAuthCodeError() {
        google.misbehave(Misbehavior.DENY_AT_AUTHORIZE);
        String cb = callback();

        refused(unchanged(() -> rig.get(cb)), 400, "oauth_auth_code_error");
    }

    @Test
    void callbackWhenCodeTamperedThenAuthCodeError() {
        String cb = callback().replaceAll("code=[^&]+", "code=forged");

        refused(unchanged(() -> rig.get(cb)), 400, "oauth_auth_code_error");
    }

    @Test
    void startWhenRedirectUrlNotAllowedOrLocatorWrongThenRefusedBeforeTheProvider() {
        int before = google.authorizeRequests().size();

        refused(
                rig.start("google", false, "organization_id", org, "login_redirect_url", "https://evil.example/cb"),
                400,
                "invalid_login_redirect_url");
        refused(
                rig.start("google", false, "organization_id", org, "signup_redirect_url", "https://evil.example/cb"),
                400,
                "invalid_signup_redirect_url");
        refused(
                rig.start("google", true, "discovery_redirect_url", "https://evil.example/cb"),
                400,
                "invalid_discovery_redirect_url");
        refused(rig.start("google", false), 400, "missing_oauth_organization_locator");
        refused(
                rig.start("google", false, "organization_id", org, "slug", "x"),
                400,
                "too_many_oauth_organization_locators");
        refused(rig.start("yahoo", false, "organization_id", org), 400, "invalid_oauth_provider");
        refused(rig.start("slack", false, "organization_id", org), 404, "oauth_config_not_found");
        refused(
                rig.start("google", false, "organization_id", org, "pkce_code_challenge", "short"),
                400,
                "invalid_pkce_code_challenge");
        assertThat(google.authorizeRequests()).hasSize(before);
    }

    @Test
    void startPassesProviderParametersButNotTheOnesCarryingTheFlowsSecurity() {
        OAuthRig.Answer a = rig.start(
                "google",
                false,
                "organization_id",
                org,
                "provider_prompt",
                "login",
                "provider_state",
                "forged",
                "custom_scopes",
                "https://www.googleapis.com/auth/calendar");
        var query = a.query();

        assertThat(query).containsEntry("prompt", "login");
        assertThat(query.get("state")).isNotEqualTo("forged");
        assertThat(query.get("scope")).isEqualTo("openid email profile https://www.googleapis.com/auth/calendar");
    }

    @Test
    void authenticateChecksTheApplicationsPkceVerifier() {
        String verifier = "v".repeat(50);
        String token = rig.token(
                google,
                "google",
                OAuthRig.LOGIN_URL,
                "organization_id",
                org,
                "pkce_code_challenge",
                Pkce.s256(verifier));

        fails(
                unchangedCall(() -> flows.post("/v1/b2b/oauth/authenticate", "oauth_token", token)),
                400,
                "pkce_expected_code_verifier");
        fails(
                unchangedCall(() -> flows.post(
                        "/v1/b2b/oauth/authenticate", "oauth_token", token, "pkce_code_verifier", "w".repeat(50))),
                400,
                "pkce_mismatch");
        ok(flows.post("/v1/b2b/oauth/authenticate", "oauth_token", token, "pkce_code_verifier", verifier));
    }

    @Test
    void authenticateWhenRedeemedInParallelThenExactlyOneWins() {
        String token = rig.token(google, "google", OAuthRig.LOGIN_URL, "organization_id", org);
        Supplier<TestServer.Response> redeem = () -> flows.post("/v1/b2b/oauth/authenticate", "oauth_token", token);

        List<TestServer.Response> answers = Flows.concurrently(List.of(redeem, redeem, redeem, redeem));

        assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(1);
        answers.stream().filter(r -> r.status() != 200).forEach(r -> fails(r, 404, "oauth_token_not_found"));
    }

    @Test
    void authenticateWhenTokenExpiredOrOfTheWrongKindThenNotFound() {
        String login = rig.token(google, "google", OAuthRig.LOGIN_URL, "organization_id", org);
        String discovery = rig.token(google, "google", OAuthRig.DISCOVERY_URL);

        fails(
                unchangedCall(() -> flows.post("/v1/b2b/oauth/authenticate", "oauth_token", discovery)),
                404,
                "oauth_token_not_found");
        fails(
                unchangedCall(() -> flows.post("/v1/b2b/oauth/discovery/authenticate", "discovery_oauth_token", login)),
                404,
                "oauth_token_not_found");
        server.clock.advance(OAuthCallbacks.TOKEN_LIFETIME.plusSeconds(1));
        try {
            fails(
                    unchangedCall(() -> flows.post("/v1/b2b/oauth/authenticate", "oauth_token", login)),
                    404,
                    "oauth_token_not_found");
        } finally {
            server.clock.advance(OAuthCallbacks.TOKEN_LIFETIME.plusSeconds(1).negated());
        }
    }

    @Test
    void aTokenOfOneProjectIsUnknownToAnother() {
        String token = rig.token(google, "google", OAuthRig.LOGIN_URL, "organization_id", org);
        var other = server.newProject();

        fails(
                unchangedCall(() -> server.call(
                        "POST",
                        "/v1/b2b/oauth/authenticate",
                        Flows.json("oauth_token", token),
                        other.project().id(),
                        other.secret())),
                404,
                "oauth_token_not_found");
        fails(
                server.call(
                        "GET",
                        "/v1/b2b/organizations/" + org + "/members/" + memberId() + "/oauth_providers/google",
                        null,
                        other.project().id(),
                        other.secret()),
                404,
                "organization_not_found");
        ok(flows.post("/v1/b2b/oauth/authenticate", "oauth_token", token));
    }

    private static String memberId() {
        return flows.get("/v1/b2b/organizations/" + org + "/member?email_address=" + OAuthRig.enc(address))
                .at("/member_id");
    }

    @Test
    void secretsAndProviderTokensAreSealedAtRest() {
        String token = rig.token(google, "google", OAuthRig.LOGIN_URL, "organization_id", org);
        TestServer.Response r = ok(flows.post("/v1/b2b/oauth/authenticate", "oauth_token", token));
        String accessToken = r.at("/provider_values/access_token");
        assertThat(accessToken).isNotEmpty();

        for (Map<String, Object> row : tables.rows("SELECT access_token_sealed, refresh_token_sealed, id_token_sealed"
                + " FROM member_oauth_registrations")) {
            for (Object sealed : row.values()) {
                if (sealed != null) {
                    assertThat(new String((byte[]) sealed, StandardCharsets.ISO_8859_1))
                            .doesNotContain(accessToken);
                }
            }
        }
        for (Map<String, Object> row : tables.rows("SELECT client_secret_sealed FROM oauth_providers")) {
            assertThat(new String((byte[]) row.get("client_secret_sealed"), StandardCharsets.ISO_8859_1))
                    .doesNotContain(TestOidcProvider.CLIENT_SECRET);
        }
        assertThat(tables.rows("SELECT token_digest FROM oauth_tokens").toString())
                .doesNotContain(token);
    }

    @Test
    void providerTokensWhenMemberHasNoneThenNotFound() {
        String other = fx.member(org, OAuthFlowTest.email("acme.com"));

        fails(
                flows.get("/v1/b2b/organizations/" + org + "/members/" + other + "/oauth_providers/google"),
                404,
                "member_oauth_token_not_found");
        fails(
                flows.get("/v1/b2b/organizations/" + org + "/members/" + other + "/oauth_providers/yahoo"),
                400,
                "invalid_oauth_provider");
    }

    private static TestServer.Response unchangedCall(Supplier<TestServer.Response> call) {
        return tables.unchanged(call);
    }
}
