package dev.latchkey.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A small read-through cache of rows for hot read paths. An entry is served for at most its time to live, and is
 * dropped at once when {@link #evictIf} says its row changed. Losing it is harmless: a miss reads the database.
 *
 * <p>A load that ran while an eviction happened is not stored (it may hold the row as it was before the change);
 * the next request loads again. When full, it drops what has outlived its time to live, and if that is not enough
 * it is emptied rather than tracking recency: it is sized for the working set, and a refill costs one read per
 * entry. Its memory is thus bounded by {@code maxEntries}.
 */
public final class ReadCache<K, V> {
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();

    private record Entry<V>(V value, long loadedAt) {}

    public ReadCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    ReadCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /** The cached value of {@code key}, or what {@code loader} reads (not cached when null). */
    public V get(K key, Function<K, V> loader) {
        long now = nanoTime.getAsLong();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.loadedAt() < ttlNanos) {
            return e.value();
        }
        long before = evictions.get();
        V value = loader.apply(key);
        if (value != null && evictions.get() == before) {
            makeRoom(now);
            entries.put(key, new Entry<>(value, now));
        } else if (e != null) {
            entries.remove(key, e);
        }
        return value;
    }

    /** The cached value of {@code key} if present and within its time to live; null otherwise. */
    public V peek(K key) {
        Entry<V> e = entries.get(key);
        return e != null && nanoTime.getAsLong() - e.loadedAt() < ttlNanos ? e.value() : null;
    }

    /** Caches a value computed elsewhere. */
    public void put(K key, V value) {
        long now = nanoTime.getAsLong();
        makeRoom(now);
        entries.put(key, new Entry<>(value, now));
    }

    /** When full, drops the entries past their time to live, and everything if that is not enough. */
    private void makeRoom(long now) {
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> now - e.loadedAt() >= ttlNanos);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
    }

    /** Drops every entry whose value matches; loads in flight meanwhile are not stored. */
    public void evictIf(Predicate<V> changed) {
        evictions.incrementAndGet();
        entries.values().removeIf(e -> changed.test(e.value()));
    }

    /** Drops one key's entry. */
    public void evict(K key) {
        evictions.incrementAndGet();
        entries.remove(key);
    }

    public int size() {
        return entries.size();
    }
}
