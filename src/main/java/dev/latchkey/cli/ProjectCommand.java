package dev.latchkey.cli;

import dev.latchkey.app.Config;
import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code project create|list|rotate-secret|origins}: manage projects in the configured database. */
@Command(
        name = "project",
        description = "Manage projects.",
        subcommands = {
            ProjectCommand.Create.class,
            ProjectCommand.ListProjects.class,
            ProjectCommand.RotateSecret.class,
            ProjectOriginsCommand.class
        })
final class ProjectCommand {

    @Command(name = "create", description = "Create a project and print its credentials once.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--live", description = "Create a live project (default: test).")
        boolean live;

        @Override
        public Integer call() {
            try (CliDatabase db = CliDatabase.open(Config.fromEnvironment(System.getenv()))) {
                ProjectService projects = new ProjectService(db.database(), new ProjectStore(), Clock.systemUTC());
                print(projects.create(live ? Environment.LIVE : Environment.TEST));
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List projects (ids and public tokens; secrets are not stored).")
    static final class ListProjects implements Callable<Integer> {
        @Override
        public Integer call() {
            try (CliDatabase db = CliDatabase.open(Config.fromEnvironment(System.getenv()))) {
                for (Project p : new ProjectService(db.database(), new ProjectStore(), Clock.systemUTC()).list()) {
                    System.out.println(
                            p.id() + "\t" + p.environment().segment() + "\t" + p.publicToken() + "\t" + p.createdAt());
                }
                return 0;
            }
        }
    }

    @Command(name = "rotate-secret", description = "Replace a project's secret and print the new one once.")
    static final class RotateSecret implements Callable<Integer> {
        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Override
        public Integer call() {
            try (CliDatabase db = CliDatabase.open(Config.fromEnvironment(System.getenv()))) {
                var rotated = new ProjectService(db.database(), new ProjectStore(), Clock.systemUTC())
                        .rotateSecret(projectId);
                if (rotated.isEmpty()) {
                    System.err.println("no project " + projectId);
                    return 1;
                }
                print(rotated.get());
                return 0;
            }
        }
    }

    private static void print(ProjectCredentials c) {
        System.out.println("LATCHKEY_PROJECT_ID=" + c.project().id());
        System.out.println("LATCHKEY_PROJECT_SECRET=" + c.secret());
        System.out.println("LATCHKEY_PUBLIC_TOKEN=" + c.project().publicToken());
    }
}
