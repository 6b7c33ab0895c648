package dev.latchkey.delivery;

import dev.latchkey.store.Database;
import java.util.List;

/** What an operator sees and does with the outbox ({@code latchkey outbox list|retry}); each call is a transaction. */
public final class OutboxAdmin {
    private final Database db;
    private final OutboxStore store;

    public OutboxAdmin(Database db, OutboxStore store) {
        this.db = db;
        this.store = store;
    }

    /** The newest messages, without bodies; {@code status} and {@code projectId} may be null (any). */
    public List<QueuedMessage> list(QueuedMessage.Status status, String projectId, int limit) {
        return db.withHandle(h -> store.list(h, status, projectId, limit));
    }

    /** Makes a dead message due at once with a fresh count of tries; false when no dead message has that id. */
    public boolean retry(String id) {
        return db.inTransaction(h -> store.revive(h, id)) == 1;
    }

    /** Makes every dead message due at once; returns how many. */
    public int retryAllDead() {
        return db.inTransaction(h -> store.revive(h, null));
    }
}
