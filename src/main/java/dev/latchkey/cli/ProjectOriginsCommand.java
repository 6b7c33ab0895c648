package dev.latchkey.cli;

import dev.latchkey.app.Config;
import dev.latchkey.project.AuthorizedOriginStore;
import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.ProjectStore;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code project origins add|list|remove}: the browser origins ({@code scheme://host[:port]}) from which a project's
 * public token may call {@code /sdk/v1}. Takes effect at once on a running server.
 */
@Command(
        name = "origins",
        description = "Manage the browser origins authorized to use a project's public token (the SDK's CORS list).",
        subcommands = {
            ProjectOriginsCommand.Add.class,
            ProjectOriginsCommand.ListOrigins.class,
            ProjectOriginsCommand.Remove.class
        })
final class ProjectOriginsCommand {

    @Command(name = "add", description = "Authorize an origin, e.g. https://app.example.com or http://localhost:3000.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Parameters(index = "1", description = "The origin: scheme://host[:port].")
        String origin;

        @Override
        public Integer call() {
            return run(origins -> {
                System.out.println(origins.add(projectId, origin));
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List a project's authorized origins.")
    static final class ListOrigins implements Callable<Integer> {
        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Override
        public Integer call() {
            return run(origins -> {
                origins.list(projectId).forEach(System.out::println);
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Withdraw an origin.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Parameters(index = "1", description = "The origin: scheme://host[:port].")
        String origin;

        @Override
        public Integer call() {
            return run(origins -> {
                if (!origins.remove(projectId, origin)) {
                    System.err.println("project " + projectId + " does not have origin " + origin);
                    return 1;
                }
                return 0;
            });
        }
    }

    private interface Action {
        int apply(AuthorizedOrigins origins);
    }

    private static int run(Action action) {
        try (CliDatabase db = CliDatabase.open(Config.fromEnvironment(System.getenv()))) {
            return action.apply(new AuthorizedOrigins(
                    db.database(), new AuthorizedOriginStore(), new ProjectStore(), Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
