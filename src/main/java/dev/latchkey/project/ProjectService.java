package dev.latchkey.project;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.store.Change;
import dev.latchkey.store.Database;
import dev.latchkey.store.ReadCache;
import java.time.Clock;
import java.time.Duration;
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
    private final ReadCache<String, ProjectStore.WithDigest> byId = new ReadCache<>(CACHE_TTL, CACHE_ENTRIES);
    private final ReadCache<String, Project> byPublicToken = new ReadCache<>(CACHE_TTL, CACHE_ENTRIES);

    /**
     * Every request names its project, so the project (with its secret's digest) is cached for at most this long;
     * a rotated secret or changed setting drops it at once on this node and, by {@code NOTIFY}, on the others.
     */
    public static final Duration CACHE_TTL = Duration.ofSeconds(1);

    private static final int CACHE_ENTRIES = 10_000;

    public ProjectService(Database db, ProjectStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        db.changes().subscribe(change -> {
            byId.evictIf(p -> change.concerns(Change.Kind.PROJECT, p.project().id()));
            byPublicToken.evictIf(p -> change.concerns(Change.Kind.PROJECT, p.id()));
        });
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

    /** The project of a public token (cached, see {@link #CACHE_TTL}). */
    public Optional<Project> findByPublicToken(String publicToken) {
        return Optional.ofNullable(byPublicToken.get(publicToken, t -> db.withHandle(h -> store.findByPublicToken(h, t))
                .orElse(null)));
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
        Optional<ProjectStore.WithDigest> stored = Optional.ofNullable(byId.get(
                projectId, id -> db.withHandle(h -> store.findWithDigest(h, id)).orElse(null)));
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
