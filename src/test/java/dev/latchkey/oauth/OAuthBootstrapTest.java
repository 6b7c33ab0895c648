package dev.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testidp.TestOidcProvider;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code LATCHKEY_OAUTH_<PROVIDER>_*} configure the bootstrap project's providers at start. */
class OAuthBootstrapTest {
    static final String PROJECT = "project-test-0a7b1c2d-0000-4000-8000-00000000aa01";

    @Test
    void environmentConfiguresTheBootstrapProjectsProviders() {
        try (var idp = TestOidcProvider.startOidc(MutableClock.startingNow());
                var server = new TestServer(Map.of(
                        "LATCHKEY_PROJECT_ID", PROJECT,
                        "LATCHKEY_PROJECT_SECRET", "secret-test-oauth-bootstrap-0123456789abcdef",
                        "LATCHKEY_PUBLIC_TOKEN", "public-token-test-0a7b1c2d-0000-4000-8000-00000000aa01",
                        "LATCHKEY_OAUTH_GOOGLE_CLIENT_ID", "google-client",
                        "LATCHKEY_OAUTH_GOOGLE_CLIENT_SECRET", "google-secret",
                        "LATCHKEY_OAUTH_GOOGLE_ISSUER", idp.issuer(),
                        "LATCHKEY_OAUTH_GITHUB_CLIENT_ID", "github-client",
                        "LATCHKEY_OAUTH_GITHUB_CLIENT_SECRET", "github-secret"))) {
            var project = server.app.services().projects().find(PROJECT).orElseThrow();

            var configured = server.app.services().oauthProviders().list(project);

            assertThat(configured).extracting(c -> c.provider().wireName()).containsExactly("github", "google");
            assertThat(configured.get(1).issuer()).isEqualTo(idp.issuer());
            assertThat(configured.get(1).clientId()).isEqualTo("google-client");
            assertThat(configured.get(0).effectiveIssuer()).isNull();
        }
    }

    @Test
    void environmentWithoutASecretFailsTheStart() {
        assertThatThrownBy(() -> new TestServer(Map.of(
                        "LATCHKEY_PROJECT_ID", PROJECT.replace("aa01", "aa02"),
                        "LATCHKEY_PROJECT_SECRET", "secret-test-oauth-bootstrap-0123456789abcdef",
                        "LATCHKEY_PUBLIC_TOKEN", "public-token-test-0a7b1c2d-0000-4000-8000-00000000aa02",
                        "LATCHKEY_OAUTH_SLACK_CLIENT_ID", "slack-client")))
                .hasMessageContaining("LATCHKEY_OAUTH_SLACK_*");
    }
}
