package dev.latchkey.delivery;

/**
 * An SMS provider (an HTTP API). It is called only by the {@link OutboxWorker}, never inside a request; features
 * queue SMS through {@link Outbox#sms}.
 */
public interface SmsSender {
    /** Delivers and returns once the provider accepted it; raises {@link DeliveryException} otherwise. */
    void send(String projectId, SmsMessage message);
}
