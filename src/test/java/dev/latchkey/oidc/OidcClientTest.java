package dev.latchkey.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.testidp.TestOidcProvider;
import dev.latchkey.testidp.TestOidcProvider.Misbehavior;
import dev.latchkey.testidp.TestOidcProviderUser;
import dev.latchkey.testing.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OIDC client against the test provider: the whole code flow, and every ID token refusal. */
class OidcClientTest {
    private static final String REDIRECT = "http://localhost:9/v1/b2b/oauth/callback/oauth-callback-test-1";
    private static final String VERIFIER = "a".repeat(64);

    private static final MutableClock clock = MutableClock.startingNow();
    private static TestOidcProvider idp;
    private static TestOidcProvider github;
    private final OidcClient client = new OidcClient(clock);

    @BeforeAll
    static void start() {
        idp = TestOidcProvider.startOidc(clock);
        github = TestOidcProvider.startPlainOAuth2(clock);
    }

    @AfterAll
    static void stop() {
        idp.close();
        github.close();
    }

    @BeforeEach
    void behave() {
        idp.misbehave(Misbehavior.NONE);
        idp.nextUser(TestOidcProviderUser.withEmail("ada@acme.com").claim("hd", "acme.com"));
    }

    @Test
    void codeFlowGivesAVerifiedIdTokenAndUserinfo() {
        OidcEndpoints endpoints = client.discover(idp.issuer());
        assertThat(endpoints).isEqualTo(idp.endpoints());

        URI authorize = client.authorizationUrl(
                endpoints,
                TestOidcProvider.CLIENT_ID,
                REDIRECT,
                "openid email profile",
                "the-state",
                "the-nonce",
                s256(VERIFIER),
                Map.of("prompt", "login", "state", "smuggled"));
        Map<String, String> callback = query(idp.callbackFor(authorize));
        assertThat(idp.lastAuthorizeRequest())
                .containsEntry("prompt", "login")
                .containsEntry("state", "the-state")
                .containsEntry("nonce", "the-nonce")
                .containsEntry("code_challenge_method", "S256");
        assertThat(callback).containsEntry("state", "the-state").containsEntry("iss", idp.issuer());

        OidcTokens tokens = client.exchangeCode(
                endpoints,
                TestOidcProvider.CLIENT_ID,
                TestOidcProvider.CLIENT_SECRET,
                REDIRECT,
                callback.get("code"),
                VERIFIER);
        assertThat(tokens.accessToken()).isNotBlank();
        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(tokens.expiresIn()).isEqualTo(3600L);
        assertThat(tokens.scopes()).containsExactly("openid", "email", "profile");

        JWTClaimsSet claims =
                client.verifyIdToken(endpoints, TestOidcProvider.CLIENT_ID, tokens.idToken(), "the-nonce");
        assertThat(claims.getClaim("email")).isEqualTo("ada@acme.com");
        assertThat(claims.getClaim("email_verified")).isEqualTo(true);
        assertThat(claims.getClaim("hd")).isEqualTo("acme.com");

        assertThat(client.userinfo(endpoints, tokens.accessToken()))
                .containsEntry("email", "ada@acme.com")
                .containsEntry("sub", claims.getSubject());
    }

    @Test
    void exchangeWhenCodeReplayedThenInvalidGrant() {
        OidcEndpoints endpoints = idp.endpoints();
        String code = code(endpoints, null, null);
        client.exchangeCode(
                endpoints, TestOidcProvider.CLIENT_ID, TestOidcProvider.CLIENT_SECRET, REDIRECT, code, null);
        assertThatThrownBy(() -> client.exchangeCode(
                        endpoints, TestOidcProvider.CLIENT_ID, TestOidcProvider.CLIENT_SECRET, REDIRECT, code, null))
                .isInstanceOfSatisfying(OidcException.class, e -> assertThat(e.failure())
                        .isEqualTo(OidcException.Failure.INVALID_GRANT));
    }

    @Test
    void exchangeWhenPkceVerifierWrongThenInvalidGrant() {
        OidcEndpoints endpoints = idp.endpoints();
        String code = code(endpoints, null, s256(VERIFIER));
        assertThatThrownBy(() -> client.exchangeCode(
                        endpoints,
                        TestOidcProvider.CLIENT_ID,
                        TestOidcProvider.CLIENT_SECRET,
                        REDIRECT,
                        code,
                        "b".repeat(64)))
                .isInstanceOfSatisfying(OidcException.class, e -> assertThat(e.failure())
                        .isEqualTo(OidcException.Failure.INVALID_GRANT));
    }

    @Test
    void exchangeWhenSecretWrongThenInvalidClient() {
        OidcEndpoints endpoints = idp.endpoints();
        String code = code(endpoints, null, null);
        assertThatThrownBy(
                        () -> client.exchangeCode(endpoints, TestOidcProvider.CLIENT_ID, "wrong", REDIRECT, code, null))
                .isInstanceOfSatisfying(OidcException.class, e -> assertThat(e.failure())
                        .isEqualTo(OidcException.Failure.INVALID_CLIENT));
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
    void verifyWhenIdTokenSpoiledThenRefused(Misbehavior how) {
        OidcEndpoints endpoints = idp.endpoints();
        idp.misbehave(how);
        String code = code(endpoints, "the-nonce", null);
        OidcTokens tokens = client.exchangeCode(
                endpoints, TestOidcProvider.CLIENT_ID, TestOidcProvider.CLIENT_SECRET, REDIRECT, code, null);
        assertThatThrownBy(() ->
                        client.verifyIdToken(endpoints, TestOidcProvider.CLIENT_ID, tokens.idToken(), "the-nonce"))
                .isInstanceOfSatisfying(OidcException.class, e -> assertThat(e.failure())
                        .isEqualTo(OidcException.Failure.INVALID_ID_TOKEN));
    }

    @Test
    void verifyWhenClockPastExpiryPlusSkewThenRefused() {
        OidcEndpoints endpoints = idp.endpoints();
        String code = code(endpoints, null, null);
        String idToken = client.exchangeCode(
                        endpoints, TestOidcProvider.CLIENT_ID, TestOidcProvider.CLIENT_SECRET, REDIRECT, code, null)
                .idToken();
        clock.advance(Duration.ofMinutes(60).plusSeconds(30));
        try {
            assertThat(client.verifyIdToken(endpoints, TestOidcProvider.CLIENT_ID, idToken, null)
                            .getSubject())
                    .isNotBlank();
            clock.advance(Duration.ofSeconds(31));
            assertThatThrownBy(() -> client.verifyIdToken(endpoints, TestOidcProvider.CLIENT_ID, idToken, null))
                    .hasMessageContaining("expired");
        } finally {
            clock.advance(Duration.ofSeconds(-61 - 3600));
        }
    }

    @Test
    void microsoftTenantTemplateIsFilledFromTid() {
        idp.nextUser(TestOidcProviderUser.withEmail("bo@contoso.com").claim("tid", "tenant-1"));
        OidcEndpoints real = idp.endpoints();
        String code = code(real, null, null);
        String idToken = client.exchangeCode(
                        real, TestOidcProvider.CLIENT_ID, TestOidcProvider.CLIENT_SECRET, REDIRECT, code, null)
                .idToken();
        var template = new OidcEndpoints(
                idp.issuer() + "/{tenantid}",
                real.authorizationUrl(),
                real.tokenUrl(),
                real.userinfoUrl(),
                real.jwksUrl());
        // The test provider's issuer has no tenant segment, so the filled template must not match it.
        assertThatThrownBy(() -> client.verifyIdToken(template, TestOidcProvider.CLIENT_ID, idToken, null))
                .hasMessageContaining(idp.issuer() + "/tenant-1");
    }

    @Test
    void discoverWhenNoDocumentThenDiscoveryFailure() {
        assertThatThrownBy(() -> client.discover(github.issuer()))
                .isInstanceOfSatisfying(
                        OidcException.class, e -> assertThat(e.failure()).isEqualTo(OidcException.Failure.DISCOVERY));
    }

    @Test
    void plainOAuth2GivesTheUserApiAndEmails() {
        github.nextUser(
                TestOidcProviderUser.withEmail("cy@gh.example").subject("4242").unverified());
        OidcEndpoints endpoints = github.endpoints();
        URI authorize = client.authorizationUrl(
                endpoints, TestOidcProvider.CLIENT_ID, REDIRECT, "read:user user:email", "s", null, null, Map.of());
        Map<String, String> callback = query(github.callbackFor(authorize));
        assertThat(github.lastAuthorizeRequest()).doesNotContainKey("nonce");
        OidcTokens tokens = client.exchangeCode(
                endpoints,
                TestOidcProvider.CLIENT_ID,
                TestOidcProvider.CLIENT_SECRET,
                REDIRECT,
                callback.get("code"),
                null);
        assertThat(tokens.idToken()).isNull();
        assertThat(client.userinfo(endpoints, tokens.accessToken()))
                .containsEntry("id", "4242")
                .containsEntry("login", "cy");
        assertThat(client.fetchJson(endpoints.userinfoUrl() + "/emails", tokens.accessToken()))
                .isEqualTo(List.of(
                        Map.of("email", "cy@gh.example", "primary", true, "verified", false, "visibility", "public")));
    }

    private String code(OidcEndpoints endpoints, String nonce, String challenge) {
        URI authorize = client.authorizationUrl(
                endpoints, TestOidcProvider.CLIENT_ID, REDIRECT, "openid email", "st", nonce, challenge, null);
        return query(idp.callbackFor(authorize)).get("code");
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        var params = new LinkedHashMap<String, String>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
