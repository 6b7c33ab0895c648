package dev.latchkey.delivery;

/**
 * An email provider (SMTP). It is called only by the {@link OutboxWorker}, never inside a request; features queue
 * email through {@link Outbox#email}.
 */
public interface EmailSender {
    /** Delivers and returns once the provider accepted it; raises {@link DeliveryException} otherwise. */
    void send(String projectId, EmailMessage message);
}
