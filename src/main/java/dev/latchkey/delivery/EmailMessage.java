package dev.latchkey.delivery;

/**
 * An email to send. {@code code}, {@code token} and {@code link} are the secrets it carries, kept apart so
 * the dev outbox can show them to tests and local development.
 */
public record EmailMessage(
        String to, String subject, String text, String html, String code, String token, String link) {}
