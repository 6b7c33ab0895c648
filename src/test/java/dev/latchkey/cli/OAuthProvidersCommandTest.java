package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.Environment;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.store.Database;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code latchkey oauth-providers set|list}: the secret is sealed and never printed; list names the callback URL. */
class OAuthProvidersCommandTest {
    static String databaseUrl;
    static Database db;
    static ProjectService projects;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        databaseUrl = TestDatabases.freshDatabaseUrl();
        db = Database.open(databaseUrl, "postgres", "", 2);
        projects = new ProjectService(db, new ProjectStore(), new MutableClock(Instant.parse("2026-11-27T12:00:00Z")));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    record Run(int exitCode, String out, String err) {}

    private static Run run(boolean withKey, String... args) {
        Map<String, String> env = new HashMap<>(Map.of(
                "LATCHKEY_DATABASE_URL",
                databaseUrl,
                "LATCHKEY_DATABASE_USER",
                "postgres",
                "LATCHKEY_DATABASE_PASSWORD",
                "",
                "LATCHKEY_DATA_DIR",
                dir.toString(),
                "LATCHKEY_PUBLIC_URL",
                "https://auth.example.com/"));
        if (withKey) {
            env.put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void setThenListShowsTheCallbackUrlAndNeverTheSecret() {
        String project = projects.create(Environment.TEST).project().id();

        Run set = run(
                true,
                "oauth-providers",
                "set",
                project,
                "google",
                "--client-id",
                "gid.apps",
                "--client-secret",
                "very-secret-value");
        Run github = run(
                true, "oauth-providers", "set", project, "github", "--client-id", "gh", "--client-secret", "gh-secret");
        Run update = run(true, "oauth-providers", "set", project, "google", "--client-id", "gid2.apps");
        Run list = run(true, "oauth-providers", "list", project);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(github.exitCode()).as(github.err()).isZero();
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out())
                .contains("github\tclient_id=gh\tauthorization_url=https://github.com/login/oauth/authorize")
                .contains("google\tclient_id=gid2.apps\tissuer=https://accounts.google.com")
                .containsPattern("callback_url=https://auth\\.example\\.com/v1/b2b/oauth/callback/"
                        + "oauth-callback-test-[0-9a-f-]{36}")
                .doesNotContain("very-secret-value", "gh-secret");
        var sealed = new Tables(databaseUrl)
                .rows("SELECT client_secret_sealed FROM oauth_providers WHERE project_id = ?", project);
        assertThat(sealed).hasSize(2);
        sealed.forEach(
                row -> assertThat(new String((byte[]) row.get("client_secret_sealed"), StandardCharsets.ISO_8859_1))
                        .doesNotContain("secret"));
    }

    @Test
    void setWhenNewWithoutSecretOrUnknownProviderOrNoKeyThenFails() {
        String project = projects.create(Environment.TEST).project().id();

        Run noSecret = run(true, "oauth-providers", "set", project, "slack", "--client-id", "x");
        Run unknown = run(true, "oauth-providers", "set", project, "yahoo", "--client-id", "x", "--client-secret", "y");
        Run badUrl = run(
                true,
                "oauth-providers",
                "set",
                project,
                "hubspot",
                "--client-id",
                "x",
                "--client-secret",
                "y",
                "--token-url",
                "ftp://nope");
        Run noKey = run(false, "oauth-providers", "list", project);

        assertThat(noSecret.exitCode()).isEqualTo(2);
        assertThat(noSecret.err()).contains("invalid_request_value");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("invalid_oauth_provider");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.err()).contains("no master key");
        assertThat(run(true, "oauth-providers", "list", project).out()).isEmpty();
    }
}
