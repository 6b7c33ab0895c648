package dev.latchkey.delivery;

/**
 * A provider refused or could not be reached. The cause and the log say why; the message never holds the
 * message body, which carries codes and links. The {@link OutboxWorker} records it on the message and retries
 * later; no request ever sees it.
 */
public final class DeliveryException extends RuntimeException {
    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }

    public DeliveryException(String message) {
        super(message);
    }
}
