package dev.latchkey.error;

import java.time.Duration;
import java.util.Optional;

/** The one exception services throw for a client-visible error; the mapper renders it as the envelope. */
public final class ApiException extends RuntimeException {
    private final ErrorType type;
    private final Duration retryAfter;

    public ApiException(ErrorType type, String message) {
        this(type, message, null);
    }

    /** An error the caller may retry after {@code retryAfter}, sent as the {@code Retry-After} header (seconds). */
    public ApiException(ErrorType type, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public ErrorType type() {
        return type;
    }

    /** How long the caller should wait before retrying, when the error says so (throttles). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
