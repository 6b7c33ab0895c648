package dev.latchkey.session;

import dev.latchkey.member.OrgMember;
import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import dev.latchkey.store.ReadCache;
import java.time.Duration;
import java.util.function.Function;

/**
 * Live sessions with their member and organization, by the credential that proved them, for the hot path of
 * {@code sessions/authenticate}. An entry is served for at most {@link #TTL}, and dropped at once when its session,
 * member, organization or project changes (revocation, a new factor, a role, a slug, a rotated secret...): on this
 * node after the change commits, on the others when the database's {@code NOTIFY} arrives ({@link Changes}).
 * Expiry and idleness are checked against the clock on every use, so a cached session never outlives them.
 */
final class SessionCache {
    /** The longest an entry is trusted without reading the database again, whatever was announced. */
    static final Duration TTL = Duration.ofSeconds(1);

    /** At a few KiB each (session, member, organization), about 40 MiB at most. */
    private static final int ENTRIES = 10_000;

    record Cached(MemberSession session, OrgMember owner) {
        boolean concerns(Change c) {
            return c.concerns(Change.Kind.SESSION, session.id())
                    || c.concerns(Change.Kind.MEMBER, session.memberId())
                    || c.concerns(Change.Kind.ORGANIZATION, session.organizationId())
                    || c.concerns(Change.Kind.PROJECT, session.projectId());
        }
    }

    private final ReadCache<String, Cached> entries = new ReadCache<>(TTL, ENTRIES);

    SessionCache(Changes changes) {
        changes.subscribe(c -> entries.evictIf(e -> e.concerns(c)));
    }

    /** The cached session for this key, or what {@code loader} finds (its exceptions pass through, uncached). */
    Cached get(String key, Function<String, Cached> loader) {
        return entries.get(key, loader);
    }

    void evict(String key) {
        entries.evict(key);
    }
}
