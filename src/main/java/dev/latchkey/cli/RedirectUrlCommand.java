package dev.latchkey.cli;

import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.project.RedirectUrl;
import dev.latchkey.project.RedirectUrlStore;
import dev.latchkey.project.RedirectUrls;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code redirect-urls add|list|remove}: the redirect URLs a project allows in emailed links. */
@Command(
        name = "redirect-urls",
        description = "Manage a project's allowed redirect URLs.",
        subcommands = {RedirectUrlCommand.Add.class, RedirectUrlCommand.ListUrls.class, RedirectUrlCommand.Remove.class
        })
final class RedirectUrlCommand {
    @ParentCommand
    Main main;

    @Command(name = "add", description = "Allow a URL (for every kind unless --kind is given).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        RedirectUrlCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Parameters(index = "1", description = "The URL.")
        String url;

        @Option(names = "--kind", split = ",", description = "login, signup, invite, reset_password, discovery")
        List<String> kinds;

        @Option(names = "--default", description = "Make it the default of its kinds.")
        boolean isDefault;

        @Override
        public Integer call() {
            return parent.withProject(spec, projectId, (urls, project) -> {
                List<RedirectKind> k = kinds == null
                        ? Arrays.asList(RedirectKind.values())
                        : kinds.stream().map(RedirectKind::parse).toList();
                urls.add(project, url, k, isDefault);
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the allowed URLs.")
    static final class ListUrls implements Callable<Integer> {
        @ParentCommand
        RedirectUrlCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Override
        public Integer call() {
            return parent.withProject(spec, projectId, (urls, project) -> {
                for (RedirectUrl u : urls.list(project)) {
                    spec.commandLine()
                            .getOut()
                            .println(u.kind().wireName() + "\t" + u.url() + (u.isDefault() ? "\tdefault" : ""));
                }
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Stop allowing a URL (for every kind).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        RedirectUrlCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Parameters(index = "1", description = "The URL.")
        String url;

        @Override
        public Integer call() {
            return parent.withProject(spec, projectId, (urls, project) -> urls.remove(project, url) ? 0 : 1);
        }
    }

    private interface Work {
        int run(RedirectUrls urls, Project project);
    }

    private int withProject(CommandSpec spec, String projectId, Work work) {
        try (CliDatabase db = CliDatabase.open(main.config())) {
            Optional<Project> project =
                    new ProjectService(db.database(), new ProjectStore(), Clock.systemUTC()).find(projectId);
            if (project.isEmpty()) {
                spec.commandLine().getErr().println("no project " + projectId);
                return 1;
            }
            int code =
                    work.run(new RedirectUrls(db.database(), new RedirectUrlStore(), Clock.systemUTC()), project.get());
            spec.commandLine().getOut().flush();
            return code;
        }
    }
}
