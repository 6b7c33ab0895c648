package dev.latchkey.organization;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Database;
import dev.latchkey.store.Page;
import dev.latchkey.store.SqlFilter;
import dev.latchkey.store.UniqueViolation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Organizations: create, read, update, delete and search, each in one transaction. */
public final class OrganizationService {
    private final Database db;
    private final OrganizationStore store;
    private final RoleCatalog roles;
    private final Clock clock;

    public OrganizationService(Database db, OrganizationStore store, RoleCatalog roles, Clock clock) {
        this.db = db;
        this.store = store;
        this.roles = roles;
        this.clock = clock;
    }

    /**
     * Creates an organization. Raises {@code invalid_organization_name}, {@code invalid_organization_slug},
     * {@code organization_slug_already_used}, {@code organization_external_id_already_used} and the
     * settings errors of {@link OrganizationRules}.
     */
    public Organization create(Project project, OrganizationChanges c) {
        return db.inTransaction(h -> create(h, project, c));
    }

    /** Creates an organization inside the caller's transaction (discovery creates one with its first member). */
    public Organization create(Handle h, Project project, OrganizationChanges c) {
        OrganizationRules.name(c.name());
        OrganizationSettings settings = OrganizationSettings.defaults().with(c);
        OrganizationRules.settings(settings);
        OrganizationRules.someoneMayJoin(c, settings);
        requireOwnSsoConnections(java.util.Set.of(), c, settings);
        requireKnownRoles(h, project, null, c.rbacEmailImplicitRoleAssignments());
        String slug = c.slug();
        if (slug != null) {
            OrganizationRules.slug(slug);
        } else {
            slug = freeSlug(h, project, OrganizationRules.slugFromName(c.name()));
        }
        Instant now = now();
        Organization org = new Organization(
                project.newId("organization"),
                project.id(),
                c.name(),
                slug,
                c.logoUrl() == null ? "" : checkedLogo(c.logoUrl()),
                c.externalId() == null || c.externalId().isEmpty() ? null : checkedExternalId(c.externalId()),
                c.trustedMetadata() == null ? JsonNodeFactory.instance.objectNode() : c.trustedMetadata(),
                settings,
                now,
                now,
                List.of());
        requireUnique(h, org);
        insertOrExplain(() -> store.insert(h, org));
        return org;
    }

    /** The organization with this id, slug or external id; {@code organization_not_found} otherwise. */
    public Organization get(Project project, String key) {
        return db.withHandle(h -> require(h, project, key));
    }

    public Organization require(Handle h, Project project, String key) {
        return find(h, project, key)
                .orElseThrow(() ->
                        new ApiException(ErrorType.ORGANIZATION_NOT_FOUND, "Organization " + key + " was not found."));
    }

    public Optional<Organization> find(Handle h, Project project, String key) {
        if (key == null || key.isBlank()) {
            throw new ApiException(ErrorType.INVALID_ORGANIZATION_ID, "organization_id is required.");
        }
        return store.find(h, project.id(), key);
    }

    /** The organization whose slug this is (not its id or external id), for the SDK's public {@code getBySlug}. */
    public Optional<Organization> findBySlug(Project project, String slug) {
        return db.withHandle(h -> store.find(h, project.id(), slug))
                .filter(o -> o.slug().equals(slug));
    }

    public List<Organization> findByIds(Handle h, Project project, java.util.Collection<String> ids) {
        return store.findByIds(h, project.id(), ids);
    }

    /** Organizations an unknown address at {@code domain} may join by email (discovery). */
    /** The organizations a user of these provider tenants may join by OAuth tenant JIT provisioning. */
    public List<Organization> joinableByOAuthTenant(
            Handle h, Project project, String provider, java.util.Collection<String> tenants) {
        return tenants.isEmpty() ? List.of() : store.joinableByOAuthTenant(h, project.id(), provider, tenants);
    }

    public List<Organization> joinableByDomain(Handle h, Project project, String domain) {
        return store.joinableByDomain(h, project.id(), domain);
    }

    /** Applies the given changes; fields not given are kept. Same errors as {@link #create}. */
    public Organization update(Project project, String key, OrganizationChanges c) {
        return db.inTransaction(h -> {
            Organization current = require(h, project, key);
            current = store.findForUpdate(h, project.id(), current.id()).orElseThrow();
            if (c.name() != null) {
                OrganizationRules.name(c.name());
            }
            if (c.slug() != null) {
                OrganizationRules.slug(c.slug());
            }
            OrganizationSettings settings = current.settings().with(c);
            OrganizationRules.settings(settings);
            OrganizationRules.someoneMayJoin(c, settings);
            requireOwnSsoConnections(store.ssoConnectionIds(h, project.id(), current.id()), c, settings);
            requireKnownRoles(h, project, current, c.rbacEmailImplicitRoleAssignments());
            Organization updated = new Organization(
                    current.id(),
                    current.projectId(),
                    c.name() == null ? current.name() : c.name(),
                    c.slug() == null ? current.slug() : c.slug(),
                    c.logoUrl() == null ? current.logoUrl() : checkedLogo(c.logoUrl()),
                    c.externalId() == null || c.externalId().isEmpty()
                            ? current.externalId()
                            : checkedExternalId(c.externalId()),
                    c.trustedMetadata() == null || c.trustedMetadata().isEmpty()
                            ? current.trustedMetadata()
                            : c.trustedMetadata(),
                    settings,
                    current.createdAt(),
                    now(),
                    current.customRoles(),
                    current.ssoActiveConnections());
            requireUnique(h, updated);
            insertOrExplain(() -> store.update(h, updated));
            return updated;
        });
    }

    /** Clears the organization's external id (a no-op when it has none); {@code organization_not_found} otherwise. */
    public Organization deleteExternalId(Project project, String key) {
        return db.inTransaction(h -> {
            Organization current = require(h, project, key);
            current = store.findForUpdate(h, project.id(), current.id()).orElseThrow();
            if (current.externalId() == null) {
                return current;
            }
            Organization updated = new Organization(
                    current.id(),
                    current.projectId(),
                    current.name(),
                    current.slug(),
                    current.logoUrl(),
                    null,
                    current.trustedMetadata(),
                    current.settings(),
                    current.createdAt(),
                    now(),
                    current.customRoles(),
                    current.ssoActiveConnections());
            store.update(h, updated);
            return updated;
        });
    }

    /**
     * Replaces the organization's custom roles, inside the caller's transaction; the caller has validated them
     * against the project's policy ({@code rbac.RbacPolicies}). Raises {@code organization_not_found}.
     */
    public Organization setCustomRoles(Handle h, Project project, String key, List<CustomRole> customRoles) {
        Organization current = require(h, project, key);
        current = store.findForUpdate(h, project.id(), current.id()).orElseThrow();
        Instant now = now();
        store.updateCustomRoles(h, project.id(), current.id(), customRoles, now);
        return new Organization(
                current.id(),
                current.projectId(),
                current.name(),
                current.slug(),
                current.logoUrl(),
                current.externalId(),
                current.trustedMetadata(),
                current.settings(),
                current.createdAt(),
                now,
                customRoles,
                current.ssoActiveConnections());
    }

    /**
     * Implicit role assignments by email domain, when a request sets them, must name roles of the policy (the
     * project's, and the organization's own custom roles once it exists): {@code invalid_role} otherwise. Only the
     * assignments being set are checked, so a role later removed from the policy does not block other updates.
     */
    private void requireKnownRoles(
            Handle h, Project project, Organization org, List<EmailImplicitRoleAssignment> assignments) {
        if (assignments == null || assignments.isEmpty()) {
            return;
        }
        java.util.Set<String> known = roles.roleIds(h, project, org);
        for (EmailImplicitRoleAssignment a : assignments) {
            if (!known.contains(a.roleId())) {
                throw new ApiException(
                        ErrorType.INVALID_ROLE, "role_id " + a.roleId() + " is not a role of this project.");
            }
        }
    }

    /**
     * The SSO settings a request sets must name the organization's own connections (SSO_OAUTH.md §1.5):
     * {@code sso_default_connection_id} ({@code invalid_sso_default_connection_id}; "" clears it), and under
     * RESTRICTED a non-empty {@code sso_jit_provisioning_allowed_connections} ({@code invalid_restricted_sso_setting}).
     * Only what the request sets is checked, so settings left behind by a deleted connection block no other update.
     */
    private static void requireOwnSsoConnections(
            java.util.Set<String> own, OrganizationChanges c, OrganizationSettings settings) {
        String defaultId = c.ssoDefaultConnectionId();
        if (defaultId != null && !defaultId.isEmpty() && !own.contains(defaultId)) {
            throw new ApiException(
                    ErrorType.INVALID_SSO_DEFAULT_CONNECTION_ID,
                    "sso_default_connection_id must name an SSO connection of this organization.");
        }
        boolean setsJit = c.ssoJitProvisioning() != null
                || (c.ssoJitProvisioningAllowedConnections() != null
                        && !c.ssoJitProvisioningAllowedConnections().isEmpty());
        if (!setsJit) {
            return;
        }
        for (String id : settings.ssoJitProvisioningAllowedConnections()) {
            if (!own.contains(id)) {
                throw new ApiException(
                        ErrorType.INVALID_RESTRICTED_SSO_SETTING,
                        "sso_jit_provisioning_allowed_connections must name SSO connections of this organization; " + id
                                + " is not one.");
            }
        }
        if (OrganizationSettings.RESTRICTED.equals(settings.ssoJitProvisioning())
                && settings.ssoJitProvisioningAllowedConnections().isEmpty()) {
            throw new ApiException(
                    ErrorType.INVALID_RESTRICTED_SSO_SETTING,
                    "sso_jit_provisioning RESTRICTED needs sso_jit_provisioning_allowed_connections.");
        }
    }

    /**
     * Takes a deleted SSO connection out of the organization's settings (its default connection, the connections
     * allowed to JIT-provision), inside the caller's transaction. The organization's other fields are kept.
     */
    public void forgetSsoConnection(Handle h, Project project, String organizationId, String connectionId) {
        Optional<Organization> found = store.findForUpdate(h, project.id(), organizationId);
        if (found.isEmpty()) {
            return;
        }
        Organization current = found.get();
        OrganizationSettings s = current.settings();
        boolean isDefault = connectionId.equals(s.ssoDefaultConnectionId());
        boolean isAllowed = s.ssoJitProvisioningAllowedConnections().contains(connectionId);
        if (!isDefault && !isAllowed) {
            return;
        }
        OrganizationSettings updated = s.withoutSsoConnection(connectionId);
        store.update(
                h,
                new Organization(
                        current.id(),
                        current.projectId(),
                        current.name(),
                        current.slug(),
                        current.logoUrl(),
                        current.externalId(),
                        current.trustedMetadata(),
                        updated,
                        current.createdAt(),
                        now(),
                        current.customRoles(),
                        current.ssoActiveConnections()));
    }

    /** Deletes the organization and its members; returns its id. */
    public String delete(Project project, String key) {
        return db.inTransaction(h -> {
            Organization org = require(h, project, key);
            store.delete(h, project.id(), org.id());
            return org.id();
        });
    }

    /** A page of the project's organizations matching {@code query}, oldest first. */
    public Page<Organization> search(Project project, SearchQuery query, String cursor, int limit) {
        SqlFilter filter = OrganizationSearch.filter(query);
        Cursor after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
        return db.withHandle(h -> {
            List<Organization> rows = store.search(h, project.id(), filter, after, limit + 1);
            return Page.of(rows, limit, store.count(h, project.id(), filter), o -> new Cursor(o.createdAt(), o.id()));
        });
    }

    /**
     * Id, slug and external id share one namespace per project: a lookup by key tries them in turn, so a slug equal
     * to another organization's id or external id (or the reverse) would let one organization shadow another.
     */
    private void requireUnique(Handle h, Organization org) {
        store.lockKeys(h, org.projectId());
        if (store.keyTaken(h, org.projectId(), org.slug(), org.id())) {
            throw slugUsed(org.slug());
        }
        if (org.externalId() != null && store.keyTaken(h, org.projectId(), org.externalId(), org.id())) {
            throw externalIdUsed(org.externalId());
        }
    }

    /** Runs a write; a unique violation from a concurrent writer becomes the matching API error. */
    private static void insertOrExplain(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            String index = UniqueViolation.index(e).orElseThrow(() -> e);
            throw index.equals("organizations_external_id") ? externalIdUsed("") : slugUsed("");
        }
    }

    private String freeSlug(Handle h, Project project, String base) {
        String slug = base;
        while (store.keyTaken(h, project.id(), slug, "")) {
            slug = base + "-" + Tokens.fromAlphabet("abcdefghijklmnopqrstuvwxyz0123456789", 6);
        }
        return slug;
    }

    private static String checkedLogo(String url) {
        OrganizationRules.logoUrl(url);
        return url;
    }

    private static String checkedExternalId(String externalId) {
        if (externalId == null) {
            return null;
        }
        OrganizationRules.externalId(externalId);
        return externalId;
    }

    private static ApiException slugUsed(String slug) {
        return new ApiException(
                ErrorType.ORGANIZATION_SLUG_ALREADY_USED, "organization_slug " + slug + " is already used.");
    }

    private static ApiException externalIdUsed(String id) {
        return new ApiException(
                ErrorType.ORGANIZATION_EXTERNAL_ID_ALREADY_USED,
                "organization_external_id " + id + " is already used.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
