package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadCacheTest {
    final AtomicLong nanos = new AtomicLong();
    final ReadCache<String, String> cache = new ReadCache<>(Duration.ofSeconds(1), 3, nanos::get);
    final AtomicInteger loads = new AtomicInteger();

    String load(String key) {
        loads.incrementAndGet();
        return key + "-" + loads.get();
    }

    @Test
    void servesAnEntryForItsTimeToLiveThenLoadsAgain() {
        assertThat(cache.get("a", this::load)).isEqualTo("a-1");
        nanos.set(Duration.ofMillis(999).toNanos());
        assertThat(cache.get("a", this::load)).isEqualTo("a-1");
        nanos.set(Duration.ofSeconds(1).toNanos());
        assertThat(cache.get("a", this::load)).isEqualTo("a-2");
    }

    @Test
    void evictedEntryIsLoadedAgainAtOnce() {
        cache.get("a", this::load);
        cache.evictIf(v -> v.startsWith("a"));
        assertThat(cache.get("a", this::load)).isEqualTo("a-2");
    }

    @Test
    void loadDuringAnEvictionIsNotKept() {
        String loaded = cache.get("a", k -> {
            cache.evictIf(v -> true); // the row changed while it was being read
            return "stale";
        });
        assertThat(loaded).isEqualTo("stale");
        assertThat(cache.get("a", this::load)).isEqualTo("a-1");
    }

    @Test
    void nullIsNeverCachedAndExceptionsPassThrough() {
        assertThat(cache.get("a", k -> null)).isNull();
        assertThat(cache.size()).isZero();
        try {
            cache.get("b", k -> {
                throw new IllegalStateException("not found");
            });
        } catch (IllegalStateException expected) {
            assertThat(cache.size()).isZero();
        }
    }

    @Test
    void fullCacheDropsExpiredEntriesFirst() {
        cache.get("a", this::load);
        cache.get("b", this::load);
        nanos.set(Duration.ofMillis(1500).toNanos());
        cache.get("c", this::load); // a and b are past their time to live but still held
        cache.get("d", this::load); // full: a and b go, c stays
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("c", this::load)).isEqualTo("c-3");
    }

    @Test
    void fullCacheStartsAfreshInsteadOfGrowing() {
        cache.get("a", this::load);
        cache.get("b", this::load);
        cache.get("c", this::load);
        cache.get("d", this::load);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void changePayloadsParseAndConcernTheirObjectOnly() {
        Change c = Change.parse("SESSION:member-session-test-1");
        assertThat(c).isEqualTo(new Change(Change.Kind.SESSION, "member-session-test-1"));
        assertThat(c.concerns(Change.Kind.SESSION, "member-session-test-1")).isTrue();
        assertThat(c.concerns(Change.Kind.MEMBER, "member-session-test-1")).isFalse();
        assertThat(Change.EVERYTHING.concerns(Change.Kind.PROJECT, "x")).isTrue();
        assertThat(Change.parse("nonsense")).isNull();
        assertThat(Change.parse("NOPE:1")).isNull();
    }
}
