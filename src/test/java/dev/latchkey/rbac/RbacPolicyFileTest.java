package dev.latchkey.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code LATCHKEY_RBAC_POLICY_FILE}: the bootstrap project's policy, set at start; a bad file stops the start. */
class RbacPolicyFileTest {
    static final String PROJECT = "project-test-6f1f3a3e-0000-4000-8000-0000000000aa";
    static final String SECRET = "secret-test-rbac-policy-file";

    @TempDir
    Path dir;

    Map<String, String> env(Path policy) {
        return Map.of(
                "LATCHKEY_PROJECT_ID",
                PROJECT,
                "LATCHKEY_PROJECT_SECRET",
                SECRET,
                "LATCHKEY_PUBLIC_TOKEN",
                "public-token-test-6f1f3a3e-0000-4000-8000-0000000000aa",
                "LATCHKEY_RBAC_POLICY_FILE",
                policy.toString());
    }

    @Test
    void startWhenPolicyFileIsValidThenTheBootstrapProjectServesIt() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.json"), PolicyRulesTest.EDITOR);

        try (TestServer server = new TestServer(env(policy))) {
            TestServer.Response r = server.call("GET", "/v1/b2b/rbac/policy", null, PROJECT, SECRET);

            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().at("/policy/roles"))
                    .extracting(n -> n.get("role_id").asText())
                    .containsExactly("stytch_member", "stytch_admin", "editor");
            assertThat(r.json().at("/policy/scopes/0/scope").asText()).isEqualTo("read:docs");
        }
    }

    @Test
    void startWhenPolicyFileBreaksARuleThenRefusesNamingTheFileAndTheRule() throws IOException {
        Path policy = Files.writeString(
                dir.resolve("bad.json"),
                """
                {"resources":[{"resource_id":"stytch.documents","actions":["read"]}]}""");

        assertThatThrownBy(() -> new TestServer(env(policy)))
                .hasMessageContaining("LATCHKEY_RBAC_POLICY_FILE")
                .hasMessageContaining("bad.json")
                .hasMessageContaining("may not start with 'stytch'");
    }

    @Test
    void startWhenPolicyFileIsMissingThenRefuses() {
        assertThatThrownBy(() -> new TestServer(env(dir.resolve("missing.json"))))
                .hasMessageContaining("cannot be read");
    }
}
