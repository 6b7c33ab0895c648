package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.totp.Base32;
import dev.latchkey.totp.Totp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The steps of the MFA flows over raw HTTP, for tests that check rules rather than the SDK: organizations with
 * given settings, password logins, SMS codes from the dev outbox, TOTP enrollment.
 */
public final class Flows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestServer server;
    private final Fixtures fx;
    private final AtomicInteger phones = new AtomicInteger(100);

    public Flows(TestServer server) {
        this.server = server;
        this.fx = new Fixtures(server);
    }

    /** A JSON object of alternating keys and values; null values are left out (the field is absent). */
    public static String json(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public TestServer.Response post(String path, Object... keysAndValues) {
        return server.call("POST", path, json(keysAndValues));
    }

    public TestServer.Response get(String path) {
        return server.call("GET", path, null);
    }

    /** Asserts a 200 and returns the response. */
    public static TestServer.Response ok(TestServer.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    /** Asserts an error envelope with this status and error type. */
    public static TestServer.Response fails(TestServer.Response r, int status, String errorType) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.errorType()).as(r.text()).isEqualTo(errorType);
        assertThat(r.json().get("status_code").asInt()).isEqualTo(status);
        assertThat(r.at("/error_url")).endsWith(status + "#" + errorType);
        assertThat(r.at("/error_message")).isNotEmpty();
        assertThat(r.at("/request_id")).isNotEmpty();
        return r;
    }

    /** An organization with a unique slug and the given settings, e.g. {@code "mfa_policy", "REQUIRED_FOR_ALL"}. */
    public String organization(Object... settings) {
        String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
        List<Object> fields = new ArrayList<>(List.of("organization_name", "Org " + slug, "organization_slug", slug));
        fields.addAll(List.of(settings));
        return ok(post("/v1/b2b/organizations", fields.toArray())).at("/organization/organization_id");
    }

    /** An active member with {@link Fixtures#PASSWORD}. */
    public String member(String org, String email) {
        return fx.memberWithPassword(org, email);
    }

    public TestServer.Response login(String org, String email, Object... extra) {
        List<Object> fields =
                new ArrayList<>(List.of("organization_id", org, "email_address", email, "password", Fixtures.PASSWORD));
        fields.addAll(List.of(extra));
        return post("/v1/b2b/passwords/authenticate", fields.toArray());
    }

    /** A password login that must end in a member session. */
    public TestServer.Response session(String org, String email) {
        TestServer.Response r = ok(login(org, email));
        assertThat(r.json().get("member_authenticated").asBoolean())
                .as(r.text())
                .isTrue();
        return r;
    }

    /** A password login that must stop at an intermediate session; returns the token. */
    public String ist(String org, String email) {
        TestServer.Response r = ok(login(org, email));
        assertThat(r.json().get("member_authenticated").asBoolean())
                .as(r.text())
                .isFalse();
        return r.at("/intermediate_session_token");
    }

    /** A phone number no other member of this test class was given. */
    public String newPhone() {
        return String.format(Locale.ROOT, "+1415555%04d", phones.getAndIncrement());
    }

    /** Sends an SMS code with the given proof (e.g. {@code "intermediate_session_token", ist}) and returns it. */
    public String sendSms(String org, String member, String phone, Object... proof) {
        List<Object> fields = new ArrayList<>(List.of("organization_id", org, "member_id", member));
        if (phone != null) {
            fields.addAll(List.of("mfa_phone_number", phone));
        }
        fields.addAll(List.of(proof));
        TestServer.Response r = ok(post("/v1/b2b/otps/sms/send", fields.toArray()));
        return latestCode(r.at("/member/mfa_phone_number"));
    }

    /** {@code otps/sms/authenticate} of a code with the given proof (e.g. {@code "intermediate_session_token", ist}). */
    public TestServer.Response authenticateSms(String org, String member, String code, Object... proof) {
        return authenticate("/v1/b2b/otps/sms/authenticate", org, member, code, proof);
    }

    /** {@code totp/authenticate} of a code with the given proof (e.g. {@code "intermediate_session_token", ist}). */
    public TestServer.Response authenticateTotp(String org, String member, String code, Object... proof) {
        return authenticate("/v1/b2b/totp/authenticate", org, member, code, proof);
    }

    private TestServer.Response authenticate(String path, String org, String member, String code, Object... proof) {
        List<Object> fields = new ArrayList<>(List.of("organization_id", org, "member_id", member, "code", code));
        fields.addAll(List.of(proof));
        return post(path, fields.toArray());
    }

    public String latestCode(String phone) {
        return fx.latestMessageTo(phone).get("code").asText();
    }

    public int messagesTo(String to) {
        return fx.messageCountTo(to);
    }

    public JsonNode latestMessageTo(String to) {
        return fx.latestMessageTo(to);
    }

    /** A six-digit code that is not {@code code}. */
    public static String wrong(String code) {
        return String.format(Locale.ROOT, "%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    public String totpCode(String secret) {
        return Totp.DEFAULT.codeAt(Base32.decode(secret), server.clock.instant());
    }

    /**
     * Logs a member of a REQUIRED_FOR_ALL organization in for the first time, enrolling TOTP with the intermediate
     * session: the secret, the recovery codes and the session that came out.
     */
    public Enrolled enrollTotp(String org, String member, String email) {
        String ist = ist(org, email);
        TestServer.Response created = ok(
                post("/v1/b2b/totp", "organization_id", org, "member_id", member, "intermediate_session_token", ist));
        String secret = created.at("/secret");
        List<String> codes = new ArrayList<>();
        created.json().get("recovery_codes").forEach(c -> codes.add(c.asText()));
        TestServer.Response done = ok(post(
                "/v1/b2b/totp/authenticate",
                "organization_id",
                org,
                "member_id",
                member,
                "code",
                totpCode(secret),
                "intermediate_session_token",
                ist));
        // The step just used cannot be used again; later logins of the test should not trip over it.
        server.clock.advance(Duration.ofSeconds(30));
        return new Enrolled(secret, List.copyOf(codes), done.at("/session_token"), done.at("/session_jwt"));
    }

    /**
     * Runs the calls on their own threads, released together by one latch so they reach the server at once, and
     * returns their responses in the order given.
     */
    public static List<TestServer.Response> concurrently(List<Supplier<TestServer.Response>> calls) {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<TestServer.Response>> futures = new ArrayList<>();
        for (Supplier<TestServer.Response> call : calls) {
            CompletableFuture<TestServer.Response> f = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    ready.countDown();
                    go.await();
                    f.complete(call.get());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            futures.add(f);
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        go.countDown();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** What a TOTP enrollment leaves: the secret, the recovery codes, and the session it ended in. */
    public record Enrolled(String secret, List<String> recoveryCodes, String sessionToken, String sessionJwt) {}
}
