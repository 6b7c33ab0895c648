package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The server as {@code java -jar} runs it: the embedded PostgreSQL keeps data across restarts, a first start
 * creates a test project whose credentials only a 0600 file holds, and configured credentials are used as given.
 */
class RestartAndBootstrapTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));

    @Test
    void embeddedDatabaseWhenRestartedOnSameDataDirThenOrganizationsMembersAndProjectSurvive(@TempDir Path dataDir)
            throws IOException {
        Config config = config(dataDir, null, null, null, null);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        Properties credentials;
        String orgId;
        String memberId;
        try (Application first = Application.start(config, clock)) {
            credentials = onlyCredentialsFile(dataDir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(onlyCredentialsPath(dataDir))))
                    .isEqualTo("rw-------");
            String id = credentials.getProperty("LATCHKEY_PROJECT_ID");
            String secret = credentials.getProperty("LATCHKEY_PROJECT_SECRET");
            assertThat(id).startsWith("project-test-");
            assertThat(secret).startsWith("secret-test-");
            assertThat(credentials.getProperty("LATCHKEY_PUBLIC_TOKEN")).startsWith("public-token-test-");
            assertThat(get(first, "/healthz", null).status()).isEqualTo(200);
            assertThat(get(first, "/readyz", null).status()).isEqualTo(200);

            Answer org =
                    send(first, "POST", "/v1/b2b/organizations", "{\"organization_name\":\"Survivor\"}", id, secret);
            assertThat(org.status()).as(org.body().toString()).isEqualTo(200);
            orgId = org.body().at("/organization/organization_id").asText();
            Answer member = send(
                    first,
                    "POST",
                    "/v1/b2b/organizations/" + orgId + "/members",
                    "{\"email_address\":\"stays@example.com\"}",
                    id,
                    secret);
            assertThat(member.status()).as(member.body().toString()).isEqualTo(200);
            memberId = member.body().at("/member_id").asText();
        } finally {
            root.detachAppender(log);
        }
        String secret = credentials.getProperty("LATCHKEY_PROJECT_SECRET");
        assertThat(log.list).isNotEmpty().allSatisfy(event -> assertThat(rendered(event))
                .doesNotContain(secret));

        try (Application second = Application.start(config, clock)) {
            String id = credentials.getProperty("LATCHKEY_PROJECT_ID");
            assertThat(second.services().projects().list()).hasSize(1);
            assertThat(onlyCredentialsFile(dataDir)).isEqualTo(credentials);
            Answer org = send(second, "GET", "/v1/b2b/organizations/" + orgId, null, id, secret);
            assertThat(org.status()).isEqualTo(200);
            assertThat(org.body().at("/organization/organization_name").asText())
                    .isEqualTo("Survivor");
            Answer member = send(
                    second,
                    "GET",
                    "/v1/b2b/organizations/" + orgId + "/member?member_id=" + memberId,
                    null,
                    id,
                    secret);
            assertThat(member.status()).isEqualTo(200);
            assertThat(member.body().at("/member/email_address").asText()).isEqualTo("stays@example.com");
            assertThat(get(second, "/readyz", null).status()).isEqualTo(200);
        }
    }

    @Test
    void firstStartWhenNoProjectIsConfiguredThenCredentialsAndMasterKeyFilesAreOwnerOnly(@TempDir Path dataDir)
            throws IOException {
        try (Application app =
                Application.start(config(dataDir, TestDatabases.freshDatabaseUrl(), null, null, null), clock)) {
            Path file = onlyCredentialsPath(dataDir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("master.key"))))
                    .isEqualTo("rw-------");
            Properties credentials = onlyCredentialsFile(dataDir);
            String id = credentials.getProperty("LATCHKEY_PROJECT_ID");
            assertThat(file.getFileName().toString()).isEqualTo("project-" + id + ".credentials");
            assertThat(send(
                                    app,
                                    "POST",
                                    "/v1/b2b/organizations/search",
                                    "{}",
                                    id,
                                    credentials.getProperty("LATCHKEY_PROJECT_SECRET"))
                            .status())
                    .isEqualTo(200);
            assertThat(send(app, "POST", "/v1/b2b/organizations/search", "{}", id, "secret-test-wrong")
                            .status())
                    .isEqualTo(401);
            assertThat(app.services().projects().find(id).orElseThrow().publicToken())
                    .isEqualTo(credentials.getProperty("LATCHKEY_PUBLIC_TOKEN"));
        }
    }

    @Test
    void startWhenProjectCredentialsAreConfiguredThenThatProjectExistsWithExactlyThem(@TempDir Path dataDir)
            throws IOException {
        String id = "project-test-6a1c1f3e-2d4b-4c8a-9e57-0b1c2d3e4f50";
        String secret = "secret-test-configured-by-the-operator-0123456789";
        String token = "public-token-test-0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";
        Config config = config(dataDir, TestDatabases.freshDatabaseUrl(), id, secret, token);

        for (int start = 0; start < 2; start++) { // the second start finds the project and leaves it as it is
            try (Application app = Application.start(config, clock)) {
                assertThat(app.services().projects().list()).singleElement().satisfies(p -> {
                    assertThat(p.id()).isEqualTo(id);
                    assertThat(p.publicToken()).isEqualTo(token);
                });
                assertThat(send(app, "POST", "/v1/b2b/organizations/search", "{}", id, secret)
                                .status())
                        .isEqualTo(200);
                assertThat(send(app, "POST", "/v1/b2b/organizations/search", "{}", id, secret + "x")
                                .status())
                        .isEqualTo(401);
                assertThat(credentialsFiles(dataDir)).isEmpty();
            }
        }
    }

    private static Config config(Path dataDir, String databaseUrl, String projectId, String secret, String token) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("LATCHKEY_HOST", "127.0.0.1");
        env.put("LATCHKEY_PORT", "0");
        env.put("LATCHKEY_DATA_DIR", dataDir.toString());
        env.put("LATCHKEY_DATABASE_POOL_SIZE", "4");
        if (databaseUrl != null) {
            env.put("LATCHKEY_DATABASE_URL", databaseUrl);
        }
        if (projectId != null) {
            env.put("LATCHKEY_PROJECT_ID", projectId);
            env.put("LATCHKEY_PROJECT_SECRET", secret);
            env.put("LATCHKEY_PUBLIC_TOKEN", token);
        }
        return Config.fromEnvironment(env);
    }

    private static String rendered(ILoggingEvent event) {
        return event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }

    private static List<Path> credentialsFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".credentials"))
                    .toList();
        }
    }

    private static Path onlyCredentialsPath(Path dataDir) throws IOException {
        List<Path> files = credentialsFiles(dataDir);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private static Properties onlyCredentialsFile(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.StringReader(Files.readString(onlyCredentialsPath(dataDir))));
        return p;
    }

    record Answer(int status, JsonNode body) {}

    private static Answer get(Application app, String path, String auth) {
        return exchange(app, "GET", path, null, auth);
    }

    private static Answer send(Application app, String method, String path, String body, String id, String secret) {
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return exchange(app, method, path, body, auth);
    }

    private static Answer exchange(Application app, String method, String path, String body, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
