package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.delivery.DeliveryConfig;
import dev.latchkey.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code LATCHKEY_AUTHORIZED_ORIGINS}: read from the environment and given to the bootstrap project at start. */
class BootstrapOriginsTest {
    static final String PROJECT = "project-test-6f1f3a3e-0000-4000-8000-000000000001";

    @Test
    void fromEnvironmentThenCommaSeparatedTrimmedAndBlanksDropped() {
        Config c = Config.fromEnvironment(
                Map.of("LATCHKEY_AUTHORIZED_ORIGINS", " http://localhost:3000 ,https://app.example.com,, "));

        assertThat(c.authorizedOrigins()).containsExactly("http://localhost:3000", "https://app.example.com");
        assertThat(Config.fromEnvironment(Map.of()).authorizedOrigins()).isEmpty();
    }

    @Test
    void startThenOriginsAddedToTheBootstrapProjectAndKeptAcrossRestarts() throws IOException {
        String db = TestDatabases.freshDatabaseUrl();

        try (Application app = Application.start(config(db, List.of("http://127.0.0.1:5173/")), Clock.systemUTC())) {
            assertThat(app.services().authorizedOrigins().list(PROJECT)).containsExactly("http://127.0.0.1:5173");
        }
        try (Application app = Application.start(config(db, List.of("https://app.example.com")), Clock.systemUTC())) {
            assertThat(app.services().authorizedOrigins().list(PROJECT))
                    .containsExactly("http://127.0.0.1:5173", "https://app.example.com");
        }
    }

    @Test
    void startWithMalformedOriginThenFailsFast() throws IOException {
        String db = TestDatabases.freshDatabaseUrl();

        assertThatThrownBy(() -> Application.start(config(db, List.of("localhost:3000/app")), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:3000/app");
    }

    private static Config config(String databaseUrl, List<String> origins) throws IOException {
        return new Config(
                "127.0.0.1",
                0,
                Files.createTempDirectory("latchkey-bootstrap"),
                databaseUrl,
                "postgres",
                "",
                2,
                Base64.getEncoder().encodeToString(new byte[32]),
                PROJECT,
                "secret-test-bootstrap",
                "public-token-test-6f1f3a3e-0000-4000-8000-000000000001",
                DeliveryConfig.none(),
                null,
                origins,
                null, // the default throttles, no trusted proxies, the default timeouts and limits, no RBAC policy,
                null, // the default public URL
                null,
                null,
                null,
                null,
                null,
                null); // no OAuth providers
    }
}
