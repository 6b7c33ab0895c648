package dev.latchkey.store;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * A keyset position in a listing ordered by {@code (created_at, id)}: opaque to clients, stable under
 * inserts, and cheap to seek to with the {@code (…, created_at, id)} indexes.
 */
public record Cursor(Instant createdAt, String id) {
    /** Cursors name rows created between 1970 and 9999; anything else was not issued here. */
    private static final long MAX_MICROS =
            ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z"));

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor a client sent back; anything else is a {@code bad_request}. */
    public static Cursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            long micros = Long.parseLong(raw.substring(0, bar));
            String id = raw.substring(bar + 1);
            // Out-of-range times and control characters would fail in PostgreSQL rather than here.
            if (micros < 0 || micros > MAX_MICROS || id.isEmpty() || id.chars().anyMatch(Character::isISOControl)) {
                throw notIssuedHere();
            }
            return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
        } catch (RuntimeException e) {
            throw notIssuedHere();
        }
    }

    private static ApiException notIssuedHere() {
        return new ApiException(ErrorType.BAD_REQUEST, "cursor is not a cursor this server issued.");
    }
}
