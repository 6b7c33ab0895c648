package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final PasswordHasher.Argon2Params SMALL = new PasswordHasher.Argon2Params(256, 2, 1);
    private final PasswordHasher hasher = new PasswordHasher(SMALL, 2);

    @Test
    void hashIsArgon2idPhcWithConfiguredParametersAndRandomSalt() {
        String a = hasher.hash("correct horse battery staple");
        String b = hasher.hash("correct horse battery staple");
        assertThat(a).startsWith("$argon2id$v=19$m=256,t=2,p=1$").doesNotContain("correct horse");
        assertThat(a).isNotEqualTo(b);
        String[] parts = a.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
    }

    @Test
    void hashIsTheArgon2idOfRfc9106AsComputedIndependentlyByPassword4j() {
        String stored = hasher.hash("pässwörd 🔑");
        String[] parts = stored.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        byte[] expected = Argon2Function.getInstance(256, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13)
                .hash("pässwörd 🔑".getBytes(StandardCharsets.UTF_8), salt)
                .getBytes();
        assertThat(Base64.getDecoder().decode(parts[5])).isEqualTo(expected);
    }

    @Test
    void defaultsAreOwaspParameters() {
        assertThat(PasswordHasher.Argon2Params.OWASP).isEqualTo(new PasswordHasher.Argon2Params(19_456, 2, 1));
        assertThat(new PasswordHasher().hash("x")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void verifyWhenRightThenMatchesWithoutRehash() {
        String stored = hasher.hash("pässwörd 🔑");
        assertThat(hasher.verify("pässwörd 🔑", stored)).isEqualTo(new PasswordHasher.Verification(true, false));
    }

    @Test
    void verifyWhenWrongThenNoMatchAndNoRehash() {
        String stored = hasher.hash("pässwörd 🔑");
        assertThat(hasher.verify("passwörd 🔑", stored)).isEqualTo(new PasswordHasher.Verification(false, false));
        assertThat(hasher.verify("", stored).matches()).isFalse();
    }

    @Test
    void verifyWhenHashHasOlderParametersThenAsksForRehash() {
        PasswordHasher older = new PasswordHasher(new PasswordHasher.Argon2Params(128, 1, 1), 1);
        String stored = older.hash("secret words here");
        assertThat(hasher.verify("secret words here", stored)).isEqualTo(new PasswordHasher.Verification(true, true));
    }

    @Test
    void verifyWhenStoredValueTamperedOrUnknownThenNoMatch() {
        String stored = hasher.hash("secret words here");
        char[] chars = stored.toCharArray();
        chars[chars.length - 2] = chars[chars.length - 2] == 'A' ? 'B' : 'A';
        assertThat(hasher.verify("secret words here", new String(chars)).matches())
                .isFalse();
        assertThat(hasher.verify("secret words here", "secret words here").matches())
                .isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=256,t=2,p=1$!!$!!").matches())
                .isFalse();
        assertThat(hasher.verify("x", "").matches()).isFalse();
    }

    @Test
    void dummyVerifyCostsAboutWhatARealVerifyCosts() {
        PasswordHasher owasp = new PasswordHasher();
        String stored = owasp.hash("a real password");
        long[] real = new long[5];
        long[] dummy = new long[5];
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            owasp.verify("a wrong password", stored);
            real[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            owasp.dummyVerify("a wrong password");
            dummy[i] = System.nanoTime() - t0;
        }
        Arrays.sort(real);
        Arrays.sort(dummy);
        // Medians, with a wide margin for a busy machine: a dummy that skipped the hash would be ~1000x faster.
        assertThat(dummy[2]).isGreaterThan(real[2] / 4);
    }

    @Test
    void constructionHashesNothingAndTheDummyMakesEveryUnknownUserPayOneFullHash() {
        PasswordHasher owasp = new PasswordHasher();
        // Issue 12: no Argon2id on the way to ready.
        assertThat(owasp.computations()).isZero();
        // The dummy is an Argon2id hash with exactly the current parameters: verifying against it computes one
        // full-cost hash (needsRehash would be false for a match), and it matches no password.
        assertThat(owasp.dummy()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(owasp.verify("x", owasp.dummy())).isEqualTo(new PasswordHasher.Verification(false, false));
        assertThat(owasp.dummy()).isNotEqualTo(new PasswordHasher().dummy());
        long before = owasp.computations();
        owasp.dummyVerify("a wrong password");
        assertThat(owasp.computations()).isEqualTo(before + 1);
    }

    @Test
    void parametersAreValidated() {
        assertThatThrownBy(() -> new PasswordHasher.Argon2Params(4, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(SMALL, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
