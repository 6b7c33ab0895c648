package dev.latchkey.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * TOTP, RFC 6238: HOTP over the number of {@code periodSeconds} steps since the Unix epoch.
 *
 * @param algorithm the HMAC function
 * @param digits code length, 6 to 8
 * @param periodSeconds the time step X of RFC 6238 §4.1
 */
public record Totp(HmacAlgorithm algorithm, int digits, int periodSeconds) {
    /** What Latchkey issues: SHA-1, 6 digits, 30 seconds — the parameters every authenticator app supports. */
    public static final Totp DEFAULT = new Totp(HmacAlgorithm.SHA1, 6, 30);

    public Totp {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6 to 8, was " + digits);
        }
        if (periodSeconds <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + periodSeconds);
        }
    }

    /** The time step containing {@code instant}: RFC 6238 §4.2, T = floor((now - T0) / X) with T0 = 0. */
    public long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), periodSeconds);
    }

    /** The code of time step {@code step}. */
    public String code(byte[] secret, long step) {
        return Hotp.code(secret, step, digits, algorithm);
    }

    /** The code valid at {@code instant}. */
    public String codeAt(byte[] secret, Instant instant) {
        return code(secret, step(instant));
    }

    /**
     * The time step whose code equals {@code code}, looking at the step of {@code now} and {@code window}
     * steps on either side (RFC 6238 §5.2 allows for clock drift and transmission delay). The current step
     * is preferred, then the nearer neighbours, the earlier before the later.
     */
    public OptionalLong match(byte[] secret, String code, Instant now, int window) {
        if (code == null || code.length() != digits) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long found = Long.MIN_VALUE;
        // Order 0, -1, +1, -2, +2, ...; every candidate is computed and compared, found or not, so the time
        // taken does not say which step matched.
        for (int i = 0; i <= 2 * window; i++) {
            long candidate = current + ((i % 2 == 1) ? -(i + 1) / 2 : i / 2);
            byte[] expected = code(secret, candidate).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given) && found == Long.MIN_VALUE) {
                found = candidate;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
