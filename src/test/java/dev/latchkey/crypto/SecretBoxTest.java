package dev.latchkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = Tokens.randomBytes(32);
    private static final byte[] OWNER = "project-test-1".getBytes(StandardCharsets.UTF_8);

    private final SecretBox box = new SecretBox(KEY);

    @Test
    void openWhenSealedWithSameKeyAndAssociatedDataThenReturnsThePlaintext() {
        byte[] secret = "JBSWY3DPEHPK3PXP".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = box.seal(secret, OWNER);

        assertThat(sealed).hasSize(12 + secret.length + 16);
        assertThat(box.open(sealed, OWNER)).isEqualTo(secret);
    }

    @Test
    void sealWhenCalledTwiceThenNoncesDiffer() {
        byte[] secret = "same".getBytes(StandardCharsets.UTF_8);

        assertThat(box.seal(secret, OWNER)).isNotEqualTo(box.seal(secret, OWNER));
    }

    @Test
    void openWhenAnyByteIsTamperedThenThrows() {
        byte[] sealed = box.seal("secret".getBytes(StandardCharsets.UTF_8), OWNER);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> box.open(tampered, OWNER))
                    .as("byte %d flipped", i)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void openWhenAssociatedDataDiffersThenThrows() {
        byte[] sealed = box.seal("secret".getBytes(StandardCharsets.UTF_8), OWNER);

        assertThatThrownBy(() -> box.open(sealed, "project-test-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openWhenKeyDiffersThenThrows() {
        byte[] sealed = box.seal("secret".getBytes(StandardCharsets.UTF_8), OWNER);

        assertThatThrownBy(() -> new SecretBox(Tokens.randomBytes(32)).open(sealed, OWNER))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openWhenShorterThanNonceAndTagThenThrows() {
        assertThatThrownBy(() -> box.open(new byte[27], OWNER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructWhenKeyIsNot32BytesThenThrows() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The sealed form is nonce || ciphertext || tag of standard AES-256-GCM: checked with Test Case 16 of McGrew and
     * Viega, "The Galois/Counter Mode of Operation (GCM)" (256-bit key, 96-bit IV, with associated data).
     */
    @Test
    void openWhenGivenGcmSpecTestCase16ThenReturnsItsPlaintext() {
        byte[] key = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] plaintext = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] iv = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] ciphertext = HEX.parseHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
        byte[] tag = HEX.parseHex("76fc6ece0f4e1768cddf8853bb2d551b");
        byte[] sealed = new byte[iv.length + ciphertext.length + tag.length];
        System.arraycopy(iv, 0, sealed, 0, iv.length);
        System.arraycopy(ciphertext, 0, sealed, iv.length, ciphertext.length);
        System.arraycopy(tag, 0, sealed, iv.length + ciphertext.length, tag.length);

        assertThat(new SecretBox(key).open(sealed, aad)).isEqualTo(plaintext);
    }
}
