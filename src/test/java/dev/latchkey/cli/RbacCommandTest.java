package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.Environment;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.store.Database;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestDatabases;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code latchkey rbac set|show} against an external PostgreSQL given by environment (issue 10). */
class RbacCommandTest {
    static final String POLICY =
            """
            {"resources":[{"resource_id":"documents","description":"Docs","actions":["read","write"]}],
             "roles":[{"role_id":"editor","description":"Edits","permissions":[
                {"resource_id":"documents","actions":["*"]}]}]}""";

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

    private static Run run(String... args) {
        Map<String, String> env = Map.of(
                "LATCHKEY_DATABASE_URL",
                databaseUrl,
                "LATCHKEY_DATABASE_USER",
                "postgres",
                "LATCHKEY_DATABASE_PASSWORD",
                "",
                "LATCHKEY_DATA_DIR",
                dir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void setWhenPolicyIsValidThenShowPrintsItAfterTheDefaults() throws IOException {
        String project = projects.create(Environment.TEST).project().id();

        Run set = run("rbac", "set", project, file("valid.json", POLICY).toString());
        Run show = run("rbac", "show", project);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("3 roles");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out())
                .contains(
                        "\"role_id\" : \"stytch_member\"",
                        "\"role_id\" : \"editor\"",
                        "\"resource_id\" : \"documents\"");
    }

    @Test
    void setWhenPolicyBreaksARuleThenExitsTwoNamingItAndKeepsThePreviousPolicy() throws IOException {
        String project = projects.create(Environment.TEST).project().id();
        assertThat(run("rbac", "set", project, file("first.json", POLICY).toString())
                        .exitCode())
                .isZero();
        Path bad = file(
                "bad.json",
                """
                {"resources":[{"resource_id":"documents","actions":["read"]}],
                 "roles":[{"role_id":"viewer","permissions":[{"resource_id":"documents","actions":["read","*"]}]}]}""");

        Run set = run("rbac", "set", project, bad.toString());

        assertThat(set.exitCode()).isEqualTo(2);
        assertThat(set.err())
                .contains("cannot_specify_wildcard_with_other_actions", "role viewer", "'*' must be the only action");
        assertThat(run("rbac", "show", project).out()).contains("\"editor\"").doesNotContain("viewer");
    }

    @Test
    void setWhenFileIsNotJsonOrProjectUnknownThenFails() throws IOException {
        String project = projects.create(Environment.TEST).project().id();

        Run notJson =
                run("rbac", "set", project, file("broken.json", "{roles: [").toString());
        Run missing = run("rbac", "set", project, dir.resolve("missing.json").toString());
        Run noProject =
                run("rbac", "set", "project-test-nope", file("ok.json", POLICY).toString());
        Run showNoProject = run("rbac", "show", "project-test-nope");

        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).contains("cannot be read as JSON");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(noProject.exitCode()).isEqualTo(1);
        assertThat(noProject.err()).contains("no project project-test-nope");
        assertThat(showNoProject.exitCode()).isEqualTo(1);
    }
}
