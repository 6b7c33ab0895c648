package dev.latchkey.discovery;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.discovery.DiscoveredOrganization;
import com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeRequest;
import com.stytch.java.b2b.models.passwordsdiscoveryemail.ResetRequest;
import com.stytch.java.b2b.models.passwordsdiscoveryemail.ResetResponse;
import com.stytch.java.b2b.models.passwordsdiscoveryemail.ResetStartRequest;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code passwords/discovery/email/reset/start} and {@code …/reset} through the official Java SDK: one emailed link sets
 * the address's password in every organization it is an active member of, and starts discovery; each organization's
 * own rules (MFA included) then apply to entering it.
 */
class PasswordDiscoveryResetTest {
    private static final String REDIRECT = "http://localhost:3000/reset";
    private static final String NEW_PASSWORD = "a brand new passphrase for 2026!";
    // RFC 7636 Appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static TestServer server;
    static StytchB2BClient sdk;
    static Flows flows;
    static Tables tables;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String email() {
        return "cross-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static String startReset(String email, String challenge) {
        server.clock.advance(Duration.ofSeconds(2)); // one message per address per second (throttle)
        ok(sdk.getPasswords()
                .getDiscovery()
                .getEmail()
                .resetStartCompletable(new ResetStartRequest(email, REDIRECT, null, null, null, challenge)));
        var mail = flows.latestMessageTo(email);
        assertThat(mail.get("link").asText()).startsWith(REDIRECT + "?stytch_token_type=multi_tenant_passwords&token=");
        return mail.get("token").asText();
    }

    static ResetResponse reset(String token, String verifier) {
        return ok(sdk.getPasswords()
                .getDiscovery()
                .getEmail()
                .resetCompletable(new ResetRequest(token, NEW_PASSWORD, verifier)));
    }

    @Test
    @DisplayName("the reset sets the new password in every organization of the address and discovers them")
    void discoveryResetSetsThePasswordEverywhereAndStartsDiscovery() {
        String email = email();
        String a = flows.organization("mfa_policy", "OPTIONAL");
        String b = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(a, email);
        flows.member(b, email);
        String before = flows.session(a, email).at("/session_token");

        ResetResponse done = reset(startReset(email, null), null);

        assertThat(done.getEmailAddress()).isEqualTo(email);
        assertThat(done.getIntermediateSessionToken()).isNotEmpty();
        assertThat(done.getDiscoveredOrganizations())
                .extracting(d -> d.getOrganization().getOrganizationId())
                .containsExactlyInAnyOrder(a, b);
        assertThat(done.getDiscoveredOrganizations()).allMatch(DiscoveredOrganization::getMemberAuthenticated);
        // The old password is gone everywhere, the new one works everywhere, and old sessions are over.
        Flows.fails(flows.login(a, email), 401, "unauthorized_credentials");
        Flows.fails(flows.login(b, email), 401, "unauthorized_credentials");
        for (String org : new String[] {a, b}) {
            Flows.ok(flows.post(
                    "/v1/b2b/passwords/authenticate",
                    "organization_id",
                    org,
                    "email_address",
                    email,
                    "password",
                    NEW_PASSWORD));
        }
        assertThat(server.call("POST", "/v1/b2b/sessions/authenticate", Flows.json("session_token", before))
                        .status())
                .isEqualTo(404);

        var entered = ok(sdk.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(new ExchangeRequest(done.getIntermediateSessionToken(), b)));
        assertThat(entered.getMemberAuthenticated()).isTrue();
        assertThat(entered.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("PASSWORD");
    }

    @Test
    @DisplayName(
            "an organization that requires MFA gets an intermediate session from the later exchange, not a session")
    void discoveryResetIntoAnMfaRequiredOrganizationStopsAtMfa() {
        String email = email();
        String required = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        flows.member(required, email);

        ResetResponse done = reset(startReset(email, CHALLENGE), VERIFIER);

        DiscoveredOrganization d = done.getDiscoveredOrganizations().get(0);
        assertThat(d.getMemberAuthenticated()).isFalse();
        assertThat(d.getMfaRequired()).isNotNull();
        var exchanged = ok(sdk.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(new ExchangeRequest(done.getIntermediateSessionToken(), required)));
        assertThat(exchanged.getMemberAuthenticated()).isFalse();
        assertThat(exchanged.getMemberSession()).isNull();
        assertThat(exchanged.getSessionToken()).isEmpty();
        assertThat(exchanged.getIntermediateSessionToken()).isNotEmpty();
        assertThat(exchanged.getMfaRequired()).isNotNull();
    }

    @Test
    void discoveryResetTokenIsSingleUse() {
        String email = email();
        flows.member(flows.organization("mfa_policy", "OPTIONAL"), email);
        String token = startReset(email, null);
        reset(token, null);

        var again = error(sdk.getPasswords()
                .getDiscovery()
                .getEmail()
                .resetCompletable(new ResetRequest(token, "yet another passphrase 2026!", null)));

        assertThat(again.getErrorType()).isEqualTo("unable_to_auth_password_reset_token");
        assertThat(again.getStatusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("a weak password or a missing PKCE verifier changes nothing and leaves the token usable")
    void discoveryResetWhenRefusedThenNothingWrittenAndTokenStillWorks() {
        String email = email();
        String org = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        String token = startReset(email, CHALLENGE);

        Flows.fails(
                tables.unchanged(() -> flows.post(
                        "/v1/b2b/passwords/discovery/email/reset",
                        "password_reset_token",
                        token,
                        "password",
                        "abc",
                        "pkce_code_verifier",
                        VERIFIER)),
                400,
                "weak_password");
        Flows.fails(
                tables.unchanged(() -> flows.post(
                        "/v1/b2b/passwords/discovery/email/reset",
                        "password_reset_token",
                        token,
                        "password",
                        NEW_PASSWORD)),
                400,
                "pkce_expected_code_verifier");

        reset(token, VERIFIER);
        Flows.fails(flows.login(org, email), 401, "unauthorized_credentials");
    }

    @Test
    @DisplayName("a member's reset token and a discovery reset token are not accepted by each other's endpoint")
    void discoveryAndOrganizationResetTokensDoNotCross() {
        String email = email();
        String org = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        Flows.ok(flows.post(
                "/v1/b2b/passwords/email/reset/start",
                "organization_id",
                org,
                "email_address",
                email,
                "reset_password_redirect_url",
                REDIRECT));
        String memberToken = flows.latestMessageTo(email).get("token").asText();
        String discoveryToken = startReset(email, null);

        Flows.fails(
                tables.unchanged(() -> flows.post(
                        "/v1/b2b/passwords/discovery/email/reset",
                        "password_reset_token",
                        memberToken,
                        "password",
                        NEW_PASSWORD)),
                401,
                "unable_to_auth_password_reset_token");
        Flows.fails(
                tables.unchanged(() -> flows.post(
                        "/v1/b2b/passwords/email/reset",
                        "password_reset_token",
                        discoveryToken,
                        "password",
                        NEW_PASSWORD)),
                401,
                "unable_to_auth_password_reset_token");
    }

    @Test
    @DisplayName("a completed organization reset ends the address's outstanding discovery links")
    void organizationResetConsumesTheAddressesDiscoveryTokens() {
        String email = email();
        String org = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        String discoveryToken = startReset(email, null);
        server.clock.advance(Duration.ofSeconds(2));
        Flows.ok(flows.post(
                "/v1/b2b/passwords/email/reset/start",
                "organization_id",
                org,
                "email_address",
                email,
                "reset_password_redirect_url",
                REDIRECT));
        String memberToken = flows.latestMessageTo(email).get("token").asText();
        Flows.ok(flows.post(
                "/v1/b2b/passwords/email/reset", "password_reset_token", memberToken, "password", NEW_PASSWORD));

        Flows.fails(
                flows.post(
                        "/v1/b2b/passwords/discovery/email/reset",
                        "password_reset_token",
                        discoveryToken,
                        "password",
                        "yet another passphrase 2026!"),
                401,
                "unable_to_auth_password_reset_token");
    }

    @Test
    void discoveryResetClearsARequiredReset() {
        String email = email();
        String org = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        Flows.ok(flows.post("/v1/b2b/passwords/email/require_reset", "email_address", email));
        Flows.fails(flows.login(org, email), 401, "member_reset_password");

        reset(startReset(email, null), null);

        Flows.ok(flows.post(
                "/v1/b2b/passwords/authenticate",
                "organization_id",
                org,
                "email_address",
                email,
                "password",
                NEW_PASSWORD));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
        "'{}', 400, bad_request",
        "'{\"email_address\":\"not an address\"}', 400, invalid_email",
        "'{\"email_address\":\"stranger@example.com\",\"reset_password_redirect_url\":\"R\"}', 404, member_not_found",
        "'{\"email_address\":\"EMAIL\",\"reset_password_redirect_url\":\"https://evil.example/x\"}', 400,"
                + " invalid_password_reset_redirect_url",
        "'{\"email_address\":\"EMAIL\",\"reset_password_redirect_url\":\"R\",\"discovery_redirect_url\":"
                + "\"https://evil.example/x\"}', 400, invalid_discovery_redirect_url",
        "'{\"email_address\":\"EMAIL\",\"reset_password_redirect_url\":\"R\",\"reset_password_expiration_minutes\":4}',"
                + " 400, invalid_expiration",
        "'{\"email_address\":\"EMAIL\",\"reset_password_redirect_url\":\"R\",\"pkce_code_challenge\":\"short\"}', 400,"
                + " invalid_pkce_code_challenge",
        "'{\"email_address\":\"EMAIL\",\"reset_password_expiration_minutes\":\"ten\"}', 400, bad_request",
    })
    void discoveryResetStartWhenBadInputThenRefusedAndNothingSent(String body, int status, String errorType) {
        String email = email();
        flows.member(flows.organization("mfa_policy", "OPTIONAL"), email);

        var r = tables.unchanged(() -> server.call(
                "POST",
                "/v1/b2b/passwords/discovery/email/reset/start",
                body.replace("EMAIL", email).replace("\"R\"", "\"" + REDIRECT + "\"")));

        Flows.fails(r, status, errorType);
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
        "'{}', 400, bad_request",
        "'{\"password_reset_token\":\"nope\"}', 400, bad_request",
        "'{\"password_reset_token\":\"nope\",\"password\":\"a brand new passphrase for 2026!\"}', 401,"
                + " unable_to_auth_password_reset_token",
        "'{\"password_reset_token\":\"\",\"password\":\"a brand new passphrase for 2026!\"}', 401,"
                + " unable_to_auth_password_reset_token",
        "'{\"password_reset_token\":7,\"password\":\"x\"}', 400, bad_request",
    })
    void discoveryResetWhenBadInputThenRefused(String body, int status, String errorType) {
        Flows.fails(
                tables.unchanged(() -> server.call("POST", "/v1/b2b/passwords/discovery/email/reset", body)),
                status,
                errorType);
    }

    @Test
    void discoveryResetDoesNotSeeAnotherProjectsMembers() {
        String email = email();
        flows.member(flows.organization("mfa_policy", "OPTIONAL"), email);
        var other = server.sdk(server.newProject());

        var e = error(other.getPasswords()
                .getDiscovery()
                .getEmail()
                .resetStartCompletable(new ResetStartRequest(email, REDIRECT)));

        assertThat(e.getErrorType()).isEqualTo("member_not_found");
        Flows.ok(flows.post("/v1/b2b/passwords/discovery/authenticate", "email_address", email, "password", PASSWORD));
    }
}
