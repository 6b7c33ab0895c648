package dev.latchkey.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.Json;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.rbac.Policy;
import dev.latchkey.rbac.PolicyDocument;
import dev.latchkey.rbac.ProjectPolicies;
import dev.latchkey.rbac.RbacStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rbac set|show}: a project's RBAC policy (issue 10). Stytch edits it in its dashboard, not through the
 * runtime API (RBAC_SCIM_M2M.md §1.1), so here it is set from a JSON file in the shape {@code GET
 * /v1/b2b/rbac/policy} returns. Exit codes: 0 done, 1 no such project, 2 the file is unreadable or breaks a rule.
 */
@Command(
        name = "rbac",
        description = "Show or set a project's RBAC policy (roles, resources, scopes).",
        subcommands = {RbacCommand.Set.class, RbacCommand.Show.class})
final class RbacCommand {
    @ParentCommand
    Main main;

    private interface Work {
        int run(ProjectService projects, ProjectPolicies policies, PrintWriter out, PrintWriter err);
    }

    private int withPolicies(CommandSpec spec, Work work) {
        try (CliDatabase db = CliDatabase.open(main.config())) {
            Clock clock = Clock.systemUTC();
            ProjectService projects = new ProjectService(db.database(), new ProjectStore(), clock);
            ProjectPolicies policies = new ProjectPolicies(db.database(), new RbacStore(), projects, clock);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int code = work.run(projects, policies, out, err);
            out.flush();
            err.flush();
            return code;
        }
    }

    @Command(
            name = "set",
            description = "Set a project's custom policy from a JSON file {roles, resources, scopes} (or a saved"
                    + " GET /v1/b2b/rbac/policy response), replacing the previous one. Stytch's default resources and"
                    + " roles stay; stytch_member and stytch_admin may be listed to change their permissions.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        RbacCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Parameters(index = "1", description = "The policy file (JSON).")
        Path file;

        @Override
        public Integer call() {
            return parent.withPolicies(spec, (projects, policies, out, err) -> {
                if (projects.find(projectId).isEmpty()) {
                    err.println("no project " + projectId);
                    return 1;
                }
                try {
                    Policy custom = PolicyDocument.parse(Json.mapper().readTree(Files.readString(file)));
                    Policy now = policies.set(projectId, custom);
                    out.println("RBAC policy of " + projectId + " set: "
                            + now.roles().size() + " roles, " + now.resources().size() + " resources, "
                            + now.scopes().size() + " scopes");
                    return 0;
                } catch (IOException e) {
                    err.println(file + " cannot be read as JSON: " + e.getMessage());
                    return 2;
                } catch (ApiException e) {
                    err.println(file + ": " + e.type().wireName() + ": " + e.getMessage());
                    return e.type() == ErrorType.PROJECT_NOT_FOUND ? 1 : 2;
                }
            });
        }
    }

    @Command(
            name = "show",
            description = "Print the policy in force (Stytch's defaults and the custom policy) as JSON.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        RbacCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Override
        public Integer call() {
            return parent.withPolicies(spec, (projects, policies, out, err) -> {
                Optional<Project> project = projects.find(projectId);
                if (project.isEmpty()) {
                    err.println("no project " + projectId);
                    return 1;
                }
                try {
                    out.println(Json.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(policies.policy(project.get())));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return 0;
            });
        }
    }
}
