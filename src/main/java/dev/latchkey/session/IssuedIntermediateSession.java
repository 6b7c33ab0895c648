package dev.latchkey.session;

/** An intermediate session with its bearer token, which exists in clear only in this answer. */
public record IssuedIntermediateSession(IntermediateSession session, String token) {}
