package dev.latchkey.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * This node's announcements of changes to cached rows, for the caches that hold them (sessions, projects,
 * origins). Two sources feed it: the node's own writes, announced by the stores right after their transaction
 * commits (so the node that revoked a session refuses it on the very next request), and the other nodes' writes,
 * which PostgreSQL triggers announce with {@code NOTIFY} and {@link ChangeFeed} relays. A cache never serves an
 * entry for longer than its time to live, so even a missed announcement is outlived within a second.
 *
 * <p>Stores reach the node's instance through their {@link Handle} ({@link #afterCommit}), as a JDBI config.
 */
public final class Changes implements JdbiConfig<Changes> {
    private final List<Consumer<Change>> listeners;

    public Changes() {
        this.listeners = new CopyOnWriteArrayList<>();
    }

    private Changes(List<Consumer<Change>> listeners) {
        this.listeners = listeners;
    }

    /** Calls {@code listener} for every change from now on. */
    public void subscribe(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** Tells every listener of this node about a change. */
    public void publish(Change change) {
        for (Consumer<Change> l : listeners) {
            l.accept(change);
        }
    }

    /**
     * Announces a change made through {@code h} once its transaction commits (at once outside a transaction), on
     * this node; the trigger's {@code NOTIFY} reaches the others.
     */
    public static void afterCommit(Handle h, Change change) {
        Changes changes = h.getConfig(Changes.class);
        if (h.isInTransaction()) {
            h.afterCommit(() -> changes.publish(change));
        } else {
            changes.publish(change);
        }
    }

    /** Shares the listeners: every handle of one Jdbi announces to the same caches. */
    @Override
    public Changes createCopy() {
        return new Changes(listeners);
    }
}
