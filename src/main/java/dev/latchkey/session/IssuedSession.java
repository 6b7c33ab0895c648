package dev.latchkey.session;

/**
 * A session as an answer carries it: the session, its opaque token ({@code ""} when the caller proved the
 * session with a JWT, since only the token's digest is stored), and a fresh JWT.
 */
public record IssuedSession(MemberSession session, String token, String jwt) {}
