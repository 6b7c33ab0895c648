package dev.latchkey.recoverycode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.crypto.Digests;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.project.Project;
import dev.latchkey.totp.TotpEnrollment;
import dev.latchkey.totp.TotpFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecoveryCodeServiceTest {
    static TotpFixture f;

    @BeforeAll
    static void start() {
        f = new TotpFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void recoverConsumesTheCodeAndReportsHowManyRemain() {
        TotpFixture.Enrolled x = f.enrolledMember();
        List<String> codes = x.enrollment().recoveryCodes();

        RecoveredCode first = recover(x.member(), codes.get(0));
        RecoveredCode second = recover(x.member(), codes.get(1));

        assertThat(first.remaining()).isEqualTo(9);
        assertThat(first.totpRegistrationId()).isEqualTo(x.enrollment().totpRegistrationId());
        assertThat(first.recoveryCodeId()).startsWith("totp-recovery-code-test-");
        assertThat(second.remaining()).isEqualTo(8);
        assertThat(second.recoveryCodeId()).isNotEqualTo(first.recoveryCodeId());
    }

    @Test
    void recoverWhenCodeWasStoredAsAPlainDigestByAnEarlierVersionThenItStillWorksOnce() {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = x.enrollment().recoveryCodes().get(2);
        f.tx(h -> h.createUpdate("UPDATE recovery_codes SET code_digest = :d WHERE member_id = :m AND position = 2")
                .bind("d", Digests.sha256Hex(code))
                .bind("m", x.member().id())
                .execute());

        assertThat(recover(x.member(), code).remaining()).isEqualTo(9);
        assertError(() -> recover(x.member(), code), ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE);
    }

    @Test
    void recoverWhenCodeAlreadyUsedThenRejects() {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = x.enrollment().recoveryCodes().get(3);
        recover(x.member(), code);

        assertError(() -> recover(x.member(), code), ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE);
    }

    @Test
    void recoverComparesCaseInsensitivelyAndIgnoresSurroundingWhitespace() {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = x.enrollment().recoveryCodes().get(0);

        assertThat(recover(x.member(), "  " + code.toUpperCase(Locale.ROOT) + "\t")
                        .remaining())
                .isEqualTo(9);
        assertError(() -> recover(x.member(), code), ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE);
    }

    @Test
    void recoverWhenWrongCodeThenRejectsAndLeavesEveryCodeUsable() {
        TotpFixture.Enrolled x = f.enrolledMember();

        assertError(() -> recover(x.member(), "zzzz-zzzz-zzzz"), ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE);

        assertThat(get(x.member())).containsExactlyElementsOf(x.enrollment().recoveryCodes());
    }

    @Test
    void recoverWhenSameCodeUsedConcurrentlyThenExactlyOneSucceeds() throws Exception {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = x.enrollment().recoveryCodes().get(5);
        int threads = 6;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                Callable<Object> attempt = () -> {
                    go.await();
                    try {
                        return recover(x.member(), code);
                    } catch (ApiException e) {
                        return e.type();
                    }
                };
                results.add(pool.submit(attempt));
            }
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> r : results) {
                outcomes.add(r.get());
            }
            assertThat(outcomes).filteredOn(o -> o instanceof RecoveredCode).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(o -> o == ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE)
                    .hasSize(threads - 1);
        }
    }

    @Test
    void recoverWhenGivenASixDigitCodeThenSaysItIsATotpCode() {
        TotpFixture.Enrolled x = f.enrolledMember();
        assertError(() -> recover(x.member(), "123456"), ErrorType.TOTP_CODE_USED_AS_RECOVERY_CODE);
        assertError(() -> recover(x.member(), " 123456 "), ErrorType.TOTP_CODE_USED_AS_RECOVERY_CODE);
    }

    @Test
    void recoverWhenMalformedThenInvalidRecoveryCode() {
        TotpFixture.Enrolled x = f.enrolledMember();
        for (String bad : new String[] {"", "abcd-efgh", "abcdefghijkl", "abcd-efgh-ijk!", "abcd_efgh_ijkl", "12345"}) {
            assertError(() -> recover(x.member(), bad), ErrorType.INVALID_RECOVERY_CODE);
        }
        assertError(() -> recover(x.member(), null), ErrorType.INVALID_RECOVERY_CODE);
    }

    @Test
    void recoverWhenTotpStillPendingThenRecoveryCodesNotFound() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));

        assertError(() -> recover(f.reload(m), e.recoveryCodes().get(0)), ErrorType.RECOVERY_CODES_NOT_FOUND);
    }

    @Test
    void recoverWhenMemberHasNoTotpThenRecoveryCodesNotFound() {
        Member m = f.newMember();
        assertError(() -> recover(m, "abcd-efgh-ijkl"), ErrorType.RECOVERY_CODES_NOT_FOUND);
    }

    @Test
    void getReturnsTheUnusedCodesInIssueOrder() {
        TotpFixture.Enrolled x = f.enrolledMember();
        List<String> codes = x.enrollment().recoveryCodes();
        recover(x.member(), codes.get(2));

        List<String> active = get(x.member());

        List<String> expected = new ArrayList<>(codes);
        expected.remove(2);
        assertThat(active).containsExactlyElementsOf(expected);
    }

    @Test
    void getWhenEveryCodeUsedThenEmpty() {
        TotpFixture.Enrolled x = f.enrolledMember();
        int remaining = -1;
        for (String code : x.enrollment().recoveryCodes()) {
            remaining = recover(x.member(), code).remaining();
        }
        assertThat(remaining).isZero();
        assertThat(get(x.member())).isEmpty();
    }

    @Test
    void getWhenMemberHasNoActiveTotpThenRecoveryCodesNotFound() {
        Member m = f.newMember();
        f.tx(h -> f.totp.create(h, f.project, f.org, m, null));
        assertError(() -> get(f.reload(m)), ErrorType.RECOVERY_CODES_NOT_FOUND);
    }

    @Test
    void rotateReplacesEveryCodeAndInvalidatesTheOldOnes() {
        TotpFixture.Enrolled x = f.enrolledMember();
        List<String> old = x.enrollment().recoveryCodes();
        recover(x.member(), old.get(0));

        List<String> fresh = f.tx(h -> f.recoveryCodes.rotate(h, f.project, x.member()));

        assertThat(fresh).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(old);
        assertThat(get(x.member())).containsExactlyElementsOf(fresh);
        assertError(() -> recover(x.member(), old.get(1)), ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE);
        assertThat(recover(x.member(), fresh.get(0)).remaining()).isEqualTo(9);
    }

    @Test
    void rotateWhenMemberHasNoActiveTotpThenNoActiveRecoveryCodeBackedFactor() {
        Member m = f.newMember();
        assertError(
                () -> f.tx(h -> f.recoveryCodes.rotate(h, f.project, m)),
                ErrorType.NO_ACTIVE_RECOVERY_CODE_BACKED_FACTOR);
        f.tx(h -> f.totp.create(h, f.project, f.org, m, null));
        assertError(
                () -> f.tx(h -> f.recoveryCodes.rotate(h, f.project, f.reload(m))),
                ErrorType.NO_ACTIVE_RECOVERY_CODE_BACKED_FACTOR);
    }

    @Test
    void codesOfOneProjectAreInvisibleToAnother() {
        TotpFixture.Enrolled x = f.enrolledMember();
        Project other = f.server.newProject().project();
        String code = x.enrollment().recoveryCodes().get(0);

        assertError(
                () -> f.tx(h -> f.recoveryCodes.recover(h, other, x.member(), code)),
                ErrorType.RECOVERY_CODES_NOT_FOUND);
        assertError(() -> f.tx(h -> f.recoveryCodes.get(h, other, x.member())), ErrorType.RECOVERY_CODES_NOT_FOUND);
        assertThat(recover(x.member(), code).remaining()).isEqualTo(9);
    }

    private static RecoveredCode recover(Member m, String code) {
        return f.tx(h -> f.recoveryCodes.recover(h, f.project, m, code));
    }

    private static List<String> get(Member m) {
        return f.tx(h -> f.recoveryCodes.get(h, f.project, m));
    }

    private static void assertError(ThrowingCallable call, ErrorType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .as(e.getMessage())
                .isEqualTo(type));
    }
}
