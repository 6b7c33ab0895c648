package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.project.SessionLimits;
import dev.latchkey.store.Database;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code latchkey project session-limits <project_id> [--sdk-max-duration-minutes N] [--idle-timeout-minutes M]}:
 * prints a project's session limits, and sets those given.
 */
class ProjectSessionLimitsCommandTest {
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

    record Run(int exitCode, String out, String err) {}

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

    static String newProject() {
        return projects.create(dev.latchkey.project.Environment.TEST).project().id();
    }

    static SessionLimits stored(String projectId) {
        return projects.find(projectId).orElseThrow().sessionLimits();
    }

    @Test
    void sessionLimitsWithoutOptionsThenPrintsTheDefaultsSevenDaysAndTwentyFourHours() {
        String id = newProject();

        Run r = run("project", "session-limits", id);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("SDK_MAX_DURATION_MINUTES=10080", "IDLE_TIMEOUT_MINUTES=1440");
        assertThat(stored(id)).isEqualTo(SessionLimits.DEFAULT);
    }

    @Test
    void sessionLimitsWithBothOptionsThenStored() {
        String id = newProject();

        Run r = run(
                "project", "session-limits", id, "--sdk-max-duration-minutes", "720", "--idle-timeout-minutes", "30");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("SDK_MAX_DURATION_MINUTES=720", "IDLE_TIMEOUT_MINUTES=30");
        assertThat(stored(id)).isEqualTo(new SessionLimits(720, 30));
    }

    @Test
    void sessionLimitsWithOneOptionThenTheOtherIsKept() {
        String id = newProject();
        run("project", "session-limits", id, "--idle-timeout-minutes", "60");

        Run r = run("project", "session-limits", id, "--sdk-max-duration-minutes", "1440");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(stored(id)).isEqualTo(new SessionLimits(1440, 60));
    }

    @Test
    void sessionLimitsOutOfRangeThenExitCodeTwoAndNothingChanged() {
        String id = newProject();

        Run tooShort = run("project", "session-limits", id, "--idle-timeout-minutes", "4");
        Run tooLong = run("project", "session-limits", id, "--sdk-max-duration-minutes", "527041");

        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.err()).contains("between 5 and 527040");
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(stored(id)).isEqualTo(SessionLimits.DEFAULT);
    }

    @Test
    void sessionLimitsForAnUnknownProjectThenExitCodeOne() {
        Run r = run("project", "session-limits", "project-test-00000000-0000-4000-8000-000000000000");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no project");
    }
}
