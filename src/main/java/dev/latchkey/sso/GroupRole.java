package dev.latchkey.sso;

/** A role given to whoever signs in through a connection while the IdP asserts membership of {@code group}. */
public record GroupRole(String roleId, String group) {}
