package dev.latchkey.magiclink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.crypto.Pkce;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Sql;
import dev.latchkey.testing.TestServer;
import dev.latchkey.testing.TestServer.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules of email magic links (issue 4), over raw HTTP with the dev outbox: single use, expiry by the clock,
 * PKCE, the redirect-URL allow-list, who may join, the organization's primary-auth restriction, the per-address
 * send limit, and a discovery send that does not tell whether an address is known.
 */
class MagicLinkRulesTest {
    static TestServer server;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        server = new TestServer();
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void nextSecond() {
        server.clock.advance(Duration.ofSeconds(1)); // one email per address per second
    }

    static String address() {
        return "ml-" + UUID.randomUUID().toString().substring(0, 8) + "@links.test";
    }

    static Response post(String path, String body) {
        return server.call("POST", path, body);
    }

    static Response ok(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    static Response error(Response r, int status, String errorType) {
        assertThat(r.errorType()).as(r.text()).isEqualTo(errorType);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r;
    }

    static Response loginOrSignup(String org, String email, String extra) {
        return post(
                "/v1/b2b/magic_links/email/login_or_signup",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\""
                        + ",\"login_redirect_url\":\"http://localhost:3000/login\""
                        + ",\"signup_redirect_url\":\"http://localhost:3000/signup\"" + extra + "}");
    }

    static Response invite(String org, String email) {
        return post(
                "/v1/b2b/magic_links/email/invite",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email
                        + "\",\"invite_redirect_url\":\"http://localhost:3000/invite\"}");
    }

    static Response sendDiscovery(String email, String extra) {
        return post(
                "/v1/b2b/magic_links/email/discovery/send",
                "{\"email_address\":\"" + email + "\",\"discovery_redirect_url\":\"http://localhost:3000/d\"" + extra
                        + "}");
    }

    static Response authenticate(String token, String extra) {
        return post("/v1/b2b/magic_links/authenticate", "{\"magic_links_token\":\"" + token + "\"" + extra + "}");
    }

    static Response authenticateDiscovery(String token, String extra) {
        return post(
                "/v1/b2b/magic_links/discovery/authenticate",
                "{\"discovery_magic_links_token\":\"" + token + "\"" + extra + "}");
    }

    static String tokenTo(String email) {
        return fx.latestMessageTo(email).get("token").asText();
    }

    /** An active member of a fresh OPTIONAL organization who was just sent a login link: {org, email, token}. */
    static String[] loginLinkSent(String extra) {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        ok(loginOrSignup(org, email, extra));
        return new String[] {org, email, tokenTo(email)};
    }

    static int countRows(String table) {
        return Integer.parseInt(queryString("SELECT count(*) FROM " + table));
    }

    static String queryString(String sql) {
        try (var c = Sql.connect(server.databaseUrl);
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- single use and expiry

    @Test
    void authenticateWhenLoginLinkReplayedThenUnableToAuthMagicLink() {
        String[] s = loginLinkSent("");
        assertThat(ok(authenticate(s[2], "")).json().get("member_authenticated").asBoolean())
                .isTrue();
        error(authenticate(s[2], ""), 401, "unable_to_auth_magic_link");
    }

    @Test
    void authenticateWhenInviteLinkReplayedThenUnableToAuthMagicLink() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        ok(invite(org, email));
        String token = tokenTo(email);
        ok(authenticate(token, ""));
        error(authenticate(token, ""), 401, "unable_to_auth_magic_link");
    }

    @Test
    void authenticateWhenLoginLinkIsSixtyMinutesOldThenRejects() {
        String[] s = loginLinkSent("");
        server.clock.advance(Duration.ofMinutes(60));
        error(authenticate(s[2], ""), 401, "unable_to_auth_magic_link");

        server.clock.advance(Duration.ofSeconds(1));
        ok(loginOrSignup(s[0], s[1], ""));
        String fresh = tokenTo(s[1]);
        server.clock.advance(Duration.ofMinutes(60).minusSeconds(1));
        ok(authenticate(fresh, ""));
    }

    @Test
    void authenticateWhenLoginExpirationMinutesGivenThenLinkLivesThatLong() {
        String[] s = loginLinkSent(",\"login_expiration_minutes\":5");
        server.clock.advance(Duration.ofMinutes(5));
        error(authenticate(s[2], ""), 401, "unable_to_auth_magic_link");
    }

    @Test
    void authenticateWhenInviteIsAWeekOldThenRejects() {
        String org = fx.organization("OPTIONAL");
        String early = address();
        String late = address();
        ok(invite(org, early));
        ok(invite(org, late));
        String earlyToken = tokenTo(early);
        String lateToken = tokenTo(late);
        server.clock.advance(Duration.ofDays(7).minusSeconds(1));
        ok(authenticate(earlyToken, ""));
        server.clock.advance(Duration.ofSeconds(1));
        error(authenticate(lateToken, ""), 401, "unable_to_auth_magic_link");
    }

    @Test
    void inviteWhenReinvitedThenTheOlderInviteLinkDies() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        ok(invite(org, email));
        String first = tokenTo(email);
        server.clock.advance(Duration.ofSeconds(1));
        ok(invite(org, email));
        String second = tokenTo(email);
        error(authenticate(first, ""), 401, "unable_to_auth_magic_link");
        ok(authenticate(second, ""));
    }

    @Test
    void inviteWhenAddressIsAnActiveMemberThenDuplicateMemberEmail() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        error(invite(org, email), 400, "duplicate_member_email");
    }

    @Test
    void authenticateWhenInvitedMemberWasDeletedThenRejectsAndKeepsTheMemberDeleted() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        String member = ok(invite(org, email)).at("/member_id");
        String token = tokenTo(email);
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + member, null));

        error(authenticate(token, ""), 401, "unable_to_auth_magic_link");
        assertThat(queryString("SELECT status FROM members WHERE id = '" + member + "'"))
                .isEqualTo("deleted");
    }

    @Test
    void authenticateWhenDiscoveryAndLoginTokensAreSwappedThenRejects() {
        String[] s = loginLinkSent("");
        String email = address();
        ok(sendDiscovery(email, ""));
        String discovery = tokenTo(email);
        error(authenticate(discovery, ""), 401, "unable_to_auth_magic_link");
        error(authenticateDiscovery(s[2], ""), 401, "unable_to_auth_magic_link");
        ok(authenticate(s[2], ""));
        ok(authenticateDiscovery(discovery, ""));
        error(authenticateDiscovery(discovery, ""), 401, "unable_to_auth_magic_link");
    }

    // --- PKCE (RFC 7636 S256)

    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    @Test
    @DisplayName("PKCE: a link sent with a challenge needs its verifier; failures do not use the link up")
    void pkceLoginLink() {
        // RFC 7636 appendix B
        assertThat(Pkce.s256(VERIFIER)).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        String[] s = loginLinkSent(",\"pkce_code_challenge\":\"" + Pkce.s256(VERIFIER) + "\"");

        error(authenticate(s[2], ""), 400, "pkce_expected_code_verifier");
        error(authenticate(s[2], ",\"pkce_code_verifier\":\"" + VERIFIER + "x\""), 400, "pkce_mismatch");
        ok(authenticate(s[2], ",\"pkce_code_verifier\":\"" + VERIFIER + "\""));
        error(authenticate(s[2], ",\"pkce_code_verifier\":\"" + VERIFIER + "\""), 401, "unable_to_auth_magic_link");
    }

    @Test
    void pkceWhenLinkSentWithoutChallengeThenAVerifierIsRefused() {
        String[] s = loginLinkSent("");
        error(
                authenticate(s[2], ",\"pkce_code_verifier\":\"" + VERIFIER + "\""),
                400,
                "pkce_did_not_expect_code_verifier");
        ok(authenticate(s[2], ""));
    }

    @Test
    void pkceDiscoveryLink() {
        String email = address();
        ok(sendDiscovery(email, ",\"pkce_code_challenge\":\"" + Pkce.s256(VERIFIER) + "\""));
        String token = tokenTo(email);
        error(authenticateDiscovery(token, ""), 400, "pkce_expected_code_verifier");
        error(authenticateDiscovery(token, ",\"pkce_code_verifier\":\"wrong-verifier\""), 400, "pkce_mismatch");
        ok(authenticateDiscovery(token, ",\"pkce_code_verifier\":\"" + VERIFIER + "\""));
    }

    @Test
    void sendWhenPkceChallengeIsMalformedThenInvalidPkceCodeChallenge() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        error(
                loginOrSignup(org, email, ",\"pkce_code_challenge\":\"not a challenge\""),
                400,
                "invalid_pkce_code_challenge");
        assertThat(fx.messageCountTo(email)).isZero();
    }

    // --- redirect URLs

    @Test
    @DisplayName("Redirect URLs outside the project's allow-list are refused, per kind; listed ones and defaults work")
    void redirectUrlsOutsideTheAllowListAreRefused() {
        ProjectCredentials strict = server.newProject();
        var urls = server.app.services().redirectUrls();
        urls.add(strict.project(), "https://app.example.com/login", List.of(RedirectKind.LOGIN), true);
        urls.add(strict.project(), "https://app.example.com/signup", List.of(RedirectKind.SIGNUP), true);
        urls.add(strict.project(), "https://app.example.com/invite", List.of(RedirectKind.INVITE), true);
        urls.add(strict.project(), "https://app.example.com/discover", List.of(RedirectKind.DISCOVERY), true);
        String user = strict.project().id();
        String secret = strict.secret();
        String org = server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        "{\"organization_name\":\"Strict\",\"email_jit_provisioning\":\"RESTRICTED\","
                                + "\"email_allowed_domains\":[\"strict.test\"]}",
                        user,
                        secret)
                .at("/organization/organization_id");
        ok(server.call(
                "POST",
                "/v1/b2b/organizations/" + org + "/members",
                "{\"email_address\":\"active@strict.test\"}",
                user,
                secret));
        int members = countRows("members");
        String path = "/v1/b2b/magic_links/email/login_or_signup";
        String base = "{\"organization_id\":\"" + org + "\",";

        error(
                server.call(
                        "POST",
                        path,
                        base
                                + "\"email_address\":\"active@strict.test\",\"login_redirect_url\":\"https://evil.test/login\"}",
                        user,
                        secret),
                400,
                "invalid_login_redirect_url");
        error(
                server.call(
                        "POST",
                        path,
                        base
                                + "\"email_address\":\"new@strict.test\",\"signup_redirect_url\":\"https://app.example.com/login\"}",
                        user,
                        secret),
                400,
                "invalid_signup_redirect_url");
        assertThat(countRows("members"))
                .as("the refused signup created no member")
                .isEqualTo(members);
        error(
                server.call(
                        "POST",
                        "/v1/b2b/magic_links/email/invite",
                        base + "\"email_address\":\"inv@strict.test\",\"invite_redirect_url\":\"javascript:alert(1)\"}",
                        user,
                        secret),
                400,
                "invalid_invite_redirect_url");
        error(
                server.call(
                        "POST",
                        "/v1/b2b/magic_links/email/discovery/send",
                        "{\"email_address\":\"d@strict.test\",\"discovery_redirect_url\":\"http://app.example.com.evil.test/discover\"}",
                        user,
                        secret),
                400,
                "invalid_discovery_redirect_url");
        assertThat(countRows("members")).isEqualTo(members);

        // A listed URL may carry its own query; none given means the kind's default.
        ok(server.call(
                "POST",
                path,
                base
                        + "\"email_address\":\"active@strict.test\",\"login_redirect_url\":\"https://app.example.com/login?next=%2Fhome\"}",
                user,
                secret));
        var messages = server.call("GET", "/dev/v1/messages?limit=1", null, user, secret);
        assertThat(messages.at("/messages/0/link"))
                .startsWith(
                        "https://app.example.com/login?next=%2Fhome&stytch_token_type=multi_tenant_magic_links&token=");
        ok(server.call("POST", path, base + "\"email_address\":\"new@strict.test\"}", user, secret));
        messages = server.call("GET", "/dev/v1/messages?limit=1", null, user, secret);
        assertThat(messages.at("/messages/0/link")).startsWith("https://app.example.com/signup?stytch_token_type=");
    }

    @Test
    void sendWhenNoRedirectUrlGivenAndNoneConfiguredThenTheKindsMissingError() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        error(
                post(
                        "/v1/b2b/magic_links/email/login_or_signup",
                        "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\"}"),
                400,
                "no_match_for_provided_magic_link_url");
        error(
                post(
                        "/v1/b2b/magic_links/email/invite",
                        "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + address() + "\"}"),
                400,
                "no_default_invite_redirect_url_set");
        error(
                post("/v1/b2b/magic_links/email/discovery/send", "{\"email_address\":\"" + email + "\"}"),
                400,
                "no_discovery_redirect_url");
        assertThat(fx.messageCountTo(email)).isZero();
    }

    // --- who may join

    @Test
    void signupWhenJitNotAllowedThenEmailJitProvisioningNotAllowed() {
        String org = fx.organizationWith("\"email_jit_provisioning\":\"NOT_ALLOWED\"");
        int members = countRows("members");
        error(loginOrSignup(org, address(), ""), 403, "email_jit_provisioning_not_allowed");
        error(
                post(
                        "/v1/b2b/otps/email/login_or_signup",
                        "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + address() + "\"}"),
                403,
                "email_jit_provisioning_not_allowed");
        assertThat(countRows("members")).isEqualTo(members);
    }

    @Test
    void signupWhenDomainNotAllowedThenInvalidEmailForJitProvisioning() {
        String org = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"allowed.test\"]");
        int members = countRows("members");
        error(loginOrSignup(org, address(), ""), 403, "invalid_email_for_jit_provisioning");
        error(
                post(
                        "/v1/b2b/otps/email/login_or_signup",
                        "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + address() + "\"}"),
                403,
                "invalid_email_for_jit_provisioning");
        assertThat(countRows("members")).isEqualTo(members);
        ok(loginOrSignup(org, "someone@allowed.test", ""));
    }

    @Test
    void discoveryExchangeWhenOrganizationDoesNotAllowTheAddressThenRefused() {
        String closed = fx.organizationWith("\"email_jit_provisioning\":\"NOT_ALLOWED\"");
        String otherDomain = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"elsewhere.test\"]");
        String email = address();
        ok(sendDiscovery(email, ""));
        Response d = ok(authenticateDiscovery(tokenTo(email), ""));
        assertThat(d.json().get("discovered_organizations")).isEmpty();
        String ist = d.at("/intermediate_session_token");
        int members = countRows("members");
        String exchange = "/v1/b2b/discovery/intermediate_sessions/exchange";
        error(
                post(
                        exchange,
                        "{\"intermediate_session_token\":\"" + ist + "\",\"organization_id\":\"" + closed + "\"}"),
                403,
                "email_jit_provisioning_not_allowed");
        error(
                post(
                        exchange,
                        "{\"intermediate_session_token\":\"" + ist + "\",\"organization_id\":\"" + otherDomain + "\"}"),
                403,
                "invalid_email_for_jit_provisioning");
        assertThat(countRows("members")).isEqualTo(members);
        // The refusals did not use the IST up.
        ok(post("/v1/b2b/discovery/organizations", "{\"intermediate_session_token\":\"" + ist + "\"}"));
    }

    // --- the organization's primary-auth restriction

    @Test
    @DisplayName("auth_methods RESTRICTED to password: a magic link yields primary_required; the password completes it")
    void magicLinkIntoPasswordOnlyOrganizationThenPasswordCompletes() {
        String org = fx.organizationWith("\"auth_methods\":\"RESTRICTED\",\"allowed_auth_methods\":[\"password\"]");
        String email = address();
        String member = fx.memberWithPassword(org, email);
        ok(loginOrSignup(org, email, ""));

        Response first = ok(authenticate(tokenTo(email), ""));
        assertThat(first.json().get("member_authenticated").asBoolean()).isFalse();
        assertThat(first.json().get("member_session").isNull()).isTrue();
        assertThat(first.at("/session_token")).isEmpty();
        assertThat(first.json().at("/primary_required/allowed_auth_methods").toString())
                .isEqualTo("[\"password\"]");
        assertThat(first.json().get("mfa_required").isNull()).isTrue();
        String ist = first.at("/intermediate_session_token");
        assertThat(ist).isNotEmpty();

        Response done = ok(post(
                "/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\""
                        + Fixtures.PASSWORD + "\",\"intermediate_session_token\":\"" + ist + "\"}"));
        assertThat(done.json().get("member_authenticated").asBoolean())
                .as(done.text())
                .isTrue();
        assertThat(done.at("/member_id")).isEqualTo(member);
        List<String> types = new java.util.ArrayList<>();
        done.json()
                .at("/member_session/authentication_factors")
                .forEach(f -> types.add(f.get("type").asText()));
        assertThat(types).containsExactlyInAnyOrder("magic_link", "password");
    }

    @Test
    @DisplayName("Discovery into a password-only organization: primary_required, and the password completes the IST")
    void discoveryIntoPasswordOnlyOrganizationThenPasswordCompletes() {
        String org = fx.organizationWith("\"auth_methods\":\"RESTRICTED\",\"allowed_auth_methods\":[\"password\"]");
        String email = address();
        String member = fx.memberWithPassword(org, email);
        ok(sendDiscovery(email, ""));
        Response d = ok(authenticateDiscovery(tokenTo(email), ""));
        assertThat(d.json()
                        .at("/discovered_organizations/0/primary_required/allowed_auth_methods")
                        .toString())
                .isEqualTo("[\"password\"]");
        assertThat(d.json()
                        .at("/discovered_organizations/0/member_authenticated")
                        .asBoolean())
                .isFalse();
        String ist = d.at("/intermediate_session_token");

        Response in = ok(post(
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                "{\"intermediate_session_token\":\"" + ist + "\",\"organization_id\":\"" + org + "\"}"));
        assertThat(in.json().get("member_authenticated").asBoolean()).isFalse();
        assertThat(in.at("/intermediate_session_token")).isEqualTo(ist);
        assertThat(in.json().at("/primary_required/allowed_auth_methods").toString())
                .isEqualTo("[\"password\"]");

        Response done = ok(post(
                "/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\""
                        + Fixtures.PASSWORD + "\",\"intermediate_session_token\":\"" + ist + "\"}"));
        assertThat(done.json().get("member_authenticated").asBoolean())
                .as(done.text())
                .isTrue();
        assertThat(done.at("/member_id")).isEqualTo(member);
        // The IST became the session.
        error(
                post("/v1/b2b/discovery/organizations", "{\"intermediate_session_token\":\"" + ist + "\"}"),
                404,
                "intermediate_session_not_found");
    }

    @Test
    void liveProjectWithoutRedirectUrlsRefusesEveryUrl() {
        ProjectCredentials live = server.app.services().projects().create(dev.latchkey.project.Environment.LIVE);
        Response r = server.call(
                "POST",
                "/v1/b2b/magic_links/email/discovery/send",
                "{\"email_address\":\"" + address() + "\",\"discovery_redirect_url\":\"http://localhost:3000/d\"}",
                live.project().id(),
                live.secret());
        error(r, 400, "invalid_discovery_redirect_url");
    }

    @Test
    void discoveryWhenIstCameFromAPasswordThenInsufficientFactors() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String email = address();
        fx.memberWithPassword(org, email);
        Response login = ok(post(
                "/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\""
                        + Fixtures.PASSWORD + "\"}"));
        String ist = login.at("/intermediate_session_token");
        assertThat(ist).isNotEmpty();

        error(
                post(
                        "/v1/b2b/discovery/intermediate_sessions/exchange",
                        "{\"intermediate_session_token\":\"" + ist + "\",\"organization_id\":\"" + org + "\"}"),
                400,
                "insufficient_factors");
        error(
                post("/v1/b2b/discovery/organizations", "{\"intermediate_session_token\":\"" + ist + "\"}"),
                400,
                "insufficient_factors");
        int orgs = countRows("organizations");
        error(
                post(
                        "/v1/b2b/discovery/organizations/create",
                        "{\"intermediate_session_token\":\"" + ist + "\",\"organization_name\":\"Nope\"}"),
                400,
                "insufficient_factors");
        assertThat(countRows("organizations")).isEqualTo(orgs);
    }

    // --- sending

    @Test
    void sendTwiceToOneAddressWithinASecondThenTooManyRequests() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        ok(loginOrSignup(org, email, ""));
        error(loginOrSignup(org, email, ""), 429, "too_many_requests");
        error(sendDiscovery(email, ""), 429, "too_many_requests");
        error(invite(fx.organization("OPTIONAL"), email), 429, "too_many_requests");
        assertThat(fx.messageCountTo(email)).isEqualTo(1);

        // Another address, and the same address in another project, are not limited.
        ok(sendDiscovery(address(), ""));
        ProjectCredentials other = server.newProject();
        assertThat(server.call(
                                "POST",
                                "/v1/b2b/magic_links/email/discovery/send",
                                "{\"email_address\":\"" + email
                                        + "\",\"discovery_redirect_url\":\"http://localhost:3000/d\"}",
                                other.project().id(),
                                other.secret())
                        .status())
                .isEqualTo(200);

        server.clock.advance(Duration.ofSeconds(1));
        ok(loginOrSignup(org, email, ""));
        assertThat(fx.messageCountTo(email)).isEqualTo(2);
    }

    @Test
    @DisplayName("Discovery sends answer identically for a member's address and an unknown one")
    void discoverySendDoesNotTellWhetherAnAddressIsKnown() {
        String org = fx.organization("OPTIONAL");
        String known = address();
        fx.member(org, known);
        String unknown = address();

        for (String path : List.of("/v1/b2b/magic_links/email/discovery/send", "/v1/b2b/otps/email/discovery/send")) {
            server.clock.advance(Duration.ofSeconds(1));
            Response a = ok(post(
                    path,
                    "{\"email_address\":\"" + known + "\",\"discovery_redirect_url\":\"http://localhost:3000/d\"}"));
            Response b = ok(post(
                    path,
                    "{\"email_address\":\"" + unknown + "\",\"discovery_redirect_url\":\"http://localhost:3000/d\"}"));
            ObjectNode ja = ((ObjectNode) a.json()).deepCopy();
            ObjectNode jb = ((ObjectNode) b.json()).deepCopy();
            ja.remove("request_id");
            jb.remove("request_id");
            assertThat(ja).isEqualTo(jb);
            assertThat(ja.fieldNames()).toIterable().containsExactly("status_code");
        }
        assertThat(fx.messageCountTo(known)).isEqualTo(2);
        assertThat(fx.messageCountTo(unknown)).isEqualTo(2);
    }
}
