package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.organization.SearchQuery;
import dev.latchkey.project.Project;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Database;
import dev.latchkey.store.Page;
import dev.latchkey.store.SqlFilter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** {@code organizations/members/search}: members across organizations of a project, a page at a time. */
public final class MemberSearchService {
    private final Database db;
    private final MemberStore store;
    private final OrganizationService organizations;

    public MemberSearchService(Database db, MemberStore store, OrganizationService organizations) {
        this.db = db;
        this.store = store;
        this.organizations = organizations;
    }

    /**
     * Members of the given organizations matching {@code query}, oldest first, with those organizations by id.
     * Raises {@code member_search_organization_ids_empty}, {@code organization_not_found} and the search-operand
     * errors of {@link MemberSearch}.
     */
    public MemberPage search(
            Project project, List<String> organizationIds, SearchQuery query, String cursor, int limit) {
        if (organizationIds == null || organizationIds.isEmpty()) {
            throw new ApiException(
                    ErrorType.MEMBER_SEARCH_ORGANIZATION_IDS_EMPTY, "organization_ids must not be empty.");
        }
        SqlFilter filter = MemberSearch.filter(query);
        Cursor after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
        return db.withHandle(h -> {
            Map<String, Organization> orgs = new LinkedHashMap<>();
            for (String key : new LinkedHashSet<>(organizationIds)) {
                Organization org = organizations.require(h, project, key);
                orgs.put(org.id(), org);
            }
            String[] ids = orgs.keySet().toArray(String[]::new);
            List<Member> rows = store.search(h, project.id(), ids, filter, after, limit + 1);
            Page<Member> page = Page.of(
                    rows, limit, store.count(h, project.id(), ids, filter), m -> new Cursor(m.createdAt(), m.id()));
            return new MemberPage(page, orgs);
        });
    }

    /** A page of members and the organizations they belong to. */
    public record MemberPage(Page<Member> page, Map<String, Organization> organizations) {}
}
