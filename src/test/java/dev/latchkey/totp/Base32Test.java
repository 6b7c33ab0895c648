package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.crypto.Tokens;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    // RFC 4648 §10 test vectors, written without the padding Latchkey leaves off.
    @ParameterizedTest
    @CsvSource({"'',''", "f,MY", "fo,MZXQ", "foo,MZXW6", "foob,MZXW6YQ", "fooba,MZXW6YTB", "foobar,MZXW6YTBOI"})
    void encodeMatchesRfc4648Vectors(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(new String(Base32.decode(encoded), StandardCharsets.US_ASCII))
                .isEqualTo(plain);
    }

    @ParameterizedTest
    @CsvSource({"MY======,f", "mzxq====,fo", "mzxw6,foo", "MZXW 6YTB OI,foobar", "MzXw6YtBoI======,foobar"})
    void decodeAcceptsPaddingLowerCaseAndSpaces(String encoded, String plain) {
        assertThat(new String(Base32.decode(encoded), StandardCharsets.US_ASCII))
                .isEqualTo(plain);
    }

    @Test
    void decodeWhenCharacterOutsideAlphabetThenThrows() {
        assertThatThrownBy(() -> Base32.decode("MZXW1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base32.decode("MZXW8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeWhenLengthEncodesNoWholeNumberOfBytesThenThrows() {
        assertThatThrownBy(() -> Base32.decode("M")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base32.decode("MZX")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base32.decode("MZXW6Y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeWhenPaddingInTheMiddleThenThrows() {
        assertThatThrownBy(() -> Base32.decode("MY==MZXQ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeThenDecodeGivesBackRandomBytes() {
        for (int n = 0; n < 64; n++) {
            byte[] bytes = Tokens.randomBytes(n);
            assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void twentyByteSecretEncodesToThirtyTwoCharacters() {
        assertThat(Base32.encode(new byte[20])).hasSize(32).matches("[A-Z2-7]{32}");
    }
}
