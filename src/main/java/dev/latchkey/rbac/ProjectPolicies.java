package dev.latchkey.rbac;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.CustomRole;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.RoleCatalog;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.store.Change;
import dev.latchkey.store.Database;
import dev.latchkey.store.JsonColumns;
import dev.latchkey.store.ReadCache;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Each project's RBAC policy: Stytch's defaults with the project's custom policy added ({@link DefaultPolicy#with}).
 * Role checks read it on many requests, so it is cached per node for at most {@link #CACHE_TTL}; a change drops it at
 * once on the node that made it and, by {@code NOTIFY} (V14's trigger), on the others.
 *
 * <p>It is also the {@link RoleCatalog} organizations and members validate role ids against; it needs nothing of
 * them, so the wiring can build it first.
 */
public final class ProjectPolicies implements RoleCatalog {
    public static final Duration CACHE_TTL = Duration.ofSeconds(1);
    private static final int CACHE_ENTRIES = 10_000;

    private final Database db;
    private final RbacStore store;
    private final ProjectService projects;
    private final Clock clock;
    private final ReadCache<String, Policy> byProject = new ReadCache<>(CACHE_TTL, CACHE_ENTRIES);

    public ProjectPolicies(Database db, RbacStore store, ProjectService projects, Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.clock = clock;
        db.changes().subscribe(change -> {
            if (change.kind() == Change.Kind.EVERYTHING) {
                byProject.evictIf(p -> true);
            } else if (change.kind() == Change.Kind.RBAC_POLICY) {
                byProject.evict(change.id());
            }
        });
    }

    /** The project's policy as {@code GET /v1/b2b/rbac/policy} shows it. */
    public Policy policy(Project project) {
        return byProject.get(project.id(), id -> db.withHandle(h -> load(h, id)));
    }

    /** The same, reading through the caller's handle on a cache miss. */
    public Policy policy(Handle h, Project project) {
        return byProject.get(project.id(), id -> load(h, id));
    }

    /**
     * Validates a custom policy ({@link PolicyRules#project}) and makes it the project's, replacing any earlier one;
     * returns the policy now in force. Raises the errors of {@link PolicyRules} and {@code project_not_found}.
     */
    public Policy set(String projectId, Policy custom) {
        if (projects.find(projectId).isEmpty()) {
            throw new ApiException(ErrorType.PROJECT_NOT_FOUND, "no project " + projectId + ".");
        }
        Policy normalized = PolicyRules.project(custom);
        db.inTransaction(h -> {
            store.put(
                    h, projectId, JsonColumns.write(normalized), clock.instant().truncatedTo(ChronoUnit.MICROS));
            return null;
        });
        return DefaultPolicy.with(normalized);
    }

    @Override
    public Set<String> roleIds(Handle h, Project project, Organization org) {
        Set<String> ids = new HashSet<>();
        policy(h, project).roles().forEach(r -> ids.add(r.roleId()));
        if (org != null) {
            org.customRoles().stream().map(CustomRole::roleId).forEach(ids::add);
        }
        return ids;
    }

    private Policy load(Handle h, String projectId) {
        return store.find(h, projectId)
                .map(json -> DefaultPolicy.with(JsonColumns.read(json, Policy.class)))
                .orElse(DefaultPolicy.POLICY);
    }
}
