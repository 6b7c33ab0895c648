package dev.latchkey.session;

/** {@code session_token} / {@code session_jwt} as a request gave them (SPEC §0.1 SESSION_IN); either may be null. */
public record SessionCredentials(String token, String jwt) {
    public static final SessionCredentials NONE = new SessionCredentials(null, null);

    public boolean isEmpty() {
        return blank(token) && blank(jwt);
    }

    public boolean isBoth() {
        return !blank(token) && !blank(jwt);
    }

    static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
