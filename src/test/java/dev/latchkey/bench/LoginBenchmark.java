package dev.latchkey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.password.HashRate;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of the hot paths over real HTTP against the embedded PostgreSQL: password logins,
 * sessions/authenticate by token and by JWT. Not part of the test suite (tag {@code benchmark}); run with
 * {@code scripts/bench}. Numbers are printed, never asserted.
 */
@Tag("benchmark")
class LoginBenchmark {
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 10));

    @Test
    void measure() throws Exception {
        long startNanos = System.nanoTime();
        // A few members logged in thousands of times a minute: the per-address throttle would refuse that, so it is
        // raised for the benchmark, which measures hashing and sessions.
        hashBound(); // also compiles Argon2 before anything is measured
        try (TestServer server = new TestServer(Map.of(
                "LATCHKEY_THROTTLE_GUESSES_PER_ADDRESS_MINUTE", "1000000000",
                "LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_SECOND", "1000000000",
                "LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_MINUTE", "1000000000",
                "LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_HOUR", "1000000000",
                "LATCHKEY_THROTTLE_SMS_PER_NUMBER_HOUR", "1000000000"))) {
            System.out.printf(
                    "start-up (embedded PostgreSQL already running, schema migrated): %d ms%n",
                    (System.nanoTime() - startNanos) / 1_000_000);
            CpuAccount.watchPostgres(server.databaseUrl);
            Fixtures fx = new Fixtures(server);
            String org = fx.organization("OPTIONAL");
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                emails.add("bench" + i + "@example.com");
                fx.memberWithPassword(org, emails.get(i));
            }
            // First logins re-hash the imported bcrypt to Argon2id; do them before measuring.
            List<String> tokens = new ArrayList<>();
            List<String> jwts = new ArrayList<>();
            for (String e : emails) {
                JsonNode r = login(server, org, e).json();
                tokens.add(r.get("session_token").asText());
                jwts.add(r.get("session_jwt").asText());
            }
            // The login first warms for longer than the other paths: until the JIT has compiled the whole path, its
            // compiler threads take a share of the two cores that a running server does not pay (issue 12: after 15 s
            // of logins the compiler still took 3 to 5 ms of CPU per login, after 60 s about 1.5, after 120 s 0.9).
            warm(
                    Duration.ofSeconds(Long.getLong("bench.login.warmup.seconds", 60)),
                    i -> login(server, org, emails.get(i % emails.size())));
            IntFunction<TestServer.Response> logIn = i -> login(server, org, emails.get(i % emails.size()));
            run("password login (Argon2id m=19MiB t=2 p=1)", logIn);
            try (HashFloor floor = new HashFloor()) {
                warm(Duration.ofSeconds(Long.getLong("bench.floor.warmup.seconds", 15)), i -> floor.verify());
                ShareOfBound.measure(
                        CONCURRENCY,
                        Integer.getInteger("bench.share.windows", 5),
                        Duration.ofSeconds(Long.getLong("bench.share.window.seconds", 8)),
                        logIn,
                        floor);
            }
            run(
                    "sessions/authenticate by token",
                    i -> server.call(
                            "POST",
                            "/v1/b2b/sessions/authenticate",
                            "{\"session_token\":\"" + tokens.get(i % tokens.size()) + "\"}"));
            run(
                    "sessions/authenticate by JWT",
                    i -> server.call(
                            "POST",
                            "/v1/b2b/sessions/authenticate",
                            "{\"session_jwt\":\"" + jwts.get(i % jwts.size()) + "\"}"));
            run("organizations get", i -> server.call("GET", "/v1/b2b/organizations/" + org, null));
            run(
                    "organizations update",
                    i -> server.call(
                            "PUT", "/v1/b2b/organizations/" + org, "{\"organization_name\":\"Bench " + i + "\"}"));
            run(
                    "members create",
                    i -> server.call(
                            "POST",
                            "/v1/b2b/organizations/" + org + "/members",
                            "{\"email_address\":\"new-" + UUID.randomUUID() + "@example.com\"}"));
            String member =
                    login(server, org, emails.get(0)).json().get("member_id").asText();
            String memberPath = "/v1/b2b/organizations/" + org + "/members/" + member;
            run(
                    "members get",
                    i -> server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + member, null));
            run("members update", i -> server.call("PUT", memberPath, "{\"name\":\"Bench " + i + "\"}"));
            run(
                    "members search (10 of the organization)",
                    i -> server.call(
                            "POST",
                            "/v1/b2b/organizations/members/search",
                            "{\"organization_ids\":[\"" + org + "\"],\"limit\":10}"));
            run(
                    "otps/sms/send with a session (MFA step, dev outbox)",
                    i -> server.call(
                            "POST",
                            "/v1/b2b/otps/sms/send",
                            "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member
                                    + "\",\"mfa_phone_number\":\"+14155550100\",\"session_token\":\""
                                    + tokens.get(0) + "\"}"));
            run(
                    "discovery/organizations with a session",
                    i -> server.call(
                            "POST",
                            "/v1/b2b/discovery/organizations",
                            "{\"session_token\":\"" + tokens.get(i % tokens.size()) + "\"}"));
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    "heap in use after the runs: %d MiB (max %d MiB)%n",
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        }
    }

    /**
     * The hash bound: Argon2id hashes per second at the login cost, on as many threads as cores, in process. A login
     * cannot go faster than this on the same machine; {@link ShareOfBound} compares the login with it window by window.
     */
    private static void hashBound() {
        // Warmed apart, so that the CPU counted below is the measured hashes' only.
        HashRate.measure(PasswordHasher.Argon2Params.OWASP, 1, Duration.ofSeconds(3), Duration.ofMillis(1));
        Map<String, CpuAccount.Counter> cpu = CpuAccount.snapshot();
        HashRate.Result r = HashRate.measure(
                PasswordHasher.Argon2Params.OWASP, Runtime.getRuntime().availableProcessors(), Duration.ZERO, RUN);
        double argon2 = CpuAccount.since(cpu).get(CpuAccount.Part.ARGON2);
        System.out.printf(
                "hash bound: %.1f Argon2id hashes/s (m=19 MiB, t=2, p=1) on %d threads, in process; %.1f ms of CPU"
                        + " per hash%n",
                r.perSecond(), r.threads(), argon2 / r.hashes());
    }

    private static java.util.concurrent.ThreadFactory clientThreads() {
        return Thread.ofPlatform().name("bench-client-", 1).factory();
    }

    private static void warm(Duration length, IntFunction<TestServer.Response> call) {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, clientThreads());
        long deadline = System.nanoTime() + length.toNanos();
        for (int w = 0; w < CONCURRENCY; w++) {
            int worker = w;
            pool.submit(() -> {
                for (int i = worker; System.nanoTime() < deadline; i += CONCURRENCY) {
                    check(call.apply(i));
                }
            });
        }
        pool.close(); // waits for the workers
    }

    private static TestServer.Response login(TestServer server, String org, String email) {
        return server.call(
                "POST",
                "/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\""
                        + Fixtures.PASSWORD + "\"}");
    }

    /** Runs {@code call} from {@link #CONCURRENCY} clients for {@link #RUN}, prints and returns its rate. */
    private static double run(String name, IntFunction<TestServer.Response> call) throws Exception {
        for (int i = 0; i < 50; i++) {
            check(call.apply(i)); // warm-up
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, clientThreads());
        long deadline = System.nanoTime() + RUN.toNanos();
        List<Future<List<Long>>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                int i = worker;
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    check(call.apply(i));
                    latencies.add(System.nanoTime() - t0);
                    i += CONCURRENCY;
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : workers) {
            all.addAll(f.get());
        }
        pool.shutdown();
        Collections.sort(all);
        double seconds = RUN.toNanos() / 1e9;
        System.out.printf(
                "%-45s %8.1f req/s   p50 %6.1f ms   p99 %6.1f ms   (%d requests, %d clients)%n",
                name, all.size() / seconds, pct(all, 50), pct(all, 99), all.size(), CONCURRENCY);
        return all.size() / seconds;
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    private static void check(TestServer.Response r) {
        if (r.status() != 200) {
            throw new IllegalStateException(r.status() + " " + r.text());
        }
    }
}
