package dev.latchkey.organization;

import static dev.latchkey.testing.Sdk.error;
import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.api.organizations.Organizations;
import com.stytch.java.b2b.models.organizations.CreateRequest;
import com.stytch.java.b2b.models.organizations.CreateRequestFirstPartyConnectedAppsAllowedType;
import com.stytch.java.b2b.models.organizations.CreateRequestThirdPartyConnectedAppsAllowedType;
import com.stytch.java.b2b.models.organizations.DeleteRequest;
import com.stytch.java.b2b.models.organizations.EmailImplicitRoleAssignment;
import com.stytch.java.b2b.models.organizations.GetRequest;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizations.SearchQuery;
import com.stytch.java.b2b.models.organizations.SearchQueryOperator;
import com.stytch.java.b2b.models.organizations.SearchRequest;
import com.stytch.java.b2b.models.organizations.SearchResponse;
import com.stytch.java.b2b.models.organizations.UpdateRequest;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every organization endpoint driven through the official Java SDK (issue 2): requests it sends, models it maps. */
class OrganizationSdkCompatibilityTest {
    static TestServer server;
    static StytchB2BClient sdk;
    static Organizations organizations;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        organizations = sdk.getOrganizations();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    @Test
    void createWhenEverySettingIsGivenThenSdkMapsEveryValueBack() {
        CreateRequest request = new CreateRequest(
                "Fully Configured Inc",
                "fully-configured",
                "https://example.com/logo.png",
                Map.of("tier", "gold", "limits", Map.of("seats", 5), "tags", List.of("a", "b")),
                "ext-fully|1",
                "NOT_ALLOWED",
                List.of("example.com", "acme.io"),
                "RESTRICTED",
                "RESTRICTED",
                "RESTRICTED",
                List.of("password", "magic_link"),
                "REQUIRED_FOR_ALL",
                List.of(new EmailImplicitRoleAssignment("acme.io", "stytch_admin")),
                "RESTRICTED",
                List.of("totp"),
                "RESTRICTED",
                Map.of("slack", List.of("T123")),
                List.of("acme.io"),
                CreateRequestFirstPartyConnectedAppsAllowedType.RESTRICTED,
                List.of("connected-app-1"),
                CreateRequestThirdPartyConnectedAppsAllowedType.NOT_ALLOWED,
                List.of());

        var created = ok(organizations.createCompletable(request));

        assertThat(created.getStatusCode()).isEqualTo(200);
        assertThat(created.getRequestId()).startsWith("request-id-test-");
        Organization org = created.getOrganization();
        assertFullyConfigured(org);
        assertThat(org.getOrganizationId()).startsWith("organization-test-");
        assertThat(org.getCreatedAt()).isEqualTo(server.clock.instant());
        assertThat(org.getUpdatedAt()).isEqualTo(server.clock.instant());

        Organization fetched = ok(organizations.getCompletable(new GetRequest(org.getOrganizationId())))
                .getOrganization();
        assertFullyConfigured(fetched);
        assertThat(fetched).isEqualTo(org);
    }

    private static void assertFullyConfigured(Organization org) {
        assertThat(org.getOrganizationName()).isEqualTo("Fully Configured Inc");
        assertThat(org.getOrganizationSlug()).isEqualTo("fully-configured");
        assertThat(org.getOrganizationLogoURL()).isEqualTo("https://example.com/logo.png");
        // Moshi reads every JSON number as a double.
        assertThat(org.getTrustedMetadata())
                .isEqualTo(Map.of("tier", "gold", "limits", Map.of("seats", 5.0), "tags", List.of("a", "b")));
        assertThat(org.getOrganizationExternalId()).isEqualTo("ext-fully|1");
        assertThat(org.getSsoJITProvisioning()).isEqualTo("NOT_ALLOWED");
        assertThat(org.getSsoJITProvisioningAllowedConnections()).isEmpty();
        assertThat(org.getSsoActiveConnections()).isEmpty();
        assertThat(org.getSsoDefaultConnectionId()).isNull();
        assertThat(org.getScimActiveConnection()).isNull();
        assertThat(org.getEmailAllowedDomains()).containsExactly("example.com", "acme.io");
        assertThat(org.getEmailJITProvisioning()).isEqualTo("RESTRICTED");
        assertThat(org.getEmailInvites()).isEqualTo("RESTRICTED");
        assertThat(org.getAuthMethods()).isEqualTo("RESTRICTED");
        assertThat(org.getAllowedAuthMethods()).containsExactly("password", "magic_link");
        assertThat(org.getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(org.getRbacEmailImplicitRoleAssignments())
                .containsExactly(new EmailImplicitRoleAssignment("acme.io", "stytch_admin"));
        assertThat(org.getMfaMethods()).isEqualTo("RESTRICTED");
        assertThat(org.getAllowedMfaMethods()).containsExactly("totp");
        assertThat(org.getOauthTenantJITProvisioning()).isEqualTo("RESTRICTED");
        assertThat(org.getAllowedOAuthTenants()).isEqualTo(Map.of("slack", List.of("T123")));
        assertThat(org.getClaimedEmailDomains()).containsExactly("acme.io");
        assertThat(org.getFirstPartyConnectedAppsAllowedType()).isEqualTo("RESTRICTED");
        assertThat(org.getAllowedFirstPartyConnectedApps()).containsExactly("connected-app-1");
        assertThat(org.getThirdPartyConnectedAppsAllowedType()).isEqualTo("NOT_ALLOWED");
        assertThat(org.getAllowedThirdPartyConnectedApps()).isEmpty();
        assertThat(org.getCustomRoles()).isEmpty();
    }

    @Test
    void createWhenOnlyNameIsGivenThenStytchDefaultsAndSlugFromName() {
        Organization org = ok(organizations.createCompletable(new CreateRequest("Defaults & Co")))
                .getOrganization();

        assertThat(org.getOrganizationSlug()).isEqualTo("defaults-co");
        assertThat(org.getOrganizationLogoURL()).isEmpty();
        assertThat(org.getOrganizationExternalId()).isNull();
        assertThat(org.getTrustedMetadata()).isEmpty();
        assertThat(org.getSsoJITProvisioning()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getEmailJITProvisioning()).isEqualTo("NOT_ALLOWED");
        assertThat(org.getEmailInvites()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getAuthMethods()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getMfaPolicy()).isEqualTo("OPTIONAL");
        assertThat(org.getMfaMethods()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getAllowedMfaMethods()).isEmpty();
        assertThat(org.getOauthTenantJITProvisioning()).isEqualTo("NOT_ALLOWED");
        assertThat(org.getFirstPartyConnectedAppsAllowedType()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getThirdPartyConnectedAppsAllowedType()).isEqualTo("ALL_ALLOWED");
    }

    @Test
    void getWhenGivenSlugOrExternalIdThenFindsTheOrganization() {
        Organization org = create("Lookup Ltd", "lookup-ltd", "lookup-external");

        assertThat(ok(organizations.getCompletable(new GetRequest("lookup-ltd")))
                        .getOrganization()
                        .getOrganizationId())
                .isEqualTo(org.getOrganizationId());
        assertThat(ok(organizations.getCompletable(new GetRequest("lookup-external")))
                        .getOrganization()
                        .getOrganizationId())
                .isEqualTo(org.getOrganizationId());
    }

    @Test
    void updateWhenFieldsAreGivenThenTheyChangeAndTheRestIsKept() {
        Organization org = create("Before Update", "before-update", null);
        server.clock.advance(Duration.ofMinutes(5));

        UpdateRequest request = new UpdateRequest(
                org.getOrganizationId(),
                "After Update",
                "after-update",
                "https://example.com/new.png",
                Map.of("plan", "pro"),
                "after-external",
                null,
                null,
                List.of(),
                List.of("after.example"),
                "RESTRICTED",
                null,
                null,
                List.of(),
                "REQUIRED_FOR_ALL",
                List.of(),
                "RESTRICTED",
                List.of("sms_otp", "totp"));
        Organization updated =
                ok(organizations.updateCompletable(request, null)).getOrganization();

        assertThat(updated.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(updated.getOrganizationName()).isEqualTo("After Update");
        assertThat(updated.getOrganizationSlug()).isEqualTo("after-update");
        assertThat(updated.getOrganizationLogoURL()).isEqualTo("https://example.com/new.png");
        assertThat(updated.getTrustedMetadata()).isEqualTo(Map.of("plan", "pro"));
        assertThat(updated.getOrganizationExternalId()).isEqualTo("after-external");
        assertThat(updated.getEmailAllowedDomains()).containsExactly("after.example");
        assertThat(updated.getEmailJITProvisioning()).isEqualTo("RESTRICTED");
        assertThat(updated.getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(updated.getMfaMethods()).isEqualTo("RESTRICTED");
        assertThat(updated.getAllowedMfaMethods()).containsExactly("sms_otp", "totp");
        assertThat(updated.getEmailInvites()).isEqualTo("ALL_ALLOWED");
        assertThat(updated.getAuthMethods()).isEqualTo("ALL_ALLOWED");
        assertThat(updated.getCreatedAt()).isEqualTo(org.getCreatedAt());
        assertThat(updated.getUpdatedAt()).isEqualTo(server.clock.instant());
        assertThat(ok(organizations.getCompletable(new GetRequest(org.getOrganizationId())))
                        .getOrganization())
                .isEqualTo(updated);
    }

    @Test
    void updateWhenSdkSendsEmptyListsAndMapsThenThoseSettingsAreUnchanged() {
        var created = ok(organizations.createCompletable(new CreateRequest(
                        "Keeps Settings",
                        null,
                        null,
                        Map.of("keep", true),
                        null,
                        null,
                        List.of("keep.example"),
                        null,
                        null,
                        "RESTRICTED",
                        List.of("sso"),
                        null,
                        null,
                        "RESTRICTED",
                        List.of("totp"))))
                .getOrganization();

        // organizations.update(orgId, name) sends trusted_metadata:{}, allowed_oauth_tenants:{} and empty lists.
        Organization renamed = ok(organizations.updateCompletable(
                        new UpdateRequest(created.getOrganizationId(), "Renamed Only"), null))
                .getOrganization();

        assertThat(renamed.getOrganizationName()).isEqualTo("Renamed Only");
        assertThat(renamed.getTrustedMetadata()).isEqualTo(Map.of("keep", true));
        assertThat(renamed.getEmailAllowedDomains()).containsExactly("keep.example");
        assertThat(renamed.getAllowedAuthMethods()).containsExactly("sso");
        assertThat(renamed.getAllowedMfaMethods()).containsExactly("totp");
        assertThat(renamed.getOrganizationSlug()).isEqualTo(created.getOrganizationSlug());
    }

    @Test
    void deleteWhenOrganizationExistsThenItIsGoneAndItsIdIsReturned() {
        Organization org = create("Short Lived", "short-lived", null);

        var deleted = ok(organizations.deleteCompletable(new DeleteRequest(org.getOrganizationId()), null));

        assertThat(deleted.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(deleted.getStatusCode()).isEqualTo(200);
        error(organizations.getCompletable(new GetRequest(org.getOrganizationId())), "organization_not_found", 404);
        error(
                organizations.deleteCompletable(new DeleteRequest(org.getOrganizationId()), null),
                "organization_not_found",
                404);
    }

    @Test
    void searchWhenResultsSpanPagesThenCursorWalksThemOldestFirstWithoutRepeats() {
        List<Organization> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create("Paging Corp " + i, "paging-corp-" + i, null));
            if (i % 2 == 0) {
                server.clock.advance(Duration.ofSeconds(1)); // some share a created_at: the id breaks the tie
            }
        }
        create("Unrelated", "unrelated-org", null);
        SearchQuery query = new SearchQuery(
                SearchQueryOperator.AND,
                List.of(Map.of("filter_name", "organization_name_fuzzy", "filter_value", "paging")));

        List<Organization> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchResponse page = ok(organizations.searchCompletable(new SearchRequest(cursor, 2L, query)));
            assertThat(page.getResultsMetadata().getTotal()).isEqualTo(5);
            assertThat(page.getOrganizations()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.getOrganizations());
            cursor = page.getResultsMetadata().getNextCursor();
            pages++;
        } while (cursor != null && !cursor.isEmpty() && pages < 10);

        assertThat(pages).isEqualTo(3);
        // Oldest first; organizations created in the same instant come in id order.
        List<String> expected = created.stream()
                .sorted(Comparator.comparing(Organization::getCreatedAt).thenComparing(Organization::getOrganizationId))
                .map(Organization::getOrganizationId)
                .toList();
        assertThat(seen).extracting(Organization::getOrganizationId).containsExactlyElementsOf(expected);
    }

    @Test
    void searchWhenOperatorIsOrThenEitherOperandMatches() {
        Organization a = create("Either A", "either-a", null);
        Organization b = ok(organizations.createCompletable(
                        new CreateRequest("Either B", "either-b", null, null, null, null, List.of("either-b.example"))))
                .getOrganization();
        create("Either C", "either-c", null);

        SearchQuery query = new SearchQuery(
                SearchQueryOperator.OR,
                List.of(
                        Map.of("filter_name", "organization_slugs", "filter_value", List.of("either-a")),
                        Map.of("filter_name", "allowed_domains", "filter_value", List.of("EITHER-B.example"))));
        SearchResponse found = ok(organizations.searchCompletable(new SearchRequest(null, null, query)));

        assertThat(found.getOrganizations())
                .extracting(Organization::getOrganizationId)
                .containsExactlyInAnyOrder(a.getOrganizationId(), b.getOrganizationId());
        assertThat(found.getResultsMetadata().getTotal()).isEqualTo(2);
        assertThat(found.getResultsMetadata().getNextCursor()).isNullOrEmpty();
    }

    @Test
    void searchWhenNoQueryThenEveryOrganizationOfTheProject() {
        SearchResponse all = ok(organizations.searchCompletable(new SearchRequest()));

        assertThat(all.getOrganizations()).hasSize(all.getResultsMetadata().getTotal());
        assertThat(all.getStatusCode()).isEqualTo(200);
    }

    @Test
    void getWhenOrganizationIsUnknownThenSdkReportsOrganizationNotFound() {
        error(
                organizations.getCompletable(new GetRequest("organization-test-00000000-0000-4000-8000-000000000000")),
                "organization_not_found",
                404);
    }

    @Test
    void createWhenSlugIsInvalidThenSdkReportsInvalidOrganizationSlug() {
        error(
                organizations.createCompletable(new CreateRequest("Bad Slug", "has spaces!")),
                "invalid_organization_slug",
                400);
    }

    @Test
    void createWhenSlugIsTakenThenSdkReportsOrganizationSlugAlreadyUsed() {
        create("Taken Slug", "taken-slug", null);

        error(
                organizations.createCompletable(new CreateRequest("Second", "taken-slug")),
                "organization_slug_already_used",
                400);
    }

    @Test
    void createWhenMfaMethodsRestrictedWithoutAllowedMethodsThenSdkReportsTheRequirement() {
        CreateRequest request = new CreateRequest(
                "Restricted", null, null, null, null, null, null, null, null, null, null, null, null, "RESTRICTED");

        error(organizations.createCompletable(request), "allowed_mfa_methods_required_for_restricted", 400);
    }

    @Test
    void updateWhenMfaMethodsRestrictedWithoutAllowedMethodsThenRejectedAndUnchanged() {
        Organization org = create("Restrict Later", "restrict-later", null);
        UpdateRequest request = new UpdateRequest(
                org.getOrganizationId(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "RESTRICTED");

        error(organizations.updateCompletable(request, null), "allowed_mfa_methods_required_for_restricted", 400);
        assertThat(ok(organizations.getCompletable(new GetRequest(org.getOrganizationId())))
                        .getOrganization()
                        .getMfaMethods())
                .isEqualTo("ALL_ALLOWED");
    }

    @Test
    void createWhenAllowedDomainIsCommonThenSdkReportsDomainTooCommon() {
        CreateRequest request = new CreateRequest("Gmail Users", null, null, null, null, null, List.of("gmail.com"));

        error(organizations.createCompletable(request), "organization_settings_domain_too_common", 400);
    }

    @Test
    void searchWhenFilterNameIsUnknownThenSdkReportsFilterNameNotRecognized() {
        SearchQuery query = new SearchQuery(
                SearchQueryOperator.AND, List.of(Map.of("filter_name", "favourite_colour", "filter_value", "blue")));

        error(
                organizations.searchCompletable(new SearchRequest(null, null, query)),
                "organization_search_filter_name_not_recognized",
                400);
    }

    private static Organization create(String name, String slug, String externalId) {
        return ok(organizations.createCompletable(new CreateRequest(name, slug, null, null, externalId)))
                .getOrganization();
    }
}
