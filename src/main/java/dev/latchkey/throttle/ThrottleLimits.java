package dev.latchkey.throttle;

import java.util.Map;

/**
 * How many sends and guesses one address, one phone number and one client IP may make per window, per project.
 * Each is set by a {@code LATCHKEY_THROTTLE_*} environment variable; the defaults are far above what a person
 * does (a "resend" a few times a minute, a mistyped password or code) and far below what a script does.
 *
 * @param sendsPerAddressSecond messages to one email address (or SMS sends for one member) per second
 * @param sendsPerAddressMinute the same, per minute
 * @param sendsPerAddressHour the same, per hour
 * @param smsPerNumberHour SMS codes actually sent to one phone number per hour (against SMS pumping)
 * @param guessesPerAddressMinute password and code checks for one email address or member per minute
 * @param sendsPerIpMinute send requests from one client IP per minute
 * @param guessesPerIpMinute password and code checks from one client IP per minute
 */
public record ThrottleLimits(
        int sendsPerAddressSecond,
        int sendsPerAddressMinute,
        int sendsPerAddressHour,
        int smsPerNumberHour,
        int guessesPerAddressMinute,
        int sendsPerIpMinute,
        int guessesPerIpMinute) {

    public static final ThrottleLimits DEFAULTS = new ThrottleLimits(1, 5, 20, 10, 20, 100, 100);

    public ThrottleLimits {
        for (int limit : new int[] {
            sendsPerAddressSecond,
            sendsPerAddressMinute,
            sendsPerAddressHour,
            smsPerNumberHour,
            guessesPerAddressMinute,
            sendsPerIpMinute,
            guessesPerIpMinute
        }) {
            if (limit < 1) {
                throw new IllegalArgumentException("every LATCHKEY_THROTTLE_* limit must be at least 1");
            }
        }
    }

    /** Reads the {@code LATCHKEY_THROTTLE_*} variables, each falling back to {@link #DEFAULTS}. */
    public static ThrottleLimits fromEnvironment(Map<String, String> env) {
        ThrottleLimits d = DEFAULTS;
        return new ThrottleLimits(
                read(env, "LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_SECOND", d.sendsPerAddressSecond),
                read(env, "LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_MINUTE", d.sendsPerAddressMinute),
                read(env, "LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_HOUR", d.sendsPerAddressHour),
                read(env, "LATCHKEY_THROTTLE_SMS_PER_NUMBER_HOUR", d.smsPerNumberHour),
                read(env, "LATCHKEY_THROTTLE_GUESSES_PER_ADDRESS_MINUTE", d.guessesPerAddressMinute),
                read(env, "LATCHKEY_THROTTLE_SENDS_PER_IP_MINUTE", d.sendsPerIpMinute),
                read(env, "LATCHKEY_THROTTLE_GUESSES_PER_IP_MINUTE", d.guessesPerIpMinute));
    }

    private static int read(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }
}
