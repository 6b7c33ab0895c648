package dev.latchkey.app;

import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.Environment;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.ProjectService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start project setup: the project named by {@code LATCHKEY_PROJECT_*} if given and missing; else, on
 * an empty database, a generated test project whose credentials go to a 0600 file (never to the log); then the
 * {@code LATCHKEY_AUTHORIZED_ORIGINS} of that project.
 */
final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {}

    static void run(Config config, ProjectService projects, AuthorizedOrigins origins) {
        String projectId = project(config, projects);
        if (config.authorizedOrigins().isEmpty()) {
            return;
        }
        if (projectId == null) {
            LOG.warn("LATCHKEY_AUTHORIZED_ORIGINS is ignored without LATCHKEY_PROJECT_ID on a database that has"
                    + " projects; use `latchkey project origins add <project_id> <origin>`");
            return;
        }
        // Added on every start (idempotently), so a new origin in the environment takes effect on restart; one
        // taken out of the environment stays until `project origins remove`.
        for (String origin : config.authorizedOrigins()) {
            LOG.info("authorized origin {} for project {}", origins.add(projectId, origin), projectId);
        }
    }

    /** The bootstrap project's id (created if missing), the generated project's, or null if neither applies. */
    private static String project(Config config, ProjectService projects) {
        if (config.bootstrapProjectId() != null
                && config.bootstrapProjectSecret() != null
                && config.bootstrapPublicToken() != null) {
            if (projects.find(config.bootstrapProjectId()).isEmpty()) {
                projects.createWith(
                        config.bootstrapProjectId(), config.bootstrapProjectSecret(), config.bootstrapPublicToken());
                LOG.info("created project {} from LATCHKEY_PROJECT_ID", config.bootstrapProjectId());
            }
            return config.bootstrapProjectId();
        }
        if (!projects.list().isEmpty()) {
            return null;
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
        return created.project().id();
    }
}
