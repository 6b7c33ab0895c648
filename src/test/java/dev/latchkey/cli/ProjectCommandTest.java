package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.store.Database;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code latchkey project create|list|rotate-secret} against an external PostgreSQL given by environment. */
class ProjectCommandTest {
    static String databaseUrl;
    static Database db;
    static ProjectService projects;

    @TempDir
    static Path dataDir;

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

    record Run(int exitCode, String out, String err) {
        String value(String key) {
            Matcher m = Pattern.compile("^" + key + "=(.+)$", Pattern.MULTILINE).matcher(out);
            assertThat(m.find()).as(key + " in " + out).isTrue();
            return m.group(1);
        }
    }

    private static Run run(String... args) {
        Map<String, String> env = Map.of(
                "LATCHKEY_DATABASE_URL",
                databaseUrl,
                "LATCHKEY_DATABASE_USER",
                "postgres",
                "LATCHKEY_DATABASE_PASSWORD",
                "",
                "LATCHKEY_DATA_DIR",
                dataDir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void projectCreateWhenRunThenPrintsCredentialsThatAuthenticate() {
        Run created = run("project", "create");

        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.value("LATCHKEY_PROJECT_ID");
        String secret = created.value("LATCHKEY_PROJECT_SECRET");
        assertThat(id).startsWith("project-test-");
        assertThat(secret).startsWith("secret-test-");
        assertThat(created.value("LATCHKEY_PUBLIC_TOKEN")).startsWith("public-token-test-");
        assertThat(projects.authenticate(id, secret)).isPresent();
        assertThat(projects.authenticate(id, secret + "x")).isEmpty();
    }

    @Test
    void projectCreateWhenLiveThenLiveCredentials() {
        Run created = run("project", "create", "--live");

        assertThat(created.exitCode()).isZero();
        assertThat(created.value("LATCHKEY_PROJECT_ID")).startsWith("project-live-");
        assertThat(created.value("LATCHKEY_PROJECT_SECRET")).startsWith("secret-live-");
        assertThat(created.value("LATCHKEY_PUBLIC_TOKEN")).startsWith("public-token-live-");
    }

    @Test
    void projectListWhenProjectsExistThenListsIdsAndTokensButNoSecrets() {
        Run created = run("project", "create");
        String id = created.value("LATCHKEY_PROJECT_ID");

        Run listed = run("project", "list");

        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out())
                .containsPattern("(?m)^" + Pattern.quote(id) + "\ttest\t"
                        + Pattern.quote(created.value("LATCHKEY_PUBLIC_TOKEN")) + "\t")
                .doesNotContain(created.value("LATCHKEY_PROJECT_SECRET"));
        assertThat(listed.out().lines()).hasSize(projects.list().size());
    }

    @Test
    void projectRotateSecretWhenRunThenOldSecretStopsWorkingAndNewOneWorks() {
        Run created = run("project", "create");
        String id = created.value("LATCHKEY_PROJECT_ID");
        String oldSecret = created.value("LATCHKEY_PROJECT_SECRET");

        Run rotated = run("project", "rotate-secret", id);

        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.value("LATCHKEY_PROJECT_ID")).isEqualTo(id);
        assertThat(rotated.value("LATCHKEY_PUBLIC_TOKEN")).isEqualTo(created.value("LATCHKEY_PUBLIC_TOKEN"));
        String newSecret = rotated.value("LATCHKEY_PROJECT_SECRET");
        assertThat(newSecret).startsWith("secret-test-").isNotEqualTo(oldSecret);
        assertThat(projects.authenticate(id, oldSecret)).isEmpty();
        assertThat(projects.authenticate(id, newSecret)).isPresent();
    }

    @Test
    void projectRotateSecretWhenProjectIsUnknownThenExitCodeOneAndNothingPrinted() {
        Run rotated = run("project", "rotate-secret", "project-test-00000000-0000-4000-8000-000000000000");

        assertThat(rotated.exitCode()).isEqualTo(1);
        assertThat(rotated.out()).isEmpty();
        assertThat(rotated.err()).contains("no project project-test-00000000-0000-4000-8000-000000000000");
    }
}
