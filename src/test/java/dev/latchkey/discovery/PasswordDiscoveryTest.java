package dev.latchkey.discovery;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.discovery.DiscoveredOrganization;
import com.stytch.java.b2b.models.passwordsdiscovery.AuthenticateRequest;
import com.stytch.java.b2b.models.passwordsdiscovery.AuthenticateResponse;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code passwords/discovery/authenticate} through the official Java SDK: a password finds the organizations of its
 * address; it enters the organizations whose member it belongs to, and elsewhere an email-verifying method must
 * come first (SPEC §3.3 rule 5).
 */
class PasswordDiscoveryTest {
    static TestServer server;
    static StytchB2BClient sdk;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AuthenticateResponse discover(String email, String password) {
        return ok(sdk.getPasswords().getDiscovery().authenticateCompletable(new AuthenticateRequest(email, password)));
    }

    @Test
    void passwordDiscoveryEntersTheMembersOrganizationAndAsksForAnEmailFactorElsewhere() {
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".test";
        String email = "ada@" + domain;
        String own = fx.organization("OPTIONAL");
        fx.memberWithPassword(own, email);
        String joinable = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"" + domain + "\"]");

        AuthenticateResponse found = discover(email, PASSWORD);

        assertThat(found.getEmailAddress()).isEqualTo(email);
        DiscoveredOrganization mine = byId(found, own);
        assertThat(mine.getMembership().getType()).isEqualTo("active_member");
        assertThat(mine.getMemberAuthenticated()).isTrue();
        DiscoveredOrganization other = byId(found, joinable);
        assertThat(other.getMembership().getType()).isEqualTo("eligible_to_join_by_email_domain");
        assertThat(other.getMemberAuthenticated()).isFalse();
        assertThat(other.getPrimaryRequired().getAllowedAuthMethods()).containsExactly("email_otp", "magic_link");

        var entered = ok(sdk.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(new com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeRequest(
                        found.getIntermediateSessionToken(), own)));
        assertThat(entered.getMemberAuthenticated()).isTrue();
        assertThat(entered.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("PASSWORD");

        // The password does not verify the address for an organization it does not belong to.
        AuthenticateResponse again = discover(email, PASSWORD);
        var joining = ok(sdk.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(new com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeRequest(
                        again.getIntermediateSessionToken(), joinable)));
        assertThat(joining.getMemberAuthenticated()).isFalse();
        assertThat(joining.getMemberSession()).isNull();
        assertThat(joining.getPrimaryRequired().getAllowedAuthMethods()).containsExactly("email_otp", "magic_link");

        // Completing an email OTP with that intermediate session finishes the login.
        var sent = server.call(
                "POST",
                "/v1/b2b/otps/email/login_or_signup",
                "{\"organization_id\":\"" + joinable + "\",\"email_address\":\"" + email + "\"}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        String code = fx.latestMessageTo(email).get("code").asText();
        var done = server.call(
                "POST",
                "/v1/b2b/otps/email/authenticate",
                "{\"organization_id\":\"" + joinable + "\",\"email_address\":\"" + email + "\",\"code\":\"" + code
                        + "\",\"intermediate_session_token\":\"" + joining.getIntermediateSessionToken() + "\"}");
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.json().get("member_authenticated").asBoolean()).isTrue();
    }

    @Test
    void wrongPasswordAndUnknownAddressAnswerTheSame() {
        String org = fx.organization("OPTIONAL");
        String email = "grace-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        fx.memberWithPassword(org, email);

        var wrong = error(sdk.getPasswords()
                .getDiscovery()
                .authenticateCompletable(new AuthenticateRequest(email, "not the password 42!")));
        var unknown = error(sdk.getPasswords()
                .getDiscovery()
                .authenticateCompletable(
                        new AuthenticateRequest("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD)));

        assertThat(wrong.getErrorType()).isEqualTo("unauthorized_credentials");
        assertThat(unknown.getErrorType()).isEqualTo("unauthorized_credentials");
        assertThat(wrong.getStatusCode()).isEqualTo(401).isEqualTo(unknown.getStatusCode());
    }

    @Test
    void anOrganizationsPasswordLoginStillCannotBeUsedForDiscovery() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String email = "linus-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        fx.memberWithPassword(org, email);
        var login = server.call(
                "POST",
                "/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\"" + PASSWORD
                        + "\"}");
        String ist = login.json().get("intermediate_session_token").asText();

        var listed = server.call(
                "POST", "/v1/b2b/discovery/organizations", "{\"intermediate_session_token\":\"" + ist + "\"}");

        assertThat(listed.status()).isEqualTo(400);
        assertThat(listed.errorType()).isEqualTo("insufficient_factors");
    }

    private static DiscoveredOrganization byId(AuthenticateResponse r, String orgId) {
        return r.getDiscoveredOrganizations().stream()
                .filter(d -> d.getOrganization().getOrganizationId().equals(orgId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(orgId + " not discovered in " + r.getDiscoveredOrganizations()));
    }
}
