package dev.latchkey.oauth;

import dev.latchkey.crypto.SecretBox;
import java.nio.charset.StandardCharsets;

/** Seals OAuth secrets at rest (PKCE verifiers toward providers, provider tokens), each bound to its owner row. */
final class OAuthSeals {
    private final SecretBox box;

    OAuthSeals(SecretBox box) {
        this.box = box;
    }

    byte[] seal(String projectId, String owner, String value) {
        return box.seal(value.getBytes(StandardCharsets.UTF_8), associatedData(projectId, owner));
    }

    String open(String projectId, String owner, byte[] ciphertext) {
        return new String(box.open(ciphertext, associatedData(projectId, owner)), StandardCharsets.UTF_8);
    }

    private static byte[] associatedData(String projectId, String owner) {
        return ("oauth:" + projectId + ":" + owner).getBytes(StandardCharsets.UTF_8);
    }
}
