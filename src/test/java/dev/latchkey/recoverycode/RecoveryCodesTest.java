package dev.latchkey.recoverycode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void generateGivesLowerCaseAlphanumericGroupsOfFour() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = RecoveryCodes.generate();
            assertThat(code).matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
            seen.add(code);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void looksLikeRecoveryCodeAfterTrimmingAndLowerCasing() {
        assertThat(RecoveryCodes.looksLikeRecoveryCode(" CKSS-2skx-EBOW\n")).isTrue();
        assertThat(RecoveryCodes.looksLikeRecoveryCode("ckss2skxebow")).isFalse();
        assertThat(RecoveryCodes.looksLikeRecoveryCode(null)).isFalse();
    }

    @Test
    void looksLikeTotpCodeOnlyForSixDigits() {
        assertThat(RecoveryCodes.looksLikeTotpCode(" 012345 ")).isTrue();
        assertThat(RecoveryCodes.looksLikeTotpCode("12345")).isFalse();
        assertThat(RecoveryCodes.looksLikeTotpCode("1234567")).isFalse();
        assertThat(RecoveryCodes.looksLikeTotpCode(null)).isFalse();
    }
}
