package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: nodes started together on one fresh external PostgreSQL all come up: Flyway's lock runs each migration
 * once, and bootstrap, under its advisory lock, creates the project once (before, the loser of the race exited on
 * a duplicate key, 1 start in 8).
 */
class ConcurrentStartTest {
    private static final int NODES = 6;
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void startWhenNodesStartTogetherWithAConfiguredProjectThenAllServeAndOneProjectExists(@TempDir Path dir)
            throws Exception {
        String url = TestDatabases.freshDatabaseUrl();
        String id = "project-test-3c9a7e21-5b4d-4f6e-8a1b-2c3d4e5f6a7b";
        List<Application> nodes = startTogether(
                dir,
                url,
                Map.of(
                        "LATCHKEY_PROJECT_ID", id,
                        "LATCHKEY_PROJECT_SECRET", "secret-test-started-together-0123456789abcdef",
                        "LATCHKEY_PUBLIC_TOKEN", "public-token-test-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
                        "LATCHKEY_AUTHORIZED_ORIGINS", "https://app.example.com"));
        try {
            assertThat(nodes).hasSize(NODES);
            for (Application node : nodes) {
                assertThat(node.services().projects().list()).singleElement().satisfies(p -> assertThat(p.id())
                        .isEqualTo(id));
            }
            assertThat(migrationsAppliedMoreThanOnce(nodes.get(0))).isZero();
        } finally {
            nodes.forEach(Application::close);
        }
    }

    @Test
    void startWhenNodesStartTogetherOnAnEmptyDatabaseThenOneGeneratedProjectAndOneCredentialsFile(@TempDir Path dir)
            throws Exception {
        List<Application> nodes = startTogether(dir, TestDatabases.freshDatabaseUrl(), Map.of());
        try {
            assertThat(nodes).hasSize(NODES);
            for (Application node : nodes) {
                assertThat(node.services().projects().list()).hasSize(1);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".credentials")))
                        .hasSize(1);
            }
        } finally {
            nodes.forEach(Application::close);
        }
    }

    /** Starts {@link #NODES} servers at the same instant, each with a data directory of its own, and waits. */
    private static List<Application> startTogether(Path dir, String url, Map<String, String> extra) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Application>> starts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(NODES)) {
            for (int i = 0; i < NODES; i++) {
                Config config = config(dir.resolve("node-" + i), url, extra);
                starts.add(pool.submit(() -> {
                    go.await();
                    return Application.start(config, Clock.systemUTC());
                }));
            }
            go.countDown();
            List<Application> started = new ArrayList<>();
            Exception failure = null;
            for (Future<Application> start : starts) {
                try {
                    started.add(start.get());
                } catch (Exception e) {
                    failure = e;
                }
            }
            if (failure != null) {
                started.forEach(Application::close);
                throw failure;
            }
            return started;
        }
    }

    private static Config config(Path dataDir, String url, Map<String, String> extra) throws IOException {
        Files.createDirectories(dataDir);
        Map<String, String> env = new HashMap<>(extra);
        env.put("LATCHKEY_HOST", "127.0.0.1");
        env.put("LATCHKEY_PORT", "0");
        env.put("LATCHKEY_DATA_DIR", dataDir.toString());
        env.put("LATCHKEY_DATABASE_URL", url);
        env.put("LATCHKEY_DATABASE_POOL_SIZE", "3");
        env.put("LATCHKEY_MASTER_KEY", MASTER_KEY); // every node of one database shares the key
        return Config.fromEnvironment(env);
    }

    private static int migrationsAppliedMoreThanOnce(Application node) {
        return node.services().database().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM (SELECT version FROM flyway_schema_history WHERE version IS NOT"
                                + " NULL GROUP BY version HAVING count(*) > 1) twice")
                .mapTo(Integer.class)
                .one());
    }
}
