package dev.latchkey.project;

import java.time.Duration;

/**
 * A project's session limits: the longest {@code session_duration_minutes} a browser ({@code /sdk/v1}) may obtain,
 * and how long a session may go without being authenticated before it is dead (on every surface).
 *
 * <p>Defaults: 7 days for browsers, and 24 hours idle. The browser
 * SDK re-authenticates every 3 minutes while a page is open (SDK.md §6.3), and backends re-authenticate at least
 * every 5 minutes (the JWT lifetime) while in use, so only a session nobody has used for a day dies of it: a token
 * copied from a browser or log stops working a day after its owner stopped using it, while an app used daily keeps
 * its session. Projects that want ASVS Level 2's 30 minutes set it ({@code project session-limits}).
 */
public record SessionLimits(int sdkMaxDurationMinutes, int idleTimeoutMinutes) {
    public static final int MIN_MINUTES = 5;
    public static final int MAX_MINUTES = 527_040;
    public static final SessionLimits DEFAULT = new SessionLimits(10_080, 1_440);

    /** @throws IllegalArgumentException unless both are between 5 and 527040 minutes (one year) */
    public SessionLimits {
        check("sdk max duration", sdkMaxDurationMinutes);
        check("idle timeout", idleTimeoutMinutes);
    }

    public Duration idleTimeout() {
        return Duration.ofMinutes(idleTimeoutMinutes);
    }

    private static void check(String what, int minutes) {
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException(
                    what + " must be between " + MIN_MINUTES + " and " + MAX_MINUTES + " minutes, not " + minutes);
        }
    }
}
