package dev.latchkey.project;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates projects, rotates their secrets, and checks the credentials a request presents. */
public final class ProjectService {
    /** Digest compared against when the project id is unknown, so both paths do the same work. */
    private static final String ABSENT_DIGEST = Digests.sha256Hex("no such project");

    private final Database db;
    private final ProjectStore store;
    private final Clock clock;

    public ProjectService(Database db, ProjectStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** Creates a project with freshly generated credentials; the secret is returned once. */
    public ProjectCredentials create(Environment env) {
        String uuid = UUID.randomUUID().toString();
        return createWith(
                "project-" + env.segment() + "-" + uuid,
                newSecret(env),
                "public-token-" + env.segment() + "-" + UUID.randomUUID());
    }

    /** Creates a project with given credentials (bootstrap from the environment). */
    public ProjectCredentials createWith(String projectId, String secret, String publicToken) {
        Project p = new Project(
                projectId,
                Environment.ofProjectId(projectId),
                publicToken,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        db.inTransaction(h -> {
            store.insert(h, p, Digests.sha256Hex(secret));
            return null;
        });
        return new ProjectCredentials(p, secret);
    }

    public Optional<Project> find(String projectId) {
        return db.withHandle(h -> store.find(h, projectId));
    }

    public Optional<Project> findByPublicToken(String publicToken) {
        return db.withHandle(h -> store.findByPublicToken(h, publicToken));
    }

    public List<Project> list() {
        return db.withHandle(store::list);
    }

    /** Replaces a project's secret; the old one stops working at once. Empty if no such project. */
    public Optional<ProjectCredentials> rotateSecret(String projectId) {
        return db.inTransaction(h -> {
            Optional<Project> p = store.find(h, projectId);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            String secret = newSecret(p.get().environment());
            store.updateSecretDigest(h, projectId, Digests.sha256Hex(secret));
            return Optional.of(new ProjectCredentials(p.get(), secret));
        });
    }

    /**
     * The project whose id and secret these are, or empty. The digests are compared in constant time, and
     * an unknown project id costs the same comparison as a wrong secret.
     */
    public Optional<Project> authenticate(String projectId, String secret) {
        String presented = Digests.sha256Hex(secret);
        Optional<ProjectStore.WithDigest> stored = db.withHandle(h -> store.findWithDigest(h, projectId));
        boolean ok = Digests.constantTimeEquals(
                presented, stored.map(ProjectStore.WithDigest::secretDigest).orElse(ABSENT_DIGEST));
        return ok ? stored.map(ProjectStore.WithDigest::project) : Optional.empty();
    }

    /**
     * Changes a project's session limits; a null value keeps the current one. Empty if there is no such project.
     * Takes effect on the next request: the idle timeout applies to existing sessions too.
     *
     * @throws IllegalArgumentException if a value is outside 5..527040 minutes
     */
    public Optional<SessionLimits> setSessionLimits(
            String projectId, Integer sdkMaxDurationMinutes, Integer idleMinutes) {
        return db.inTransaction(h -> {
            Optional<Project> p = store.find(h, projectId);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            SessionLimits current = p.get().sessionLimits();
            SessionLimits limits = new SessionLimits(
                    sdkMaxDurationMinutes == null ? current.sdkMaxDurationMinutes() : sdkMaxDurationMinutes,
                    idleMinutes == null ? current.idleTimeoutMinutes() : idleMinutes);
            store.updateSessionLimits(h, projectId, limits);
            return Optional.of(limits);
        });
    }

    private static String newSecret(Environment env) {
        return "secret-" + env.segment() + "-" + Tokens.randomBase64Url(30);
    }
}
