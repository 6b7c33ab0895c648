package dev.latchkey.session;

/** A live session found by its credentials, and the token to hand back ({@code ""} if proven by JWT). */
public record SessionRef(MemberSession session, String token) {}
