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
 * The member lock of DESIGN.md: 10 consecutive failed authentications (password, SMS, TOTP, recovery code) lock
 * the member for an hour; while locked every authentication fails with {@code user_lock_limit_reached}.
 */
public final class Lockout {
    public static final int FAILURE_LIMIT = 10;
    public static final Duration LOCK_DURATION = Duration.ofHours(1);

    /** The error types that mean "the member presented a wrong secret". */
    private static final Set<String> FAILURES = Set.of(
            "unauthorized_credentials",
            "unable_to_auth_otp_code",
            "otp_code_not_found",
            "unable_to_authenticate_totp",
            "unable_to_authenticate_recovery_code");

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

    /** Counts the failure if {@code e} is a wrong-secret error; always returns {@code e} for rethrowing. */
    public ApiException onFailure(Project project, String memberId, ApiException e) {
        if (memberId != null && FAILURES.contains(e.type().wireName())) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            db.inTransaction(h -> {
                store.recordFailure(h, project.id(), memberId, FAILURE_LIMIT, now, now.plus(LOCK_DURATION));
                return null;
            });
        }
        return e;
    }

    /** Ends a run of failures, inside the successful request's transaction. */
    public void onSuccess(Handle h, Member member) {
        store.resetFailures(h, member.projectId(), member.id());
    }
}
