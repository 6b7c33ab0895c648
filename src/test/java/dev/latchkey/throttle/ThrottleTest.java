package dev.latchkey.throttle;

import static dev.latchkey.testing.Flows.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.app.Application;
import dev.latchkey.app.Config;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The throttles of issue 8 at their real defaults: every send and every guessable check, on {@code /v1} and
 * {@code /sdk/v1}, answers 429 {@code too_many_requests} with {@code Retry-After} past its limit; the counters hold
 * under parallel requests and across servers sharing a database.
 */
class ThrottleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ThrottleLimits LIMITS = ThrottleLimits.DEFAULTS;
    private static final String URL = "http://localhost:3000/callback";

    static TestServer server;
    static Flows flows;

    @BeforeAll
    static void start() {
        // TestServer raises the per-IP limits for the rest of the suite; this class puts the real defaults back.
        server = new TestServer(Map.of(
                "LATCHKEY_THROTTLE_SENDS_PER_IP_MINUTE", Integer.toString(LIMITS.sendsPerIpMinute()),
                "LATCHKEY_THROTTLE_GUESSES_PER_IP_MINUTE", Integer.toString(LIMITS.guessesPerIpMinute())));
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Each test starts at the top of a fresh hour, so every window (second, minute, hour) is its own. */
    @BeforeEach
    void freshWindows() {
        java.time.Instant now = server.clock.instant();
        server.clock.advance(Duration.between(
                now, now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1))));
    }

    @Test
    void defaultsAreOneSendPerSecondFivePerMinuteTwentyPerHourTenSmsPerNumberHourTwentyGuessesHundredPerIp() {
        assertThat(ThrottleLimits.fromEnvironment(Map.of())).isEqualTo(new ThrottleLimits(1, 5, 20, 10, 20, 100, 100));
        assertThat(ThrottleLimits.fromEnvironment(Map.of("LATCHKEY_THROTTLE_GUESSES_PER_IP_MINUTE", "500"))
                        .guessesPerIpMinute())
                .isEqualTo(500);
        assertThatThrownBy(() -> ThrottleLimits.fromEnvironment(Map.of("LATCHKEY_THROTTLE_SMS_PER_NUMBER_HOUR", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThrottleLimits.fromEnvironment(Map.of("LATCHKEY_THROTTLE_SMS_PER_NUMBER_HOUR", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LATCHKEY_THROTTLE_SMS_PER_NUMBER_HOUR");
    }

    @Test
    void sendsToOneAddressPastOnePerSecondFivePerMinuteTwentyPerHourGet429WithRetryAfter() {
        String email = email();
        ok(discoverySend(email));
        tooMany(discoverySend(email), 1);

        for (int i = 1; i < 5; i++) {
            server.clock.advance(Duration.ofSeconds(1));
            ok(discoverySend(email));
        }
        server.clock.advance(Duration.ofSeconds(1)); // 5 s into the minute, the sixth send of the minute
        tooMany(discoverySend(email), 55);

        for (int minute = 1; minute < 4; minute++) {
            server.clock.advance(Duration.ofSeconds(55));
            for (int i = 0; i < 5; i++) {
                ok(discoverySend(email));
                server.clock.advance(Duration.ofSeconds(1));
            }
        }
        server.clock.advance(Duration.ofSeconds(55)); // 4 min into the hour: the 21st send of the hour
        tooMany(discoverySend(email), 3600 - 240);
        assertThat(flows.messagesTo(email)).isEqualTo(20);
    }

    @Test
    void everySendEndpointCountsTowardTheAddressOnV1AndSdk() {
        String org = flows.organization();
        String email = email();
        flows.member(org, email);
        List<Supplier<HttpResponse<String>>> sends = List.of(
                () -> post(
                        "/v1/b2b/magic_links/email/login_or_signup",
                        json("organization_id", org, "email_address", email, "login_redirect_url", URL)),
                () -> post(
                        "/v1/b2b/magic_links/email/invite",
                        json(
                                "organization_id", flows.organization(),
                                "email_address", email,
                                "invite_redirect_url", URL)),
                () -> sdkPost(
                        "/sdk/v1/b2b/magic_links/email/discovery/send",
                        json("email_address", email, "discovery_redirect_url", URL)),
                () -> sdkPost(
                        "/sdk/v1/b2b/otps/email/login_or_signup", json("organization_id", org, "email_address", email)),
                () -> post("/v1/b2b/otps/email/discovery/send", json("email_address", email)));
        for (Supplier<HttpResponse<String>> send : sends) {
            ok(send.get());
            server.clock.advance(Duration.ofSeconds(1));
        }
        String reset = json("organization_id", org, "email_address", email, "reset_password_redirect_url", URL);
        tooMany(sdkPost("/sdk/v1/b2b/passwords/email/reset/start", reset), 55);
        tooMany(post("/v1/b2b/passwords/email/reset/start", reset), 55);
        tooMany(
                sdkPost(
                        "/sdk/v1/b2b/magic_links/email/login_or_signup",
                        json(
                                "organization_id",
                                org,
                                "email_address",
                                email,
                                "login_redirect_url",
                                URL,
                                "signup_redirect_url",
                                URL)),
                55);
    }

    @Test
    void smsToOneNumberPastTenAnHourGets429EvenAcrossMembersAndOrganizations() {
        String phone = flows.newPhone();
        List<String[]> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
            String email = email();
            String member = flows.member(org, email);
            members.add(new String[] {org, member, flows.ist(org, email)});
        }
        for (int i = 0; i < LIMITS.smsPerNumberHour(); i++) {
            String[] m = members.get(i % 2);
            ok(post(
                    "/v1/b2b/otps/sms/send",
                    json(
                            "organization_id", m[0],
                            "member_id", m[1],
                            "mfa_phone_number", i < 2 ? phone : null,
                            "intermediate_session_token", m[2])));
            server.clock.advance(Duration.ofSeconds(13)); // 5 sends a minute at most: the cap is the hour's
        }
        String[] m = members.get(0);
        HttpResponse<String> capped = post(
                "/v1/b2b/otps/sms/send",
                json("organization_id", m[0], "member_id", m[1], "intermediate_session_token", m[2]));
        tooMany(capped, 3600 - 130);
        assertThat(flows.messagesTo(phone)).isEqualTo(10);
    }

    /** A guessable endpoint; {@code body} makes a body about a subject no other run used. */
    record Guess(String path, Supplier<String> body) {
        @Override
        public String toString() {
            return path;
        }
    }

    static Stream<Guess> guessEndpoints() {
        Supplier<String> org = () -> "organization-test-" + UUID.randomUUID();
        Supplier<String> member = () -> "member-test-" + UUID.randomUUID();
        List<Guess> v1 = List.of(
                new Guess(
                        "/v1/b2b/passwords/authenticate",
                        () -> json(
                                "organization_id", org.get(), "email_address", email(), "password", "wrong pass 123")),
                new Guess(
                        "/v1/b2b/passwords/discovery/authenticate",
                        () -> json("email_address", email(), "password", "wrong password 123")),
                new Guess(
                        "/v1/b2b/passwords/existing_password/reset",
                        () -> json(
                                "organization_id",
                                org.get(),
                                "email_address",
                                email(),
                                "existing_password",
                                "wrong password 123",
                                "new_password",
                                "another long password 456")),
                new Guess(
                        "/v1/b2b/otps/email/authenticate",
                        () -> json("organization_id", org.get(), "email_address", email(), "code", "000000")),
                new Guess(
                        "/v1/b2b/otps/email/discovery/authenticate",
                        () -> json("email_address", email(), "code", "000000")),
                new Guess(
                        "/v1/b2b/otps/sms/authenticate", () -> secondFactor(org.get(), member.get(), "code", "000000")),
                new Guess("/v1/b2b/totp/authenticate", () -> secondFactor(org.get(), member.get(), "code", "000000")),
                new Guess(
                        "/v1/b2b/recovery_codes/recover",
                        () -> secondFactor(org.get(), member.get(), "recovery_code", "0000-0000-0000")));
        return Stream.concat(v1.stream(), v1.stream().map(g -> new Guess("/sdk" + g.path(), g.body())));
    }

    private static String secondFactor(String org, String member, String field, String value) {
        return json("organization_id", org, "member_id", member, field, value, "intermediate_session_token", "ist-x");
    }

    @ParameterizedTest
    @MethodSource("guessEndpoints")
    void guessesAtOneAddressOrMemberPastTwentyAMinuteGet429(Guess guess) {
        String body = guess.body().get();
        for (int i = 0; i < LIMITS.guessesPerAddressMinute(); i++) {
            HttpResponse<String> r = guessAt(guess.path(), body);
            assertThat(r.statusCode()).as(r.body()).isNotEqualTo(429);
        }
        tooMany(guessAt(guess.path(), body), 60);
    }

    @Test
    void parallelGuessesAtOneAddressGetExactlyTheLimitOfAnswersOtherThan429() {
        String org = flows.organization();
        String email = email();
        flows.member(org, email);
        int n = 2 * LIMITS.guessesPerAddressMinute();
        List<HttpResponse<String>> answers = inParallel(
                n,
                i -> post(
                        "/v1/b2b/passwords/authenticate",
                        json("organization_id", org, "email_address", email, "password", "wrong password " + i)));
        assertThat(answers.stream().filter(r -> r.statusCode() != 429)).hasSize(LIMITS.guessesPerAddressMinute());
    }

    @Test
    void parallelSendsToOneAddressGetExactlyOneAnswerOtherThan429() {
        String email = email();
        List<HttpResponse<String>> answers = inParallel(12, i -> discoverySend(email));
        assertThat(answers.stream().filter(r -> r.statusCode() == 200)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.statusCode() == 429)).hasSize(11);
        assertThat(flows.messagesTo(email)).isEqualTo(1);
    }

    @Test
    void parallelGuessesFromOneIpGetExactlyTheLimitOfAnswersOtherThan429() {
        int n = LIMITS.guessesPerIpMinute() + 30;
        List<HttpResponse<String>> answers = inParallel(
                n,
                i -> sdkPost(
                        "/sdk/v1/b2b/passwords/discovery/authenticate",
                        json("email_address", email(), "password", "wrong password 123")));
        assertThat(answers.stream().filter(r -> r.statusCode() != 429)).hasSize(LIMITS.guessesPerIpMinute());
    }

    @Test
    void guessesFromOneIpPastHundredAMinuteGet429AndAForgedForwardedForChangesNothing() {
        for (int i = 0; i < LIMITS.guessesPerIpMinute(); i++) {
            HttpResponse<String> r = post(
                    "/v1/b2b/passwords/discovery/authenticate",
                    json("email_address", email(), "password", "wrong password 123"),
                    "X-Forwarded-For",
                    "198.51.100." + (i % 250));
            assertThat(r.statusCode()).as(r.body()).isNotEqualTo(429);
        }
        tooMany(
                post(
                        "/v1/b2b/passwords/discovery/authenticate",
                        json("email_address", email(), "password", "wrong password 123"),
                        "X-Forwarded-For",
                        "203.0.113.99"),
                60);
    }

    @Test
    void sendsFromOneIpPastHundredAMinuteGet429() {
        for (int i = 0; i < LIMITS.sendsPerIpMinute(); i++) {
            ok(discoverySend(email()));
        }
        tooMany(discoverySend(email()), 60);
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsTheOneCounted() {
        try (TestServer proxied = new TestServer(Map.of(
                "LATCHKEY_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1",
                "LATCHKEY_THROTTLE_GUESSES_PER_IP_MINUTE", "3"))) {
            Supplier<HttpResponse<String>> fromA = () -> send(
                    proxied,
                    basic(proxied.projectId(), proxied.project.secret()),
                    "/v1/b2b/passwords/discovery/authenticate",
                    json("email_address", email(), "password", "wrong password 123"),
                    "X-Forwarded-For",
                    "203.0.113.7, 10.1.2.3");
            for (int i = 0; i < 3; i++) {
                assertThat(fromA.get().statusCode()).isNotEqualTo(429);
            }
            tooMany(fromA.get(), 60);
            HttpResponse<String> fromB = send(
                    proxied,
                    basic(proxied.projectId(), proxied.project.secret()),
                    "/v1/b2b/passwords/discovery/authenticate",
                    json("email_address", email(), "password", "wrong password 123"),
                    "X-Forwarded-For",
                    "203.0.113.8");
            assertThat(fromB.statusCode()).as(fromB.body()).isNotEqualTo(429);
        }
    }

    @Test
    void twoServersOnOneDatabaseShareTheCounters() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("LATCHKEY_HOST", "127.0.0.1");
        env.put("LATCHKEY_PORT", "0");
        env.put("LATCHKEY_DATA_DIR", Files.createTempDirectory("latchkey-node2").toString());
        env.put("LATCHKEY_DATABASE_URL", server.databaseUrl);
        env.put("LATCHKEY_DATABASE_POOL_SIZE", "4");
        env.put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        try (Application node2 = Application.start(Config.fromEnvironment(env), server.clock)) {
            String email = email();
            ok(discoverySend(email));
            HttpResponse<String> second = send(
                    "http://127.0.0.1:" + node2.port(),
                    basic(server.projectId(), server.project.secret()),
                    "/v1/b2b/magic_links/email/discovery/send",
                    json("email_address", email, "discovery_redirect_url", URL),
                    null,
                    null);
            tooMany(second, 1);
        }
    }

    @Test
    void endedWindowsArePrunedAndAddressesAreStoredOnlyAsDigests() {
        String email = email();
        ok(discoverySend(email));
        Tables tables = new Tables(server.databaseUrl);
        assertThat(tables.rows("SELECT key FROM throttle_hits"))
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("key").toString()).doesNotContain(email));

        server.clock.advance(Duration.ofHours(2));
        ok(discoverySend(email()));
        assertThat(tables.rows(
                        "SELECT count(*) AS n FROM throttle_hits WHERE expires_at < ?",
                        java.sql.Timestamp.from(server.clock.instant())))
                .singleElement()
                .satisfies(
                        row -> assertThat(((Number) row.get("n")).longValue()).isZero());
    }

    // --- helpers

    private static String email() {
        return "t-" + UUID.randomUUID() + "@throttle.test";
    }

    private static HttpResponse<String> discoverySend(String email) {
        return post(
                "/v1/b2b/magic_links/email/discovery/send",
                json("email_address", email, "discovery_redirect_url", URL));
    }

    private static HttpResponse<String> guessAt(String path, String body) {
        return path.startsWith("/sdk/") ? sdkPost(path, body) : post(path, body);
    }

    private static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** A 429 in the error envelope, with {@code Retry-After} the seconds left in the window. */
    private static void tooMany(HttpResponse<String> r, long retryAfter) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        JsonNode body = parse(r.body());
        assertThat(body.path("error_type").asText()).isEqualTo("too_many_requests");
        assertThat(body.path("status_code").asInt()).isEqualTo(429);
        assertThat(body.path("error_message").asText()).isNotEmpty();
        assertThat(r.headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
    }

    private static List<HttpResponse<String>> inParallel(
            int n, java.util.function.IntFunction<HttpResponse<String>> call) {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 64))) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String path, String body, String... header) {
        return send(
                server,
                basic(server.projectId(), server.project.secret()),
                path,
                body,
                header.length > 0 ? header[0] : null,
                header.length > 1 ? header[1] : null);
    }

    private static HttpResponse<String> sdkPost(String path, String body) {
        String token = server.project.project().publicToken();
        return send(server, basic(token, token), path, body, null, null);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(
            TestServer to, String authorization, String path, String body, String header, String value) {
        return send(to.baseUrl(), authorization, path, body, header, value);
    }

    private static HttpResponse<String> send(
            String baseUrl, String authorization, String path, String body, String header, String value) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            b.header(header, value);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
