package dev.latchkey.session;

import dev.latchkey.error.ApiException;
import dev.latchkey.member.Lockout;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import org.jdbi.v3.core.Handle;

/**
 * The transaction every second-factor authenticate shares: find and lock the member, refuse a locked one, check
 * the proof (intermediate session or session) and the organization's MFA methods, run the factor's own check,
 * and count the outcome toward the member lock — a failure in its own transaction, after the rollback.
 */
public final class SecondFactorAttempts {
    private final Database db;
    private final MemberService members;
    private final SecondFactors secondFactors;
    private final Lockout lockout;

    public SecondFactorAttempts(Database db, MemberService members, SecondFactors secondFactors, Lockout lockout) {
        this.db = db;
        this.members = members;
        this.secondFactors = secondFactors;
        this.lockout = lockout;
    }

    /** The factor's own check and completion, inside the attempt's transaction. */
    @FunctionalInterface
    public interface Check<R> {
        R run(Handle h, OrgMember om, Member lockedMember, MfaProof proof);
    }

    /** What a factor does when its check failed, after the rollback (e.g. count a wrong SMS code). */
    @FunctionalInterface
    public interface OnFailure {
        void run(String memberId, ApiException e);
    }

    /**
     * Runs one attempt. {@code method} ({@code sms_otp}, {@code totp}) is checked against the organization's
     * allowed MFA methods; null skips that check (recovery codes back up whichever method the member has).
     */
    public <R> R attempt(
            Project project,
            String orgKey,
            String memberKey,
            String ist,
            SessionCredentials creds,
            String method,
            Check<R> check,
            OnFailure onFailure) {
        String[] memberId = new String[1];
        try {
            return db.inTransaction(h -> {
                OrgMember om = members.require(h, project, orgKey, memberKey);
                memberId[0] = om.member().id();
                Member member = members.lock(h, om.member());
                lockout.requireUnlocked(member);
                MfaProof proof = secondFactors.requireProof(h, project, om.organization(), member, ist, creds);
                if (method != null) {
                    secondFactors.requireMethodAllowed(om.organization(), member, method);
                }
                R result = check.run(h, om, member, proof);
                lockout.onSuccess(h, member);
                return result;
            });
        } catch (ApiException e) {
            if (memberId[0] != null) {
                onFailure.run(memberId[0], e);
            }
            throw lockout.onFailure(project, memberId[0], e);
        }
    }
}
