package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsAndReadsAnOrganization() {
        var created = server.call("POST", "/v1/b2b/organizations", "{\"organization_name\":\"Acme Inc\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String id = created.at("/organization/organization_id");
        assertThat(id).startsWith("organization-test-");
        assertThat(created.at("/organization/organization_slug")).isEqualTo("acme-inc");
        var got = server.call("GET", "/v1/b2b/organizations/" + id, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.at("/request_id")).startsWith("request-id-test-");
    }

    @Test
    void metricsCountRequestsByRouteTemplateNotByPath() {
        server.call("GET", "/v1/b2b/organizations/organization-test-00000000-0000-4000-8000-000000000000", null);
        var metrics = server.send("GET", "/metrics", null, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text())
                .contains("route=\"/v1/b2b/organizations/{organization_id}\"")
                .doesNotContain("organization-test-00000000");
    }
}
