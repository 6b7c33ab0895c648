package dev.latchkey.oauth;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.oauth.AuthenticateRequest;
import com.stytch.java.b2b.models.oauth.AuthenticateResponse;
import com.stytch.java.b2b.models.organizationsmembersoauthproviders.GoogleResponse;
import com.stytch.java.b2b.models.organizationsmembersoauthproviders.ProviderInformationRequest;
import dev.latchkey.testidp.TestOidcProvider;
import dev.latchkey.testidp.TestOidcProviderUser;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth login end to end (SSO_OAUTH.md §2): the test provider stands in for Google and Microsoft (OpenID Connect,
 * issuer configured on the project) and, in its plain mode, for GitHub; the application's part is played through the
 * official Java SDK.
 */
class OAuthFlowTest {
    static TestServer server;
    static Flows flows;
    static Fixtures fx;
    static StytchB2BClient sdk;
    static OAuthRig rig;
    static TestOidcProvider google;
    static TestOidcProvider microsoft;
    static TestOidcProvider github;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        fx = new Fixtures(server);
        sdk = server.sdk();
        rig = new OAuthRig(server);
        google = TestOidcProvider.startOidc(server.clock);
        microsoft = TestOidcProvider.startMultiTenant(server.clock);
        github = TestOidcProvider.startPlainOAuth2(server.clock);
        configure(server, google, microsoft, github);
    }

    static void configure(
            TestServer server, TestOidcProvider google, TestOidcProvider microsoft, TestOidcProvider github) {
        OAuthProviders providers = server.app.services().oauthProviders();
        var project = server.project.project();
        var redirects = server.app.services().redirectUrls();
        redirects.add(project, OAuthRig.LOGIN_URL, List.of(dev.latchkey.project.RedirectKind.LOGIN), true);
        redirects.add(project, OAuthRig.SIGNUP_URL, List.of(dev.latchkey.project.RedirectKind.SIGNUP), true);
        redirects.add(project, OAuthRig.DISCOVERY_URL, List.of(dev.latchkey.project.RedirectKind.DISCOVERY), true);
        providers.set(
                project,
                OAuthProvider.GOOGLE,
                new OAuthProviderSettings(
                        TestOidcProvider.CLIENT_ID, TestOidcProvider.CLIENT_SECRET, google.issuer(), null, null, null));
        providers.set(
                project,
                OAuthProvider.MICROSOFT,
                new OAuthProviderSettings(
                        TestOidcProvider.CLIENT_ID,
                        TestOidcProvider.CLIENT_SECRET,
                        microsoft.issuer(),
                        null,
                        null,
                        null));
        providers.set(
                project,
                OAuthProvider.GITHUB,
                new OAuthProviderSettings(
                        TestOidcProvider.CLIENT_ID,
                        TestOidcProvider.CLIENT_SECRET,
                        null,
                        github.authorizationUrl(),
                        github.tokenUrl(),
                        github.userinfoUrl()));
    }

    @AfterAll
    static void stop() {
        google.close();
        microsoft.close();
        github.close();
        server.close();
    }

    static String email(String domain) {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    }

    static AuthenticateResponse authenticate(String token, String verifier) {
        return Fixtures.ok(sdk.getOauth()
                .authenticateCompletable(new AuthenticateRequest(token, null, null, null, null, verifier, null, null)));
    }

    @Test
    void googleLoginIntoAnOptionalOrganizationGivesASessionAndKeepsTheProviderTokens() {
        String org = flows.organization();
        String address = email("acme.com");
        String member = fx.member(org, address);
        google.nextUser(TestOidcProviderUser.withEmail(address).claim("hd", "acme.com"));

        String token = rig.token(
                google, "google", OAuthRig.LOGIN_URL, "organization_id", org, "login_redirect_url", OAuthRig.LOGIN_URL);
        assertThat(google.lastAuthorizeRequest())
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("nonce", "state", "code_challenge")
                .containsEntry("scope", "openid email profile");
        AuthenticateResponse r = authenticate(token, null);

        assertThat(r.getMemberAuthenticated()).isTrue();
        assertThat(r.getMemberId()).isEqualTo(member);
        assertThat(r.getProviderType()).isEqualTo("google");
        assertThat(r.getProviderSubject())
                .isEqualTo(TestOidcProviderUser.withEmail(address).subject());
        assertThat(r.getSessionToken()).isNotEmpty();
        assertThat(r.getMemberSession()
                        .getAuthenticationFactors()
                        .getFirst()
                        .getDeliveryMethod()
                        .toString())
                .isEqualToIgnoringCase("oauth_google");
        assertThat(r.getProviderValues().getAccessToken()).isNotEmpty();
        assertThat(r.getMember().getOauthRegistrations()).hasSize(1);
        assertThat(r.getMember().getOauthRegistrations().getFirst().getProviderType())
                .isEqualTo("google");

        GoogleResponse tokens = Fixtures.ok(sdk.getOrganizations()
                .getMembers()
                .getOauthProviders()
                .googleCompletable(new ProviderInformationRequest(org, member)));
        assertThat(tokens.getAccessToken()).isEqualTo(r.getProviderValues().getAccessToken());
        assertThat(tokens.getProviderSubject()).isEqualTo(r.getProviderSubject());
    }

    @Test
    void requiredForAllOrganizationGivesAnIntermediateSessionThatTotpCompletes() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String address = email("acme.com");
        String member = fx.member(org, address);
        google.nextUser(TestOidcProviderUser.withEmail(address).claim("hd", "acme.com"));

        AuthenticateResponse r = authenticate(
                rig.token(
                        google,
                        "google",
                        OAuthRig.LOGIN_URL,
                        "organization_id",
                        org,
                        "login_redirect_url",
                        OAuthRig.LOGIN_URL),
                null);

        assertThat(r.getMemberAuthenticated()).isFalse();
        assertThat(r.getSessionToken()).isEmpty();
        assertThat(r.getMfaRequired()).isNotNull();
        String ist = r.getIntermediateSessionToken();
        assertThat(ist).isNotEmpty();
        TestServer.Response created = ok(flows.post(
                "/v1/b2b/totp", "organization_id", org, "member_id", member, "intermediate_session_token", ist));
        TestServer.Response done = ok(flows.authenticateTotp(
                org, member, flows.totpCode(created.at("/secret")), "intermediate_session_token", ist));
        assertThat(done.at("/session_token")).isNotEmpty();
        assertThat(done.json().at("/member_session/authentication_factors").toString())
                .contains("oauth_google", "authenticator_app");
    }

    @Test
    void microsoftLoginWithAVerifiedDomainGivesASession() {
        String org = flows.organization();
        String address = email("contoso.com");
        fx.member(org, address);
        microsoft.nextUser(
                TestOidcProviderUser.withEmail(address).claim("tid", "tenant-1").claim("xms_edov", true));

        AuthenticateResponse r =
                authenticate(rig.token(microsoft, "microsoft", OAuthRig.LOGIN_URL, "slug", slugOf(org)), null);

        assertThat(r.getMemberAuthenticated()).isTrue();
        assertThat(r.getProviderType()).isEqualTo("microsoft");
        assertThat(microsoft.lastAuthorizeRequest()).containsEntry("scope", "openid email profile offline_access");
    }

    @Test
    void jitByVerifiedEmailDomainCreatesTheMemberAndSendsToTheSignupUrl() {
        String org = flows.organization(
                "email_jit_provisioning", "RESTRICTED", "email_allowed_domains", List.of("jit.example"));
        String address = email("jit.example");
        google.nextUser(TestOidcProviderUser.withEmail(address).claim("hd", "jit.example"));

        String token = rig.token(
                google,
                "google",
                OAuthRig.SIGNUP_URL,
                "organization_id",
                org,
                "signup_redirect_url",
                OAuthRig.SIGNUP_URL);
        AuthenticateResponse r = authenticate(token, null);

        assertThat(r.getMemberAuthenticated()).isTrue();
        assertThat(r.getMember().getEmailAddress()).isEqualTo(address);
        assertThat(r.getMember().getStatus()).isEqualTo("active");
        assertThat(r.getMember().getEmailAddressVerified()).isTrue();
    }

    @Test
    void jitWhenNotAllowedOrEmailUnverifiedThenRefusedAtTheCallbackAndNothingWritten() {
        String closed = flows.organization();
        String open = flows.organization(
                "email_jit_provisioning", "RESTRICTED", "email_allowed_domains", List.of("jit.example"));
        var tables = new dev.latchkey.testing.Tables(server.databaseUrl);

        google.nextUser(TestOidcProviderUser.withEmail(email("jit.example")).claim("hd", "jit.example"));
        String toClosed = rig.toCallback(
                google, "google", false, "organization_id", closed, "login_redirect_url", OAuthRig.LOGIN_URL);
        var before = tables.snapshot();
        OAuthRig.Answer refused = rig.get(toClosed);
        assertThat(tables.snapshot()).isEqualTo(before);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorType()).isEqualTo("email_jit_provisioning_not_allowed");

        google.nextUser(TestOidcProviderUser.withEmail(email("jit.example"))); // no hd: Google did not vouch
        String unverified = rig.toCallback(
                google, "google", false, "organization_id", open, "login_redirect_url", OAuthRig.LOGIN_URL);
        before = tables.snapshot();
        OAuthRig.Answer refusedToo = rig.get(unverified);
        assertThat(tables.snapshot()).isEqualTo(before);
        assertThat(refusedToo.status()).isEqualTo(400);
        assertThat(refusedToo.errorType()).isEqualTo("oauth_unverified_email");
    }

    @Test
    void unverifiedEmailOfAnExistingMemberLeavesPrimaryRequired() {
        String org = flows.organization();
        String address = email("gmail.com");
        fx.member(org, address);
        google.nextUser(TestOidcProviderUser.withEmail(address)); // no hd

        AuthenticateResponse r = authenticate(
                rig.token(
                        google,
                        "google",
                        OAuthRig.LOGIN_URL,
                        "organization_id",
                        org,
                        "login_redirect_url",
                        OAuthRig.LOGIN_URL),
                null);

        assertThat(r.getMemberAuthenticated()).isFalse();
        assertThat(r.getIntermediateSessionToken()).isNotEmpty();
        assertThat(r.getPrimaryRequired().getAllowedAuthMethods()).contains("magic_link");
    }

    @Test
    void githubPlainOAuthWithTenantJitCreatesTheMemberButAsksForAVerifiedEmail() {
        String org = flows.organization(
                "oauth_tenant_jit_provisioning",
                "RESTRICTED",
                "allowed_oauth_tenants",
                java.util.Map.of("github", List.of("acme-org")));
        String address = email("personal.example");
        github.nextUser(TestOidcProviderUser.withEmail(address).subject("4242").claim("orgs", List.of("acme-org")));

        String token = rig.token(
                github,
                "github",
                OAuthRig.SIGNUP_URL,
                "organization_id",
                org,
                "signup_redirect_url",
                OAuthRig.SIGNUP_URL);
        AuthenticateResponse r = authenticate(token, null);

        assertThat(r.getProviderType()).isEqualTo("github");
        assertThat(r.getProviderSubject()).isEqualTo("4242");
        assertThat(r.getMemberAuthenticated()).isFalse();
        assertThat(r.getPrimaryRequired().getAllowedAuthMethods()).contains("magic_link");
        assertThat(github.lastAuthorizeRequest()).doesNotContainKey("nonce");

        github.nextUser(
                TestOidcProviderUser.withEmail(email("personal.example")).claim("orgs", List.of("other")));
        OAuthRig.Answer refused =
                rig.login(github, "github", false, "organization_id", org, "login_redirect_url", OAuthRig.LOGIN_URL);
        assertThat(refused.errorType()).isEqualTo("invalid_oauth_tenant_for_jit_provisioning");
    }

    @Test
    void allowedAuthMethodsWithoutGoogleLeavesPrimaryRequired() {
        String org = flows.organization(
                "auth_methods", "RESTRICTED", "allowed_auth_methods", List.of("magic_link", "microsoft_oauth"));
        String address = email("acme.com");
        fx.member(org, address);
        google.nextUser(TestOidcProviderUser.withEmail(address).claim("hd", "acme.com"));

        AuthenticateResponse r = authenticate(
                rig.token(
                        google,
                        "google",
                        OAuthRig.LOGIN_URL,
                        "organization_id",
                        org,
                        "login_redirect_url",
                        OAuthRig.LOGIN_URL),
                null);

        assertThat(r.getMemberAuthenticated()).isFalse();
        assertThat(r.getPrimaryRequired().getAllowedAuthMethods()).containsExactly("magic_link", "microsoft_oauth");
    }

    @Test
    void discoveryFindsTheOrganizationsAndTheIntermediateSessionEntersOne() {
        String org = flows.organization();
        String address = email("disco.example");
        fx.member(org, address);
        google.nextUser(TestOidcProviderUser.withEmail(address).claim("hd", "disco.example"));

        String token =
                rig.token(google, "google", OAuthRig.DISCOVERY_URL, "discovery_redirect_url", OAuthRig.DISCOVERY_URL);
        var r = Fixtures.ok(sdk.getOauth()
                .getDiscovery()
                .authenticateCompletable(new com.stytch.java.b2b.models.oauthdiscovery.AuthenticateRequest(
                        token, null, null, null, null, null)));

        assertThat(r.getEmailAddress()).isEqualTo(address);
        assertThat(r.getProviderType()).isEqualTo("google");
        assertThat(r.getDiscoveredOrganizations()).hasSize(1);
        assertThat(r.getDiscoveredOrganizations().getFirst().getMembership().getType())
                .isEqualTo("active_member");
        TestServer.Response entered = ok(flows.post(
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                "intermediate_session_token",
                r.getIntermediateSessionToken(),
                "organization_id",
                org));
        assertThat(entered.json().get("member_authenticated").asBoolean()).isTrue();
    }

    @Test
    void discoveryWithAnUnverifiedEmailListsMembershipsAndTenantsButEnteringNeedsAnEmailFactor() {
        String tenantOrg = flows.organization(
                "oauth_tenant_jit_provisioning",
                "RESTRICTED",
                "allowed_oauth_tenants",
                java.util.Map.of("github", List.of("disco-org")));
        String address = email("unverified.example");
        String domainOrg = flows.organization(
                "email_jit_provisioning", "RESTRICTED", "email_allowed_domains", List.of("unverified.example"));
        String memberOrg = flows.organization();
        fx.member(memberOrg, address);
        github.nextUser(TestOidcProviderUser.withEmail(address).claim("orgs", List.of("disco-org", "other")));

        String token =
                rig.token(github, "github", OAuthRig.DISCOVERY_URL, "discovery_redirect_url", OAuthRig.DISCOVERY_URL);
        TestServer.Response r = ok(flows.post("/v1/b2b/oauth/discovery/authenticate", "discovery_oauth_token", token));

        assertThat(r.at("/provider_type")).isEqualTo("github");
        assertThat(r.json().get("provider_tenant_ids").toString()).isEqualTo("[\"disco-org\",\"other\"]");
        var found = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        r.json()
                .get("discovered_organizations")
                .forEach(d -> found.put(d.at("/organization/organization_id").asText(), d));
        assertThat(found).containsOnlyKeys(memberOrg, tenantOrg).doesNotContainKey(domainOrg);
        assertThat(found.get(tenantOrg).at("/membership/type").asText()).isEqualTo("eligible_to_join_by_oauth_tenant");
        assertThat(found.get(tenantOrg).at("/membership/details/provider").asText())
                .isEqualTo("github");
        assertThat(found.get(tenantOrg).at("/membership/details/tenant").asText())
                .isEqualTo("disco-org");
        assertThat(found.get(memberOrg)
                        .at("/primary_required/allowed_auth_methods")
                        .toString())
                .contains("magic_link");

        String ist = r.at("/intermediate_session_token");
        fails(
                flows.post(
                        "/v1/b2b/discovery/intermediate_sessions/exchange",
                        "intermediate_session_token",
                        ist,
                        "organization_id",
                        domainOrg),
                400,
                "oauth_unverified_email");
        TestServer.Response joined = ok(flows.post(
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                "intermediate_session_token",
                ist,
                "organization_id",
                tenantOrg));
        assertThat(joined.json().get("member_authenticated").asBoolean()).isFalse();
        assertThat(joined.at("/primary_required/allowed_auth_methods")).isNotNull();
        assertThat(joined.at("/member/email_address_verified")).isEqualTo("false");
    }

    @Test
    void theBrowserSdkRedeemsTheTokenWithThePublicTokenAndGetsItUnderData() {
        String app = "http://localhost:3000";
        server.app.services().authorizedOrigins().add(server.projectId(), app);
        String org = flows.organization();
        String address = email("acme.com");
        fx.member(org, address);
        google.nextUser(TestOidcProviderUser.withEmail(address).claim("hd", "acme.com"));
        String token = rig.token(google, "google", OAuthRig.LOGIN_URL, "organization_id", org);
        String publicToken = server.project.project().publicToken();
        String basic = java.util.Base64.getEncoder()
                .encodeToString((publicToken + ":" + publicToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        TestServer.Response r = server.sendWithHeaders(
                "POST",
                "/sdk/v1/b2b/oauth/authenticate",
                Flows.json("oauth_token", token),
                java.util.Map.of(
                        "Authorization",
                        "Basic " + basic,
                        "Origin",
                        app,
                        "X-SDK-Parent-Host",
                        app,
                        "X-SDK-Client",
                        java.util.Base64.getEncoder()
                                .encodeToString("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        ok(r);
        assertThat(r.at("/data/member_authenticated")).isEqualTo("true");
        assertThat(r.at("/data/provider_type")).isEqualTo("google");
        assertThat(r.at("/data/session_token")).isNotEmpty();
    }

    private static String slugOf(String org) {
        return flows.get("/v1/b2b/organizations/" + org).at("/organization/organization_slug");
    }
}
