package dev.latchkey.delivery;

/** A text message to an E.164 number; {@code code} is the one-time passcode it carries, if any. */
public record SmsMessage(String to, String text, String code) {}
