package dev.latchkey.organization;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization is found by id, slug or external id, in that order (SPEC §0), so the three share one namespace:
 * no organization's slug or external id may equal another organization's id, slug or external id, or a key given
 * to one organization would reach (or be shadowed by) another.
 */
class OrganizationKeyNamespaceTest {
    static TestServer server;
    static Flows flows;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An organization with this slug and external id (null for none); returns its id. */
    static String organization(String slug, String externalId) {
        return ok(flows.post(
                        "/v1/b2b/organizations",
                        "organization_name",
                        "Org " + slug,
                        "organization_slug",
                        slug,
                        "organization_external_id",
                        externalId))
                .at("/organization/organization_id");
    }

    static TestServer.Response create(String slug, String externalId) {
        return flows.post(
                "/v1/b2b/organizations",
                "organization_name",
                "Another",
                "organization_slug",
                slug,
                "organization_external_id",
                externalId);
    }

    static TestServer.Response update(String id, String slug, String externalId) {
        return server.call(
                "PUT",
                "/v1/b2b/organizations/" + id,
                Flows.json("organization_slug", slug, "organization_external_id", externalId));
    }

    static int organizationCount() {
        return ok(flows.post("/v1/b2b/organizations/search", "limit", 1000))
                .json()
                .at("/results_metadata/total")
                .asInt();
    }

    @Test
    void createWithSlugEqualToAnotherOrganizationsExternalIdThenSlugAlreadyUsed() {
        String external = unique("ext");
        String owner = organization(unique("owner"), external);
        int before = organizationCount();

        fails(create(external, null), 400, "organization_slug_already_used");

        assertThat(organizationCount()).isEqualTo(before);
        assertThat(ok(flows.get("/v1/b2b/organizations/" + external)).at("/organization/organization_id"))
                .isEqualTo(owner);
    }

    @Test
    void createWithSlugEqualToAnotherOrganizationsIdThenSlugAlreadyUsed() {
        String owner = organization(unique("owner"), null);

        fails(create(owner, null), 400, "organization_slug_already_used");
    }

    @Test
    void createWithExternalIdEqualToAnotherOrganizationsSlugThenExternalIdAlreadyUsed() {
        String slug = unique("slug");
        String owner = organization(slug, null);
        int before = organizationCount();

        fails(create(unique("new"), slug), 400, "organization_external_id_already_used");

        assertThat(organizationCount()).isEqualTo(before);
        assertThat(ok(flows.get("/v1/b2b/organizations/" + slug)).at("/organization/organization_id"))
                .isEqualTo(owner);
    }

    @Test
    void createWithExternalIdEqualToAnotherOrganizationsIdThenExternalIdAlreadyUsed() {
        String owner = organization(unique("owner"), null);

        fails(create(unique("new"), owner), 400, "organization_external_id_already_used");
    }

    @Test
    void updateSlugToAnotherOrganizationsExternalIdThenSlugAlreadyUsedAndNothingChanged() {
        String external = unique("ext");
        organization(unique("owner"), external);
        String slug = unique("mine");
        String mine = organization(slug, null);

        fails(update(mine, external, null), 400, "organization_slug_already_used");

        assertThat(ok(flows.get("/v1/b2b/organizations/" + mine)).at("/organization/organization_slug"))
                .isEqualTo(slug);
    }

    @Test
    void updateSlugToAnotherOrganizationsIdThenSlugAlreadyUsed() {
        String other = organization(unique("other"), null);
        String mine = organization(unique("mine"), null);

        fails(update(mine, other, null), 400, "organization_slug_already_used");
    }

    @Test
    void updateExternalIdToAnotherOrganizationsSlugOrIdThenExternalIdAlreadyUsedAndNothingChanged() {
        String otherSlug = unique("other");
        String other = organization(otherSlug, null);
        String mine = organization(unique("mine"), null);

        fails(update(mine, null, otherSlug), 400, "organization_external_id_already_used");
        fails(update(mine, null, other), 400, "organization_external_id_already_used");

        assertThat(ok(flows.get("/v1/b2b/organizations/" + mine))
                        .json()
                        .at("/organization/organization_external_id")
                        .isNull())
                .isTrue();
    }

    @Test
    void slugEqualToItsOwnExternalIdThenAccepted() {
        String key = unique("same");

        String id = organization(key, key);

        assertThat(ok(flows.get("/v1/b2b/organizations/" + key)).at("/organization/organization_id"))
                .isEqualTo(id);
    }

    @Test
    void concurrentCreatesClaimingOneKeyAsSlugAndAsExternalIdThenExactlyOneSucceeds() {
        for (int round = 0; round < 5; round++) {
            String key = unique("race");
            List<Supplier<TestServer.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean asSlug = i % 2 == 0;
                calls.add(() -> asSlug ? create(key, null) : create(unique("other"), key));
            }

            List<TestServer.Response> answers = Flows.concurrently(calls);

            assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(1);
            assertThat(answers.stream().filter(r -> r.status() != 200)).allSatisfy(r -> assertThat(r.errorType())
                    .isIn("organization_slug_already_used", "organization_external_id_already_used"));
        }
    }
}
