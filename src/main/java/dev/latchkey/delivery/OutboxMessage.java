package dev.latchkey.delivery;

import java.time.Instant;

/** A message kept by the dev outbox, as {@code GET /dev/v1/messages} lists it. */
public record OutboxMessage(
        String messageId,
        String channel,
        String to,
        String subject,
        String text,
        String code,
        String token,
        String link,
        Instant createdAt) {}
