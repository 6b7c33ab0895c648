package dev.latchkey.app;

import dev.latchkey.error.ApiException;
import dev.latchkey.http.Json;
import dev.latchkey.oauth.OAuthProviders;
import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.rbac.Policy;
import dev.latchkey.rbac.PolicyDocument;
import dev.latchkey.rbac.PolicyRules;
import dev.latchkey.rbac.ProjectPolicies;
import dev.latchkey.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start project setup: the project named by {@code LATCHKEY_PROJECT_*} if given and missing; else, on
 * an empty database, a generated test project whose credentials go to a 0600 file (never to the log). The
 * bootstrap project then gets the configured authorized origins and redirect URLs, and the RBAC policy of
 * {@code LATCHKEY_RBAC_POLICY_FILE}: a file that cannot be read or breaks a rule stops the start with the reason.
 */
final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    /**
     * The advisory lock that serializes bootstrap across nodes starting together on one database: without it each
     * saw no project, each created one, and the loser of the configured project's insert exited on a duplicate key
     * (issue 11). The value is arbitrary, only unique among Latchkey's session-level advisory locks.
     */
    static final long LOCK = 0x4c61_7463_6842_6f6fL;

    private Bootstrap() {}

    /** Sets the bootstrap project up, one node at a time (see {@link #LOCK}); idempotent, so every node runs it. */
    static void run(
            Config config,
            Database db,
            ProjectService projects,
            AuthorizedOrigins origins,
            RedirectUrls redirects,
            ProjectPolicies policies,
            OAuthProviders oauthProviders) {
        // Read and checked before anything is written, so a bad file changes nothing.
        Policy policy = config.rbacPolicyFile() == null ? null : rbacPolicy(config.rbacPolicyFile());
        db.underAdvisoryLock(LOCK, () -> {
            setUp(config, projects, origins, redirects, policies, policy, oauthProviders);
            return null;
        });
    }

    /** The policy in the file, checked; {@link IllegalStateException} naming the file and the broken rule. */
    static Policy rbacPolicy(Path file) {
        try {
            Policy policy = PolicyDocument.parse(Json.mapper().readTree(Files.readString(file)));
            PolicyRules.project(policy);
            return policy;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "LATCHKEY_RBAC_POLICY_FILE " + file + " cannot be read as JSON: " + e.getMessage(), e);
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "LATCHKEY_RBAC_POLICY_FILE " + file + " is not a valid policy: "
                            + e.type().wireName() + ": " + e.getMessage(),
                    e);
        }
    }

    private static void setUp(
            Config config,
            ProjectService projects,
            AuthorizedOrigins origins,
            RedirectUrls redirects,
            ProjectPolicies policies,
            Policy policy,
            OAuthProviders oauthProviders) {
        Optional<Project> project = project(config, projects);
        if (project.isEmpty()) {
            if (policy != null) {
                LOG.warn("LATCHKEY_RBAC_POLICY_FILE is ignored without LATCHKEY_PROJECT_ID on a database that has"
                        + " projects; use the `rbac set` command");
            }
            if (!config.oauthProviders().isEmpty()) {
                LOG.warn("LATCHKEY_OAUTH_* are ignored without LATCHKEY_PROJECT_ID on a database that has projects;"
                        + " use the `oauth-providers set` command");
            }
            if (!config.authorizedOrigins().isEmpty() || config.redirectUrls() != null) {
                LOG.warn(
                        "LATCHKEY_AUTHORIZED_ORIGINS and LATCHKEY_REDIRECT_URLS are ignored without LATCHKEY_PROJECT_ID on a"
                                + " database that has projects; use the `project origins` and `redirect-urls` commands");
            }
            return;
        }
        // Added on every start (idempotently), so a new entry in the environment takes effect on restart; one taken
        // out of the environment stays until removed with the CLI.
        for (String origin : config.authorizedOrigins()) {
            LOG.info(
                    "authorized origin {} for project {}",
                    origins.add(project.get().id(), origin),
                    project.get().id());
        }
        redirects.addFromSetting(project.get(), config.redirectUrls());
        config.oauthProviders().forEach((provider, settings) -> {
            try {
                oauthProviders.set(project.get(), provider, settings);
            } catch (ApiException e) {
                throw new IllegalStateException("LATCHKEY_OAUTH_" + provider.name() + "_*: " + e.getMessage(), e);
            }
            LOG.info(
                    "OAuth provider {} of {} set from the environment",
                    provider.wireName(),
                    project.get().id());
        });
        if (policy != null) {
            policies.set(project.get().id(), policy);
            LOG.info("RBAC policy of {} set from {}", project.get().id(), config.rbacPolicyFile());
        }
    }

    /** The bootstrap project (created if missing), the generated project on first start, or empty. */
    private static Optional<Project> project(Config config, ProjectService projects) {
        if (config.bootstrapProjectId() != null
                && config.bootstrapProjectSecret() != null
                && config.bootstrapPublicToken() != null) {
            Optional<Project> existing = projects.find(config.bootstrapProjectId());
            if (existing.isPresent()) {
                return existing;
            }
            ProjectCredentials made = projects.createWith(
                    config.bootstrapProjectId(), config.bootstrapProjectSecret(), config.bootstrapPublicToken());
            LOG.info("created project {} from LATCHKEY_PROJECT_ID", config.bootstrapProjectId());
            return Optional.of(made.project());
        }
        if (!projects.list().isEmpty()) {
            return Optional.empty();
        }
        ProjectCredentials created = projects.create(Environment.TEST);
        Path file = config.dataDir().resolve("project-" + created.project().id() + ".credentials");
        try {
            SecretFiles.writeOwnerOnly(
                    file,
                    "LATCHKEY_PROJECT_ID=" + created.project().id() + "\n"
                            + "LATCHKEY_PROJECT_SECRET=" + created.secret() + "\n"
                            + "LATCHKEY_PUBLIC_TOKEN=" + created.project().publicToken() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.info(
                "created test project {}; its credentials are in {}",
                created.project().id(),
                file.toAbsolutePath());
        return Optional.of(created.project());
    }
}
