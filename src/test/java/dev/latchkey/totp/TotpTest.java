package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    // RFC 6238 Appendix B seeds: the ASCII digits repeated to the length of each hash's output.
    private static final byte[] SHA1_SEED = ascii("12345678901234567890");
    private static final byte[] SHA256_SEED = ascii("12345678901234567890123456789012");
    private static final byte[] SHA512_SEED = ascii("1234567890123456789012345678901234567890123456789012345678901234");

    // RFC 6238 Appendix B: time (s), T (hex), and the 8-digit TOTP for SHA1, SHA256, SHA512.
    @ParameterizedTest
    @CsvSource({
        "59,0000000000000001,94287082,46119246,90693936",
        "1111111109,00000000023523EC,07081804,68084774,25091201",
        "1111111111,00000000023523ED,14050471,67062674,99943326",
        "1234567890,000000000273EF07,89005924,91819424,93441116",
        "2000000000,0000000003F940AA,69279037,90698825,38618901",
        "20000000000,0000000027BC86AA,65353130,77737706,47863826"
    })
    void codeMatchesRfc6238AppendixB(long time, String stepHex, String sha1, String sha256, String sha512) {
        Instant at = Instant.ofEpochSecond(time);
        Totp totp1 = new Totp(HmacAlgorithm.SHA1, 8, 30);
        assertThat(totp1.step(at)).isEqualTo(Long.parseLong(stepHex, 16));
        assertThat(totp1.codeAt(SHA1_SEED, at)).isEqualTo(sha1);
        assertThat(new Totp(HmacAlgorithm.SHA256, 8, 30).codeAt(SHA256_SEED, at))
                .isEqualTo(sha256);
        assertThat(new Totp(HmacAlgorithm.SHA512, 8, 30).codeAt(SHA512_SEED, at))
                .isEqualTo(sha512);
    }

    @Test
    void sixDigitCodeIsTheLastSixDigitsOfTheEightDigitOne() {
        Instant at = Instant.ofEpochSecond(1111111109);
        assertThat(Totp.DEFAULT.codeAt(SHA1_SEED, at)).isEqualTo("081804");
    }

    @Test
    void matchReturnsTheStepOfTheCodeWithinOneStep() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.DEFAULT.step(now);
        for (long candidate = step - 1; candidate <= step + 1; candidate++) {
            String code = Totp.DEFAULT.code(SHA1_SEED, candidate);
            assertThat(Totp.DEFAULT.match(SHA1_SEED, code, now, 1)).hasValue(candidate);
        }
    }

    @Test
    void matchWhenCodeTwoStepsAwayThenEmpty() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.DEFAULT.step(now);
        assertThat(Totp.DEFAULT.match(SHA1_SEED, Totp.DEFAULT.code(SHA1_SEED, step - 2), now, 1))
                .isEmpty();
        assertThat(Totp.DEFAULT.match(SHA1_SEED, Totp.DEFAULT.code(SHA1_SEED, step + 2), now, 1))
                .isEmpty();
    }

    @Test
    void matchWhenCodeHasWrongLengthOrIsNullThenEmpty() {
        Instant now = Instant.ofEpochSecond(59);
        assertThat(Totp.DEFAULT.match(SHA1_SEED, "94287082", now, 1)).isEmpty();
        assertThat(Totp.DEFAULT.match(SHA1_SEED, null, now, 1)).isEmpty();
    }

    @Test
    void matchWithWindowZeroAcceptsOnlyTheCurrentStep() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.DEFAULT.step(now);
        assertThat(Totp.DEFAULT.match(SHA1_SEED, Totp.DEFAULT.code(SHA1_SEED, step), now, 0))
                .hasValue(step);
        assertThat(Totp.DEFAULT.match(SHA1_SEED, Totp.DEFAULT.code(SHA1_SEED, step - 1), now, 0))
                .isEmpty();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
