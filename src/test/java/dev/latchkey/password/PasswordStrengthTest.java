package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PasswordStrengthTest {
    private static final PasswordStrength ZXCVBN = new PasswordStrength();
    private static final PasswordStrength LUDS =
            new PasswordStrength(PasswordStrength.Policy.LUDS, PasswordStrength.LudsRules.DEFAULT);

    @Test
    void checkWhenStrongThenValidWithEmptyFeedback() {
        StrengthCheck c = ZXCVBN.check("correct horse battery staple", null);
        assertThat(c.validPassword()).isTrue();
        assertThat(c.score()).isEqualTo(4);
        assertThat(c.breachedPassword()).isFalse();
        assertThat(c.strengthPolicy()).isEqualTo("zxcvbn");
        assertThat(c.breachDetectionOnCreate()).isTrue();
        assertThat(c.zxcvbnFeedback()).isEqualTo(new StrengthCheck.ZxcvbnFeedback("", java.util.List.of()));
    }

    @Test
    void checkWhenWeakThenInvalidWithZxcvbnFeedback() {
        StrengthCheck c = ZXCVBN.check("Password1!", null);
        assertThat(c.validPassword()).isFalse();
        assertThat(c.score()).isLessThan(3);
        assertThat(c.zxcvbnFeedback().warning()).isNotEmpty();
        assertThat(c.zxcvbnFeedback().suggestions()).isNotEmpty();
    }

    @Test
    void checkWhenOnLeakedListThenBreachedRegardlessOfCase() {
        StrengthCheck c = ZXCVBN.check("IloveYou", null);
        assertThat(c.breachedPassword()).isTrue();
        assertThat(c.validPassword()).isFalse();
        assertThat(ZXCVBN.check("qwerty123", null).breachedPassword()).isTrue();
        assertThat(ZXCVBN.check("correct horse battery staple", null).breachedPassword())
                .isFalse();
    }

    @Test
    void checkWhenPasswordIsBuiltFromTheEmailThenWeaker() {
        String pw = "zelda.quincy1987";
        int without = ZXCVBN.check(pw, null).score();
        int with = ZXCVBN.check(pw, "zelda.quincy1987@example.com").score();
        assertThat(with).isLessThan(without);
    }

    @Test
    void ludsFeedbackCountsClassesAndLength() {
        StrengthCheck c = LUDS.check("abc", null);
        assertThat(c.strengthPolicy()).isEqualTo("luds");
        assertThat(c.ludsFeedback()).isEqualTo(new StrengthCheck.LudsFeedback(true, false, false, false, 2, 9));
        assertThat(c.validPassword()).isFalse();

        // LUDS.DEFAULT asks for 8 characters; the ASVS minimum of 12 overrides it (issue 8).
        StrengthCheck ok = LUDS.check("Zq7_vbnm-Kx2", null);
        assertThat(ok.ludsFeedback()).isEqualTo(new StrengthCheck.LudsFeedback(true, true, true, true, 0, 0));
        assertThat(ok.validPassword()).isTrue();
        // Any character outside a-z, A-Z, 0-9 is a symbol (Stytch's definition), and length counts characters.
        assertThat(LUDS.check("ééééééé1A", null).ludsFeedback().hasSymbol()).isTrue();
        assertThat(LUDS.check("🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑a", null).ludsFeedback().missingCharacters())
                .isZero();
    }

    @Test
    void ludsPolicyStillRejectsBreachedPasswords() {
        StrengthCheck c = LUDS.check("Password1", null); // three classes, nine characters, and leaked
        assertThat(c.ludsFeedback().missingComplexity()).isZero();
        assertThat(c.breachedPassword()).isTrue();
        assertThat(c.validPassword()).isFalse();
    }

    @Test
    void requireWhenBreachedThenBreachedPasswordElseWhenWeakThenWeakPassword() {
        assertThatThrownBy(() -> ZXCVBN.require("iloveyou", null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BREACHED_PASSWORD));
        assertThatThrownBy(() -> ZXCVBN.require("Password1!", null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.WEAK_PASSWORD));
        assertThatThrownBy(() -> LUDS.require("abcdefgh", null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.WEAK_PASSWORD));
        assertThatCode(() -> ZXCVBN.require("correct horse battery staple", null))
                .doesNotThrowAnyException();
    }

    @Test
    void checkOfAVeryLongRandomPasswordIsBounded() {
        StringBuilder sb = new StringBuilder();
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            sb.append((char) ('!' + r.nextInt(90)));
        }
        long t0 = System.nanoTime();
        StrengthCheck c = ZXCVBN.check(sb.toString(), null);
        // Unbounded, zxcvbn needs minutes for this; scoring only a 64-character prefix takes well under a second.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(c.validPassword()).isTrue();
    }
}
