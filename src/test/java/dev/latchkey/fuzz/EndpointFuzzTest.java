package dev.latchkey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: at least 10,000 generated and mutated requests across every route of both surfaces, from a fixed seed
 * (printed; {@code -Dfuzz.seed=N} replays another, {@code -Dfuzz.requests=N} sends more). Every answer must keep the
 * {@link ResponseContract}, and a refused request must leave every table as it was ({@link DatabaseFingerprint}).
 * Requests are sent one at a time so that a change in the database belongs to exactly one of them.
 */
class EndpointFuzzTest {
    private static final long DEFAULT_SEED = 20261202L;
    /** Requests between two fresh worlds: enough to consume and delete what a world holds, and not much more. */
    private static final int ROUND = 2_000;
    /**
     * How far the clock moves per request: a round then spans 500 s, inside every lifetime a world's tokens have
     * (intermediate sessions live 10 minutes), while per-minute throttle windows roll every 240 requests.
     */
    private static final Duration STEP = Duration.ofMillis(250);

    @Test
    @DisplayName("every route answers mutated requests with an envelope or a valid success, and refusals change no row")
    void fuzzEveryRoute() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int requests = Integer.getInteger("fuzz.requests", 10_000);
        System.out.println("fuzz: seed " + seed + ", " + requests + " requests (replay with -Dfuzz.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        Random shuffler = new Random(seed);
        FuzzTally tally = new FuzzTally();
        long started = System.nanoTime();
        try (TestServer server = new TestServer();
                DatabaseFingerprint fingerprint = new DatabaseFingerprint(server.databaseUrl)) {
            List<RouteCatalog.Route> routes = RouteCatalog.of(server.app);
            assertThat(routes.stream().filter(r -> SeedFields.of(r).isEmpty()).toList())
                    .as("routes with no seed in SeedFields: add their valid fields")
                    .isEmpty();
            RawHttp http = new RawHttp(server.app.port());
            long w0 = System.nanoTime();
            FuzzWorld world = FuzzWorld.first(server);
            System.out.println("fuzz: first world in " + (System.nanoTime() - w0) / 1_000_000 + " ms");
            fingerprint.changes(); // what building the world wrote
            List<RouteCatalog.Route> order = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                if (i > 0 && i % ROUND == 0) {
                    long w = System.nanoTime();
                    world = world.next();
                    System.out.println("fuzz: world in " + (System.nanoTime() - w) / 1_000_000 + " ms");
                    fingerprint.changes();
                }
                if (order.isEmpty()) { // every route once per cycle, in a seeded order
                    order.addAll(routes);
                    Collections.shuffle(order, shuffler);
                }
                RouteCatalog.Route route = order.remove(order.size() - 1);
                // Time moves as it would between real requests: throttle windows roll, send limits pass.
                server.clock.advance(STEP);
                ValidRequests.Seed valid = new ValidRequests(world)
                        .build(route, SeedFields.of(route).orElseThrow(), random);
                FuzzRequest request = new Mutator(world).mutate(valid, random);
                long t0 = System.nanoTime();
                RawHttp.Answer answer = http.send(request);
                long t1 = System.nanoTime();
                List<String> changed = fingerprint.changes();
                long t2 = System.nanoTime();
                tally.timed(request, t1 - t0, t2 - t1);
                tally.answered(request, answer);
                ResponseContract.violation(request, answer).ifPresent(why -> tally.failed(request, answer, why));
                if (answer.status() >= 400 && !changed.isEmpty()) {
                    tally.failed(request, answer, "refused with " + answer.status() + " but changed " + changed);
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.println(tally.summary() + "fuzz: " + seconds + " s\n" + tally.timings());
        assertThat(tally.sent()).isGreaterThanOrEqualTo(Math.min(requests, 10_000));
        assertThat(tally.failures()).as(tally.summary()).isEmpty();
    }
}
