package dev.latchkey.crypto;

import java.util.UUID;

/** Object ids in Stytch's {@code <kind>-<test|live>-<uuid v4>} form (SPEC §1.4). */
public final class Ids {
    private Ids() {}

    public static String of(String kind, String environment) {
        return kind + "-" + environment + "-" + UUID.randomUUID();
    }
}
