package dev.latchkey.cli;

import dev.latchkey.app.Config;
import dev.latchkey.app.MasterKey;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.session.SigningKey;
import dev.latchkey.session.SigningKeyStore;
import dev.latchkey.session.SigningKeys;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code keys rotate <project_id>}: manage the keys that sign session JWTs. */
@Command(
        name = "keys",
        description = "Manage session JWT signing keys.",
        subcommands = {KeysCommand.Rotate.class})
final class KeysCommand {

    @Command(
            name = "rotate",
            description = "Make a new signing key active; the old one stays in the JWKS until its JWTs expire.")
    static final class Rotate implements Callable<Integer> {
        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Override
        public Integer call() {
            Config config = Config.fromEnvironment(System.getenv());
            byte[] masterKey;
            try {
                masterKey = MasterKey.loadExisting(config);
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            try (CliDatabase db = CliDatabase.open(config)) {
                Clock clock = Clock.systemUTC();
                Optional<Project> project =
                        new ProjectService(db.database(), new ProjectStore(), clock).find(projectId);
                if (project.isEmpty()) {
                    System.err.println("no project " + projectId);
                    return 1;
                }
                SigningKeys keys =
                        new SigningKeys(db.database(), new SigningKeyStore(), new SecretBox(masterKey), clock);
                SigningKey active = keys.rotate(project.get());
                System.out.println("active signing key: " + active.kid());
                System.out.println("retired keys stay published for "
                        + SigningKeys.PUBLISHED_AFTER_RETIREMENT.toMinutes() + " minutes; running servers sign with "
                        + "the new key within " + SigningKeys.CACHE_TTL.toSeconds() + " seconds");
                return 0;
            }
        }
    }
}
