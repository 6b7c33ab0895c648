package dev.latchkey.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-project origin list, against the real database. */
class AuthorizedOriginsTest {
    static TestServer server;
    static AuthorizedOrigins origins;

    @BeforeAll
    static void start() {
        server = new TestServer();
        origins = server.app.services().authorizedOrigins();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void addThenStoredNormalisedAndListedSorted() {
        String project = server.newProject().project().id();

        assertThat(origins.add(project, "HTTPS://Z.example.com:443/")).isEqualTo("https://z.example.com");
        origins.add(project, "http://localhost:3000");

        assertThat(origins.list(project)).containsExactly("http://localhost:3000", "https://z.example.com");
    }

    @Test
    void addTwiceThenOnce() {
        String project = server.newProject().project().id();

        origins.add(project, "https://app.example.com");
        origins.add(project, "https://app.example.com/");

        assertThat(origins.list(project)).containsExactly("https://app.example.com");
    }

    @Test
    void addForUnknownProjectThenRejected() {
        assertThatThrownBy(() -> origins.add("project-test-nope", "https://app.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no project");
    }

    @Test
    void isAuthorizedThenOnlyForTheProjectThatAddedIt() {
        String a = server.newProject().project().id();
        String b = server.newProject().project().id();
        origins.add(a, "https://only-a.example");

        assertThat(origins.isAuthorized(a, "https://only-a.example")).isTrue();
        assertThat(origins.isAuthorized(b, "https://only-a.example")).isFalse();
        assertThat(origins.list(b)).isEmpty();
        assertThat(origins.isAuthorizedForAnyProject("https://only-a.example")).isTrue();
        assertThat(origins.isAuthorizedForAnyProject("https://nobody.example")).isFalse();
    }

    @Test
    void isAuthorizedWhenHeaderDiffersOnlyInDefaultPortThenSameOrigin() {
        String a = server.newProject().project().id();
        origins.add(a, "https://port.example");

        assertThat(origins.isAuthorized(a, "https://port.example:443")).isTrue();
        assertThat(origins.isAuthorized(a, "http://port.example")).isFalse();
        assertThat(origins.isAuthorized(a, "null")).isFalse();
        assertThat(origins.isAuthorized(a, null)).isFalse();
    }

    @Test
    void removeThenGoneAndOnlyFromThatProject() {
        String a = server.newProject().project().id();
        String b = server.newProject().project().id();
        origins.add(a, "https://shared.example");
        origins.add(b, "https://shared.example");

        assertThat(origins.remove(a, "https://shared.example/")).isTrue();
        assertThat(origins.remove(a, "https://shared.example")).isFalse();

        assertThat(origins.isAuthorized(a, "https://shared.example")).isFalse();
        assertThat(origins.isAuthorized(b, "https://shared.example")).isTrue();
    }
}
