package dev.latchkey.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.crypto.SecretBox;
import java.nio.charset.StandardCharsets;

/**
 * Seals what a provider needs of a queued message (subject, text, HTML: the parts that carry magic-link tokens and
 * codes) with the master key, bound to its project and outbox row, so the outbox table and its backups hold no
 * usable secret and a sealed body cannot be moved to another row.
 */
final class SealedBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecretBox box;

    SealedBodies(SecretBox box) {
        this.box = box;
    }

    /** The parts of a message a provider sends; {@code subject} and {@code html} are null for SMS. */
    record Body(String subject, String text, String html) {
        static Body of(EmailMessage m) {
            return new Body(m.subject(), m.text(), m.html());
        }

        static Body of(SmsMessage m) {
            return new Body(null, m.text(), null);
        }
    }

    byte[] seal(String projectId, String messageId, Body body) {
        try {
            return box.seal(JSON.writeValueAsBytes(body), associatedData(projectId, messageId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message body cannot be written as JSON", e);
        }
    }

    /** Opens a sealed body; raises {@link IllegalStateException} for a body sealed under another key or row. */
    Body open(String projectId, String messageId, byte[] sealed) {
        try {
            return JSON.readValue(box.open(sealed, associatedData(projectId, messageId)), Body.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("sealed message body is not JSON", e);
        }
    }

    private static byte[] associatedData(String projectId, String messageId) {
        return ("outbox:" + projectId + ":" + messageId).getBytes(StandardCharsets.UTF_8);
    }
}
