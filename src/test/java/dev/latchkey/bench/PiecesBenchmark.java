package dev.latchkey.bench;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.latchkey.project.Project;
import dev.latchkey.session.SessionJwts;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pieces of the hot paths, in process, operations per second: Argon2id at the login cost by each candidate
 * implementation (on one thread and on every core), session JWT signing and verification, and project
 * authentication (cached, as a request sees it). Not part of the test suite (tag {@code benchmark}); run with
 * {@code scripts/bench -Dtest=PiecesBenchmark}. Numbers are printed, never asserted.
 */
@Tag("benchmark")
class PiecesBenchmark {
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.pieces.seconds", "5"));
    private static final byte[] PASSWORD = "correct horse battery staple 42!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void measure() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cores}) {
            run("Argon2id m=19MiB t=2 p=1, Password4j", threads, i -> Argon2Function.getInstance(
                            19_456, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13)
                    .hash(PASSWORD, SALT));
            run("Argon2id m=19MiB t=2 p=1, BouncyCastle", threads, i -> bouncyCastle());
        }
        try (TestServer server = new TestServer(Map.of())) {
            Project project = server.project.project();
            SessionJwts jwts = server.app.services().sessionJwts();
            Map<String, Object> session = Map.of("id", "member-session-test-1", "roles", List.of("stytch_member"));
            Map<String, Object> org = Map.of("organization_id", "organization-test-1", "slug", "acme");
            String jwt = jwts.mint(project, "member-test-1", session, org, Map.of());
            run("session JWT sign (RS256, 2048)", 1, i -> jwts.mint(project, "member-test-1", session, org, Map.of()));
            run("session JWT verify", 1, i -> jwts.verify(project, jwt).orElseThrow());
            String id = project.id();
            String secret = server.project.secret();
            run("project authentication (cached)", 1, i -> server.app
                    .services()
                    .projects()
                    .authenticate(id, secret)
                    .orElseThrow());
        }
    }

    private static byte[] bouncyCastle() {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(19_456)
                .withIterations(2)
                .withParallelism(1)
                .withSalt(SALT)
                .build());
        byte[] out = new byte[32];
        g.generateBytes(PASSWORD, out);
        return out;
    }

    private static void run(String name, int threads, IntConsumer op) throws Exception {
        for (int i = 0; i < 3; i++) {
            op.accept(i); // warm-up
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + (long) (SECONDS * 1e9);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                int n = 0;
                while (System.nanoTime() < deadline) {
                    op.accept(n++);
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Integer> c : counts) {
            total += c.get();
        }
        pool.shutdown();
        System.out.printf("%-45s %2d thread(s) %12.1f ops/s%n", name, threads, total / SECONDS);
    }
}
