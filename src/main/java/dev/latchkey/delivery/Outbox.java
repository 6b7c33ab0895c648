package dev.latchkey.delivery;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.project.Project;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every feature sends email and SMS: inside the transaction that writes the token or code the message
 * carries. With a provider configured, the message is sealed into the {@code outbox} table and the request returns
 * without waiting on the provider; the {@link OutboxWorker}s deliver it after the commit (at least once, retried,
 * dead-lettered after the last try). So a message exists exactly when its token does: a request that rolls back
 * sends nothing, and one that commits is delivered even if its node dies the next instant.
 *
 * <p>Without a provider, a test project's message goes to the {@link DevOutbox} in the same transaction, and a live
 * project is refused with {@code server_unavailable} before anything is written (see {@link Delivery}).
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Delivery providers;
    private final DevOutbox devOutbox;
    private final OutboxStore store;
    private final SealedBodies bodies;
    private final Runnable wake;
    private final Clock clock;

    /**
     * @param wake run after each commit that queued a message: wakes this node's worker, so the message leaves at
     *     once instead of at the next poll
     */
    public Outbox(
            Delivery providers, DevOutbox devOutbox, OutboxStore store, SecretBox box, Runnable wake, Clock clock) {
        this.providers = providers;
        this.devOutbox = devOutbox;
        this.store = store;
        this.bodies = new SealedBodies(box);
        this.wake = wake;
        this.clock = clock;
    }

    /**
     * Queues an email in the caller's transaction. Raises {@code server_unavailable} for a live project when no SMTP
     * server is configured.
     */
    public void email(Handle h, Project project, EmailMessage message) {
        if (providers.email().isPresent()) {
            queue(h, project, "email", message.to(), SealedBodies.Body.of(message));
        } else if (project.isTest()) {
            devOutbox.store(h, project, message);
        } else {
            throw Delivery.unconfigured(project, "email");
        }
    }

    /**
     * Queues an SMS in the caller's transaction. Raises {@code server_unavailable} for a live project when no SMS
     * provider is configured.
     */
    public void sms(Handle h, Project project, SmsMessage message) {
        if (providers.sms().isPresent()) {
            queue(h, project, "sms", message.to(), SealedBodies.Body.of(message));
        } else if (project.isTest()) {
            devOutbox.store(h, project, message);
        } else {
            throw Delivery.unconfigured(project, "sms");
        }
    }

    /** True when {@link #email} would take a message for this project rather than refuse it. */
    public boolean canEmail(Project project) {
        return providers.email().isPresent() || project.isTest();
    }

    private void queue(Handle h, Project project, String channel, String recipient, SealedBodies.Body body) {
        String id = project.newId("outbox");
        store.insert(h, id, project.id(), channel, recipient, bodies.seal(project.id(), id, body), clock.instant());
        h.afterCommit(wake::run);
        LOG.debug("queued {} {} to {} for project {}", channel, id, recipient, project.id());
    }
}
