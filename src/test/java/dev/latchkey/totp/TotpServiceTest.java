package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.crypto.Digests;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.project.Project;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TotpServiceTest {
    // RFC 6238 Appendix B's SHA-1 seed "12345678901234567890" in base32.
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

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
    void createReturnsSecretQrCodeAndTenRecoveryCodesOfAPendingRegistration() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));

        assertThat(e.totpRegistrationId()).startsWith("member-totp-test-");
        assertThat(e.secret()).matches("[A-Z2-7]{32}");
        assertThat(Base32.decode(e.secret())).hasSize(20);
        assertThat(e.qrCode()).startsWith("data:image/png;base64,");
        assertThat(e.recoveryCodes())
                .hasSize(10)
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}"));
        assertThat(registration(e.totpRegistrationId()))
                .containsEntry("status", "pending")
                .containsEntry("member_id", m.id())
                .containsEntry("organization_id", f.org.id());
        assertThat(f.reload(m).totpRegistrationId()).isEmpty();
    }

    @Test
    void authenticateWhenPendingThenActivatesAndSetsMemberRegistrationId() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));

        VerifiedTotp first = f.tx(h -> f.totp.authenticate(h, f.project, m, f.currentCode(e)));

        assertThat(first).isEqualTo(new VerifiedTotp(e.totpRegistrationId(), true));
        assertThat(f.reload(m).totpRegistrationId()).isEqualTo(e.totpRegistrationId());
        assertThat(registration(e.totpRegistrationId())).containsEntry("status", "active");

        f.server.clock.advance(Duration.ofSeconds(30));
        VerifiedTotp second = f.tx(h -> f.totp.authenticate(h, f.project, f.reload(m), f.currentCode(e)));
        assertThat(second).isEqualTo(new VerifiedTotp(e.totpRegistrationId(), false));
    }

    @Test
    void authenticateAcceptsCodesOneStepEitherSideOfNow() {
        TotpFixture.Enrolled x = f.enrolledMember();
        for (int offset : new int[] {-1, 0, 1}) {
            String code = f.codeAtStepOffset(x.enrollment(), offset);
            assertThat(f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code))
                            .totpRegistrationId())
                    .isEqualTo(x.enrollment().totpRegistrationId());
        }
    }

    @Test
    void authenticateWhenCodeTwoStepsAwayThenRejects() {
        TotpFixture.Enrolled x = f.enrolledMember();
        for (int offset : new int[] {-2, 2}) {
            String code = f.codeAtStepOffset(x.enrollment(), offset);
            assertError(
                    () -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code)),
                    ErrorType.UNABLE_TO_AUTHENTICATE_TOTP);
        }
    }

    @Test
    void authenticateWhenClockMovesTwoStepsPastACodeThenRejectsIt() {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = f.currentCode(x.enrollment());
        f.server.clock.advance(Duration.ofSeconds(60));
        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code)),
                ErrorType.UNABLE_TO_AUTHENTICATE_TOTP);
    }

    @Test
    void authenticateWhenCodeReplayedThenRejects() {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = f.currentCode(x.enrollment());
        f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code));

        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code)),
                ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED);
        // Still inside the window one step later, and still spent.
        f.server.clock.advance(Duration.ofSeconds(30));
        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code)),
                ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED);
    }

    @Test
    void authenticateWhenSameCodeUsedConcurrentlyThenExactlyOneSucceeds() throws Exception {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = f.currentCode(x.enrollment());
        int threads = 6;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                Callable<Object> attempt = () -> {
                    go.await();
                    try {
                        return f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code));
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
            assertThat(outcomes).filteredOn(o -> o instanceof VerifiedTotp).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(o -> o == ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED)
                    .hasSize(threads - 1);
        }
    }

    @Test
    void authenticateWhenSameCodeUsedConcurrentlyOnPendingThenActivatesOnce() throws Exception {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));
        String code = f.currentCode(e);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Callable<Object> attempt = () -> {
                go.await();
                try {
                    return f.tx(h -> f.totp.authenticate(h, f.project, m, code));
                } catch (ApiException ex) {
                    return ex.type();
                }
            };
            Future<Object> a = pool.submit(attempt);
            Future<Object> b = pool.submit(attempt);
            go.countDown();
            assertThat(List.of(a.get(), b.get()))
                    .containsExactlyInAnyOrder(
                            new VerifiedTotp(e.totpRegistrationId(), true), ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED);
        }
    }

    @Test
    void authenticateWhenWrongCodeThenRejectsAndChangesNothing() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));
        String right = f.currentCode(e);
        String wrong = right.equals("000000") ? "111111" : "000000";

        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, f.project, m, wrong)), ErrorType.UNABLE_TO_AUTHENTICATE_TOTP);

        assertThat(registration(e.totpRegistrationId())).containsEntry("status", "pending");
        assertThat(usedSteps(m)).isZero();
        assertThat(f.tx(h -> f.totp.authenticate(h, f.project, m, right)).newlyActivated())
                .isTrue();
    }

    @Test
    void authenticateWhenPendingRegistrationExpiredThenRejects() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, 5));
        f.server.clock.advance(Duration.ofMinutes(5));

        assertError(() -> f.tx(h -> f.totp.authenticate(h, f.project, m, f.currentCode(e))), ErrorType.EXPIRED_TOTP);
    }

    @Test
    void authenticateJustBeforePendingExpiryThenActivates() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, 5));
        f.server.clock.advance(Duration.ofMinutes(5).minusSeconds(1));

        assertThat(f.tx(h -> f.totp.authenticate(h, f.project, m, f.currentCode(e)))
                        .newlyActivated())
                .isTrue();
    }

    @Test
    void authenticateWhenActiveRegistrationThenDoesNotExpire() {
        TotpFixture.Enrolled x = f.enrolledMember();
        f.server.clock.advance(Duration.ofDays(3));
        assertThat(f.tx(h -> f.totp.authenticate(h, f.project, x.member(), f.currentCode(x.enrollment())))
                        .totpRegistrationId())
                .isEqualTo(x.enrollment().totpRegistrationId());
    }

    @Test
    void authenticateWhenCodeMalformedThenInvalidTotpCode() {
        TotpFixture.Enrolled x = f.enrolledMember();
        for (String bad : new String[] {"12345", "1234567", "12a456", "", "12 3456"}) {
            assertError(
                    () -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), bad)), ErrorType.INVALID_TOTP_CODE);
        }
        assertError(() -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), null)), ErrorType.INVALID_TOTP_CODE);
    }

    @Test
    void authenticateWhenGivenARecoveryCodeThenSaysSo() {
        TotpFixture.Enrolled x = f.enrolledMember();
        String recovery = x.enrollment().recoveryCodes().get(0);
        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), recovery)),
                ErrorType.RECOVERY_CODE_USED_AS_TOTP_CODE);
        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, f.project, x.member(), " CKSS-2SKX-EBOW ")),
                ErrorType.RECOVERY_CODE_USED_AS_TOTP_CODE);
    }

    @Test
    void authenticateWhenNoRegistrationThenTotpNotFound() {
        Member m = f.newMember();
        assertError(() -> f.tx(h -> f.totp.authenticate(h, f.project, m, "123456")), ErrorType.TOTP_NOT_FOUND);
    }

    @Test
    void authenticateWhenCodeHasSurroundingWhitespaceThenAccepts() {
        TotpFixture.Enrolled x = f.enrolledMember();
        String code = " " + f.currentCode(x.enrollment()) + "\n";
        assertThat(f.tx(h -> f.totp.authenticate(h, f.project, x.member(), code))
                        .newlyActivated())
                .isFalse();
    }

    @Test
    void createWhenActiveRegistrationExistsThenRejects() {
        TotpFixture.Enrolled x = f.enrolledMember();
        assertError(
                () -> f.tx(h -> f.totp.create(h, f.project, f.org, x.member(), null)), ErrorType.ACTIVE_TOTP_EXISTS);
    }

    @Test
    void createWhenPendingRegistrationExistsThenReplacesIt() {
        Member m = f.newMember();
        TotpEnrollment old = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));
        TotpEnrollment fresh = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));

        assertThat(fresh.totpRegistrationId()).isNotEqualTo(old.totpRegistrationId());
        assertThat(registration(old.totpRegistrationId())).isNull();
        assertThat(count(
                        "SELECT count(*) FROM recovery_codes WHERE totp_registration_id = ?", old.totpRegistrationId()))
                .isZero();
        String oldCode = f.currentCode(old);
        String newCode = f.currentCode(fresh);
        if (!oldCode.equals(newCode)) {
            assertError(
                    () -> f.tx(h -> f.totp.authenticate(h, f.project, m, oldCode)),
                    ErrorType.UNABLE_TO_AUTHENTICATE_TOTP);
        }
        assertThat(f.tx(h -> f.totp.authenticate(h, f.project, m, newCode)).totpRegistrationId())
                .isEqualTo(fresh.totpRegistrationId());
    }

    @Test
    void createWhenExpirationOutOfRangeThenRejects() {
        Member m = f.newMember();
        for (int minutes : new int[] {4, 1441, 0, -1}) {
            assertError(() -> f.tx(h -> f.totp.create(h, f.project, f.org, m, minutes)), ErrorType.INVALID_EXPIRATION);
        }
        assertThat(f.tx(h -> f.totp.create(h, f.project, f.org, m, 1440)).totpRegistrationId())
                .isNotEmpty();
    }

    @Test
    void createWhenMemberNotActiveThenRejects() {
        Member pending = f.newMember(true);
        assertError(
                () -> f.tx(h -> f.totp.create(h, f.project, f.org, pending, null)),
                ErrorType.ACTION_AVAILABLE_ONLY_FOR_ACTIVE_MEMBERS);
    }

    @Test
    void secretAndRecoveryCodesAreNotStoredInPlaintext() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.create(h, f.project, f.org, m, null));
        byte[] secret = Base32.decode(e.secret());

        String registrationRow =
                f.tx(h -> h.createQuery("SELECT row_to_json(r)::text FROM totp_registrations r WHERE id = :id")
                        .bind("id", e.totpRegistrationId())
                        .mapTo(String.class)
                        .one());
        byte[] sealed = f.tx(h -> h.createQuery("SELECT secret_sealed FROM totp_registrations WHERE id = :id")
                .bind("id", e.totpRegistrationId())
                .mapTo(byte[].class)
                .one());
        assertThat(registrationRow)
                .doesNotContainIgnoringCase(e.secret())
                .doesNotContain(HexFormat.of().formatHex(secret));
        assertThat(indexOf(sealed, secret)).isEqualTo(-1);
        assertThat(sealed.length).isEqualTo(12 + secret.length + 16);

        List<String> rows = f.tx(
                h -> h.createQuery("SELECT row_to_json(c)::text FROM recovery_codes c WHERE totp_registration_id = :id")
                        .bind("id", e.totpRegistrationId())
                        .mapTo(String.class)
                        .list());
        assertThat(rows).hasSize(10);
        for (String code : e.recoveryCodes()) {
            assertThat(rows)
                    .noneMatch(r -> r.contains(code))
                    .noneMatch(r -> r.contains(HexFormat.of().formatHex(code.getBytes(StandardCharsets.UTF_8))));
            // Keyed, not a plain SHA-256 digest: about 62 bits of code would not resist an offline search.
            assertThat(count("SELECT count(*) FROM recovery_codes WHERE code_digest = ?", Digests.sha256Hex(code)))
                    .isZero();
        }
    }

    @Test
    void migrateCreatesAnActiveRegistrationWithTheGivenSecretAndCodes() {
        Member m = f.newMember();
        List<String> codes = List.of("ABCD-efgh-1234", "wxyz-0000-9999");
        TotpEnrollment e =
                f.tx(h -> f.totp.migrate(h, f.project, f.org, m, "gezd gnbv gy3t qojq gezd gnbv gy3t qojq", codes));

        assertThat(e.secret()).isEqualTo(RFC_SECRET);
        assertThat(e.recoveryCodes()).containsExactly("abcd-efgh-1234", "wxyz-0000-9999");
        assertThat(registration(e.totpRegistrationId())).containsEntry("status", "active");
        Member saved = f.reload(m);
        assertThat(saved.totpRegistrationId()).isEqualTo(e.totpRegistrationId());
        String code = Totp.DEFAULT.codeAt(
                "12345678901234567890".getBytes(StandardCharsets.US_ASCII), f.server.clock.instant());
        VerifiedTotp verified = f.tx(h -> f.totp.authenticate(h, f.project, saved, code));
        assertThat(verified).isEqualTo(new VerifiedTotp(e.totpRegistrationId(), false));
        assertThat(f.tx(h -> f.recoveryCodes.recover(h, f.project, saved, "abcd-efgh-1234"))
                        .remaining())
                .isEqualTo(1);
    }

    @Test
    void migrateWithoutRecoveryCodesMintsTen() {
        Member m = f.newMember();
        TotpEnrollment e = f.tx(h -> f.totp.migrate(h, f.project, f.org, m, RFC_SECRET, List.of()));
        assertThat(e.recoveryCodes()).hasSize(10);
        TotpEnrollment e2 = f.tx(h -> f.totp.migrate(h, f.project, f.org, f.newMember(), RFC_SECRET, null));
        assertThat(e2.recoveryCodes()).hasSize(10);
    }

    @Test
    void migrateWhenSecretInvalidThenRejects() {
        Member m = f.newMember();
        for (String bad : new String[] {"not base32!", "GEZDGNBV", "", "GEZDGNBVGY3TQOJQ1"}) {
            assertError(() -> f.tx(h -> f.totp.migrate(h, f.project, f.org, m, bad, null)), ErrorType.INVALID_ARGUMENT);
        }
        assertError(() -> f.tx(h -> f.totp.migrate(h, f.project, f.org, m, null, null)), ErrorType.INVALID_ARGUMENT);
    }

    @Test
    void migrateWhenRecoveryCodeMalformedOrRepeatedThenRejectsAndStoresNothing() {
        Member m = f.newMember();
        assertError(
                () -> f.tx(h -> f.totp.migrate(h, f.project, f.org, m, RFC_SECRET, List.of("abc"))),
                ErrorType.INVALID_RECOVERY_CODE);
        assertError(
                () -> f.tx(h -> f.totp.migrate(
                        h, f.project, f.org, m, RFC_SECRET, List.of("abcd-efgh-1234", "ABCD-EFGH-1234"))),
                ErrorType.INVALID_RECOVERY_CODE);
        assertThat(count("SELECT count(*) FROM totp_registrations WHERE member_id = ?", m.id()))
                .isZero();
    }

    @Test
    void migrateWhenActiveRegistrationExistsThenRejects() {
        TotpFixture.Enrolled x = f.enrolledMember();
        assertError(
                () -> f.tx(h -> f.totp.migrate(h, f.project, f.org, x.member(), RFC_SECRET, null)),
                ErrorType.ACTIVE_TOTP_EXISTS);
    }

    @Test
    void deleteForMemberRemovesRegistrationsCodesAndTheMembersReference() {
        TotpFixture.Enrolled x = f.enrolledMember();
        Member m = x.member();
        f.tx(h -> f.totp.create(h, f.project, f.org, f.newMember(), null)); // another member's pending one stays

        Member saved = f.tx(h -> f.totp.deleteForMember(h, f.project, m));

        assertThat(saved.totpRegistrationId()).isEmpty();
        assertThat(f.reload(m).totpRegistrationId()).isEmpty();
        assertThat(count("SELECT count(*) FROM totp_registrations WHERE member_id = ?", m.id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM recovery_codes WHERE member_id = ?", m.id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM totp_registrations WHERE member_id <> ?", m.id()))
                .isPositive();
        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, f.project, f.reload(m), f.currentCode(x.enrollment()))),
                ErrorType.TOTP_NOT_FOUND);
        // and the member can enrol again
        assertThat(f.tx(h -> f.totp.create(h, f.project, f.org, f.reload(m), null))
                        .totpRegistrationId())
                .isNotEqualTo(x.enrollment().totpRegistrationId());
    }

    @Test
    void registrationsOfOneProjectAreInvisibleToAnother() {
        TotpFixture.Enrolled x = f.enrolledMember();
        Project other = f.server.newProject().project();

        Optional<TotpRegistration> seenByOther =
                f.tx(h -> new TotpStore().find(h, other.id(), x.member().id(), TotpRegistration.ACTIVE));
        Optional<TotpRegistration> seenByOwner =
                f.tx(h -> new TotpStore().find(h, f.project.id(), x.member().id(), TotpRegistration.ACTIVE));
        assertThat(seenByOther).isEmpty();
        assertThat(seenByOwner).isPresent();
        assertError(
                () -> f.tx(h -> f.totp.authenticate(h, other, x.member(), f.currentCode(x.enrollment()))),
                ErrorType.TOTP_NOT_FOUND);
        int deletedByOther =
                f.tx(h -> new TotpStore().deleteAll(h, other.id(), x.member().id()));
        assertThat(deletedByOther).isZero();
    }

    private static void assertError(ThrowingCallable call, ErrorType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .as(e.getMessage())
                .isEqualTo(type));
    }

    private static Map<String, Object> registration(String id) {
        return f.tx(
                h -> h.createQuery("SELECT status, member_id, organization_id FROM totp_registrations WHERE id = :id")
                        .bind("id", id)
                        .mapToMap()
                        .findOne()
                        .orElse(null));
    }

    private static int usedSteps(Member m) {
        return count("SELECT count(*) FROM totp_used_steps WHERE member_id = ?", m.id());
    }

    private static int count(String sql, String arg) {
        return f.tx(h -> h.select(sql, arg).mapTo(Integer.class).one());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
