package dev.latchkey.cli;

import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.project.SessionLimits;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code project create|list|rotate-secret|session-limits|origins}: manage projects in the configured database. */
@Command(
        name = "project",
        description = "Manage projects.",
        subcommands = {
            ProjectCommand.Create.class,
            ProjectCommand.ListProjects.class,
            ProjectCommand.RotateSecret.class,
            ProjectCommand.SessionLimitsCommand.class,
            ProjectOriginsCommand.class
        })
final class ProjectCommand {
    @ParentCommand
    Main main;

    /** Opens the configured database and runs {@code work} on its projects; output goes to the command's out. */
    private interface Work {
        int run(ProjectService projects, PrintWriter out, PrintWriter err);
    }

    private int withProjects(CommandSpec spec, Work work) {
        try (CliDatabase db = CliDatabase.open(main.config())) {
            ProjectService projects = new ProjectService(db.database(), new ProjectStore(), Clock.systemUTC());
            int code = work.run(
                    projects, spec.commandLine().getOut(), spec.commandLine().getErr());
            spec.commandLine().getOut().flush();
            return code;
        }
    }

    @Command(name = "create", description = "Create a project and print its credentials once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ProjectCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--live", description = "Create a live project (default: test).")
        boolean live;

        @Override
        public Integer call() {
            return parent.withProjects(spec, (projects, out, err) -> {
                print(out, projects.create(live ? Environment.LIVE : Environment.TEST));
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List projects (ids and public tokens; secrets are not stored).")
    static final class ListProjects implements Callable<Integer> {
        @ParentCommand
        ProjectCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return parent.withProjects(spec, (projects, out, err) -> {
                for (Project p : projects.list()) {
                    out.println(
                            p.id() + "\t" + p.environment().segment() + "\t" + p.publicToken() + "\t" + p.createdAt());
                }
                return 0;
            });
        }
    }

    @Command(name = "rotate-secret", description = "Replace a project's secret and print the new one once.")
    static final class RotateSecret implements Callable<Integer> {
        @ParentCommand
        ProjectCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Override
        public Integer call() {
            return parent.withProjects(spec, (projects, out, err) -> {
                var rotated = projects.rotateSecret(projectId);
                if (rotated.isEmpty()) {
                    err.println("no project " + projectId);
                    err.flush();
                    return 1;
                }
                print(out, rotated.get());
                return 0;
            });
        }
    }

    @Command(
            name = "session-limits",
            description = "Show or set a project's session limits: the longest session a browser (/sdk/v1) may ask"
                    + " for, and how long an unused session lives. Without options, prints them.")
    static final class SessionLimitsCommand implements Callable<Integer> {
        @ParentCommand
        ProjectCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Option(
                names = "--sdk-max-duration-minutes",
                description = "Longest session_duration_minutes a browser gets; longer asks are clamped (5..527040,"
                        + " default 10080 = 7 days).")
        Integer sdkMaxDurationMinutes;

        @Option(
                names = "--idle-timeout-minutes",
                description = "A session not authenticated for this long is dead, on /v1 and /sdk/v1 (5..527040,"
                        + " default 1440 = 24 hours).")
        Integer idleTimeoutMinutes;

        @Override
        public Integer call() {
            return parent.withProjects(spec, (projects, out, err) -> {
                Optional<SessionLimits> limits;
                try {
                    limits = projects.setSessionLimits(projectId, sdkMaxDurationMinutes, idleTimeoutMinutes);
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                    err.flush();
                    return 2;
                }
                if (limits.isEmpty()) {
                    err.println("no project " + projectId);
                    err.flush();
                    return 1;
                }
                out.println("SDK_MAX_DURATION_MINUTES=" + limits.get().sdkMaxDurationMinutes());
                out.println("IDLE_TIMEOUT_MINUTES=" + limits.get().idleTimeoutMinutes());
                return 0;
            });
        }
    }

    private static void print(PrintWriter out, ProjectCredentials c) {
        out.println("LATCHKEY_PROJECT_ID=" + c.project().id());
        out.println("LATCHKEY_PROJECT_SECRET=" + c.secret());
        out.println("LATCHKEY_PUBLIC_TOKEN=" + c.project().publicToken());
    }
}
