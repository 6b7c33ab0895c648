package dev.latchkey.project;

import dev.latchkey.store.Change;
import dev.latchkey.store.Database;
import dev.latchkey.store.ReadCache;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The browser origins a project's public token may be used from (Stytch's "authorized applications"): the SDK
 * endpoints answer CORS requests from these origins only, and refuse calls that come from any other.
 */
public final class AuthorizedOrigins {
    private final Database db;
    private final AuthorizedOriginStore store;
    private final ProjectStore projects;
    private final Clock clock;
    // Answers for (project, origin) and for (any project, origin), cached like projects (ProjectService.CACHE_TTL).
    private final ReadCache<String, Answer> answers = new ReadCache<>(ProjectService.CACHE_TTL, 10_000);

    private record Answer(String projectId, boolean authorized) {}

    public AuthorizedOrigins(Database db, AuthorizedOriginStore store, ProjectStore projects, Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.clock = clock;
        // Any project's change may change an "any project" answer (projectId null).
        db.changes()
                .subscribe(change -> answers.evictIf(a -> a.projectId() == null
                        ? change.kind() == Change.Kind.PROJECT || change.kind() == Change.Kind.EVERYTHING
                        : change.concerns(Change.Kind.PROJECT, a.projectId())));
    }

    /**
     * Authorizes an origin for a project (a no-op if it already is); returns the origin as stored.
     *
     * @throws IllegalArgumentException if the origin is not {@code scheme://host[:port]} ({@link Origins#normalize})
     *     or there is no such project
     */
    public String add(String projectId, String origin) {
        String normalized = Origins.normalize(origin);
        db.inTransaction(h -> {
            if (projects.find(h, projectId).isEmpty()) {
                throw new IllegalArgumentException("no project " + projectId);
            }
            store.insert(h, projectId, normalized, clock.instant().truncatedTo(ChronoUnit.MICROS));
            return null;
        });
        return normalized;
    }

    /**
     * Withdraws an origin; false if the project did not have it.
     *
     * @throws IllegalArgumentException if the origin is not {@code scheme://host[:port]}
     */
    public boolean remove(String projectId, String origin) {
        String normalized = Origins.normalize(origin);
        return db.inTransaction(h -> store.delete(h, projectId, normalized));
    }

    /** A project's origins, sorted. */
    public List<String> list(String projectId) {
        return db.withHandle(h -> store.list(h, projectId));
    }

    /** Whether a request's {@code Origin} header names an origin of this project; false for a malformed header. */
    public boolean isAuthorized(String projectId, String originHeader) {
        return Origins.ofHeader(originHeader)
                .map(o -> answers.get(
                                projectId + " " + o,
                                k -> new Answer(projectId, db.withHandle(h -> store.exists(h, projectId, o))))
                        .authorized())
                .orElse(false);
    }

    /**
     * Whether the origin is authorized for some project. A CORS preflight carries no credentials, so it can only be
     * answered for "some project"; the real request is then checked against its own project.
     */
    public boolean isAuthorizedForAnyProject(String originHeader) {
        return Origins.ofHeader(originHeader)
                .map(o -> answers.get(
                                " " + o, k -> new Answer(null, db.withHandle(h -> store.existsForAnyProject(h, o))))
                        .authorized())
                .orElse(false);
    }
}
