package dev.latchkey.error;

/** The one exception services throw for a client-visible error; the mapper renders it as the envelope. */
public final class ApiException extends RuntimeException {
    private final ErrorType type;

    public ApiException(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}
