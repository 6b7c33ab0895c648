package dev.latchkey.app;

import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.ProjectService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start project setup: the project named by {@code LATCHKEY_PROJECT_*} if given and missing; else, on
 * an empty database, a generated test project whose credentials go to a 0600 file (never to the log).
 */
final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {}

    /** Creates the bootstrap project if needed; returns it when this start has one (configured or first start). */
    static Optional<Project> run(Config config, ProjectService projects) {
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
