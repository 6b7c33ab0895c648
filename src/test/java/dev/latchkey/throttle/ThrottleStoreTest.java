package dev.latchkey.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.store.Database;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ThrottleStore#hitUnless}: both counters of a guess in one statement, the second only within the first. */
class ThrottleStoreTest {
    static TestServer server;
    static Database db;
    static final ThrottleStore STORE = new ThrottleStore();
    static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    static final Instant END = START.plus(Duration.ofMinutes(1));

    @BeforeAll
    static void start() {
        server = new TestServer();
        db = server.app.services().database();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void countsBothWhileTheFirstIsWithinItsLimitThenOnlyTheFirst() {
        String ip = key("ip");
        String subject = key("subject");
        for (int i = 1; i <= 3; i++) {
            assertThat(hit(ip, 3, subject)).isEqualTo(new ThrottleStore.Counts(i, i));
        }
        // The IP is over its limit: its count goes on, the subject's is neither counted nor returned.
        assertThat(hit(ip, 3, subject)).isEqualTo(new ThrottleStore.Counts(4, null));
        assertThat(hit(ip, 3, subject)).isEqualTo(new ThrottleStore.Counts(5, null));
        // Another IP within its limit reaches the subject's counter where it was left.
        assertThat(hit(key("other-ip"), 3, subject)).isEqualTo(new ThrottleStore.Counts(1, 4));
    }

    @Test
    void windowsAreCountedApart() {
        String ip = key("ip");
        String subject = key("subject");
        hit(ip, 10, subject);
        ThrottleStore.Counts next = db.withHandle(
                h -> STORE.hitUnless(h, server.projectId(), ip, 10, subject, END, END.plus(Duration.ofMinutes(1))));
        assertThat(next).isEqualTo(new ThrottleStore.Counts(1, 1));
    }

    @Test
    void parallelHitsCountTheSubjectExactlyTheFirstLimitTimes() throws Exception {
        String ip = key("ip");
        String subject = key("subject");
        int n = 40;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ThrottleStore.Counts>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return hit(ip, 15, subject);
                }));
            }
            go.countDown();
            List<Integer> firsts = new ArrayList<>();
            int seconds = 0;
            for (Future<ThrottleStore.Counts> f : results) {
                firsts.add(f.get().first());
                seconds += f.get().second() == null ? 0 : 1;
            }
            assertThat(firsts)
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
            assertThat(seconds).isEqualTo(15);
        }
        assertThat(hit(key("fresh-ip"), 15, subject).second()).isEqualTo(16);
    }

    private static ThrottleStore.Counts hit(String first, int limit, String second) {
        return db.withHandle(h -> STORE.hitUnless(h, server.projectId(), first, limit, second, START, END));
    }

    private static String key(String kind) {
        return kind + ":" + UUID.randomUUID();
    }
}
