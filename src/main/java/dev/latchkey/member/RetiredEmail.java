package dev.latchkey.member;

/** An address a member used before an email change. */
public record RetiredEmail(String emailId, String emailAddress) {}
