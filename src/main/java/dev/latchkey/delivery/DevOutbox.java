package dev.latchkey.delivery;

import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where test projects' messages go when no real provider is configured: stored and logged (without their
 * secrets) and listed newest first by {@code GET /dev/v1/messages}.
 *
 * <p>A message is stored by the transaction of the request that sends it, not by the outbox workers: there is no
 * provider to wait for, so it is visible the moment the request answers (tests and local development read it
 * right after the request), exactly once, and gone with a request that rolls back.
 */
public final class DevOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(DevOutbox.class);
    private final Database db;
    private final Clock clock;

    public DevOutbox(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores an email inside the caller's transaction. */
    public void store(Handle h, Project project, EmailMessage m) {
        store(
                h,
                project,
                new OutboxMessage(id(), "email", m.to(), m.subject(), m.text(), m.code(), m.token(), m.link(), null));
    }

    /** Stores an SMS inside the caller's transaction. */
    public void store(Handle h, Project project, SmsMessage m) {
        store(h, project, new OutboxMessage(id(), "sms", m.to(), null, m.text(), m.code(), null, null, null));
    }

    /** The project's messages, newest first, at most {@code limit}. */
    public List<OutboxMessage> list(Project project, int limit) {
        return db.withHandle(h -> h.createQuery(
                        """
                        SELECT * FROM dev_messages WHERE project_id = :p
                        ORDER BY seq DESC LIMIT :limit""")
                .bind("p", project.id())
                .bind("limit", limit)
                .map((rs, ctx) -> new OutboxMessage(
                        rs.getString("id"),
                        rs.getString("channel"),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("body_text"),
                        rs.getString("code"),
                        rs.getString("token"),
                        rs.getString("link"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list());
    }

    private void store(Handle h, Project project, OutboxMessage m) {
        h.createUpdate(
                        """
                        INSERT INTO dev_messages (id, project_id, channel, recipient, subject, body_text, code, token,
                                                  link, created_at)
                        VALUES (:id, :p, :channel, :to, :subject, :text, :code, :token, :link, :at)""")
                .bind("id", m.messageId())
                .bind("p", project.id())
                .bind("channel", m.channel())
                .bind("to", m.to())
                .bind("subject", m.subject())
                .bind("text", m.text())
                .bind("code", m.code())
                .bind("token", m.token())
                .bind("link", m.link())
                .bind("at", clock.instant().truncatedTo(ChronoUnit.MICROS))
                .execute();
        LOG.info("dev outbox: {} to {} for project {}", m.channel(), m.to(), project.id());
    }

    private static String id() {
        return "message-" + UUID.randomUUID();
    }
}
