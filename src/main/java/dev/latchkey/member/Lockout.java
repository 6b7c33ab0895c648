package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The member lock of DESIGN.md, and the one place that knows the attempt limits. Wrong primary secrets
 * (passwords) and wrong second-factor codes (SMS, TOTP, recovery codes) are counted apart: a successful primary
 * login ends only a run of primary failures, and only a successful second factor ends a run of second-factor
 * failures, so logging in again with a stolen password buys no fresh guesses at the second factor. Either count
 * reaching its limit locks the member for {@link #LOCK_DURATION}; while locked every authentication fails with
 * {@code user_lock_limit_reached}. Each intermediate session also dies after
 * {@link #WRONG_CODES_PER_INTERMEDIATE_SESSION} wrong codes.
 */
public final class Lockout {
    /** Consecutive wrong primary secrets that lock the member. */
    public static final int FAILURE_LIMIT = 10;
    /**
     * Consecutive wrong second-factor codes, across all intermediate sessions and sessions, that lock the member:
     * with a TOTP code accepted in 3 time steps, 10 guesses an hour give an attacker odds of 3 in 100,000 per hour.
     */
    public static final int SECOND_FACTOR_FAILURE_LIMIT = 10;
    /** Wrong second-factor codes presented with one intermediate session: the last of them consumes it. */
    public static final int WRONG_CODES_PER_INTERMEDIATE_SESSION = 5;

    public static final Duration LOCK_DURATION = Duration.ofHours(1);

    /** The error types that mean "the member presented a wrong primary secret". */
    private static final Set<ErrorType> PRIMARY_FAILURES = Set.of(ErrorType.UNAUTHORIZED_CREDENTIALS);

    /**
     * The error types that mean "a wrong second-factor code was compared". Not {@code otp_code_not_found}: with no
     * live code nothing secret was compared, and the SMS code's own tries already end at its fifth wrong one. A
     * replayed TOTP code counts (ASVS 2.8.5): it is right only for whoever saw the member's screen.
     */
    private static final Set<ErrorType> SECOND_FACTOR_FAILURES = Set.of(
            ErrorType.UNABLE_TO_AUTH_OTP_CODE,
            ErrorType.UNABLE_TO_AUTHENTICATE_TOTP,
            ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED,
            ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE);

    private final Database db;
    private final MemberStore store;
    private final Clock clock;

    public Lockout(Database db, MemberStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** Raises {@code user_lock_limit_reached} if the member is locked now. */
    public void requireUnlocked(Member member) {
        if (member.isLocked(clock.instant())) {
            throw new ApiException(
                    ErrorType.USER_LOCK_LIMIT_REACHED,
                    "Too many failed authentication attempts; the member is locked until " + member.lockExpiresAt()
                            + ".");
        }
    }

    /**
     * Counts a primary failure, in its own transaction after the failed request rolled back, if {@code e} is a
     * wrong-secret error; always returns {@code e} for rethrowing.
     */
    public ApiException onFailure(Project project, String memberId, ApiException e) {
        if (memberId != null && PRIMARY_FAILURES.contains(e.type())) {
            Instant now = now();
            db.inTransaction(h -> {
                store.recordFailure(h, project.id(), memberId, FAILURE_LIMIT, now, now.plus(LOCK_DURATION));
                return null;
            });
        }
        return e;
    }

    /**
     * Locks the member's row for the rest of the successful request's transaction and returns its current state,
     * ending a run of primary failures (second-factor ones stay); {@code member_not_found} when it is gone.
     */
    public Member lockOnSuccess(Handle h, Member member) {
        return store.lockAfterPrimarySuccess(h, member.projectId(), member.id())
                .orElseThrow(() -> MemberService.notFound(member.id()));
    }

    /** Ends a run of primary failures, inside the successful request's transaction. Second-factor ones stay. */
    public void onSuccess(Handle h, Member member) {
        store.resetFailures(h, member.projectId(), member.id());
    }

    /** True when {@code e} says a wrong second-factor code was compared: such an attempt is counted. */
    public static boolean isSecondFactorFailure(ApiException e) {
        return SECOND_FACTOR_FAILURES.contains(e.type());
    }

    /**
     * Counts a wrong second-factor code inside the attempt's transaction, which holds the member's row lock and
     * commits the count with the failure; the {@link #SECOND_FACTOR_FAILURE_LIMIT}-th in a row locks the member.
     */
    public void onSecondFactorFailure(Handle h, Member member) {
        Instant now = now();
        store.recordSecondFactorFailure(
                h, member.projectId(), member.id(), SECOND_FACTOR_FAILURE_LIMIT, now, now.plus(LOCK_DURATION));
    }

    /** Ends a run of second-factor failures, inside the successful second factor's transaction. */
    public void onSecondFactorSuccess(Handle h, Member member) {
        store.resetSecondFactorFailures(h, member.projectId(), member.id());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
