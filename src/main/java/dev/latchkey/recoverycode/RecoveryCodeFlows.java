package dev.latchkey.recoverycode;

import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.EnrollmentChange;
import dev.latchkey.session.SecondFactorAttempts;
import dev.latchkey.session.SecondFactors;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionOptions;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.util.List;

/** The recovery-code endpoints' transactions (SPEC §4.6). */
public final class RecoveryCodeFlows {
    private final Database db;
    private final RecoveryCodeService codes;
    private final MemberService members;
    private final SecondFactors secondFactors;
    private final SecondFactorAttempts attempts;
    private final Clock clock;

    public RecoveryCodeFlows(
            Database db,
            RecoveryCodeService codes,
            MemberService members,
            SecondFactors secondFactors,
            SecondFactorAttempts attempts,
            Clock clock) {
        this.db = db;
        this.codes = codes;
        this.members = members;
        this.secondFactors = secondFactors;
        this.attempts = attempts;
        this.clock = clock;
    }

    /**
     * {@code recovery_codes.recover}: uses one code (single use) to complete MFA or step up. Enrollment does not
     * change; the default MFA method stays as it was. Recovery codes back up TOTP, so an organization whose
     * {@code allowed_mfa_methods} leave out {@code totp} refuses them
     * ({@code operation_restricted_by_organization_mfa_methods}).
     */
    public Recovered recover(
            Project project,
            String orgKey,
            String memberKey,
            String code,
            String ist,
            SessionCredentials creds,
            SessionOptions opts) {
        return attempts.attempt(
                project, orgKey, memberKey, ist, creds, SecondFactors.RECOVERY_CODES_METHOD, (h, om, member, proof) -> {
                    RecoveredCode used = codes.recover(h, project, member, code);
                    SecondFactors.Completed done = secondFactors.complete(
                            h,
                            project,
                            om.organization(),
                            member,
                            proof,
                            AuthenticationFactor.recoveryCode(used.recoveryCodeId(), clock.instant()),
                            // Recovery codes back the TOTP registration: "totp" only fills an empty default, and
                            // never counts as proof of the phone (passing "sms_otp" would mark it verified).
                            "totp",
                            EnrollmentChange.NONE,
                            false,
                            opts);
                    return new Recovered(om.organization(), done, used.remaining());
                });
    }

    public Codes get(Project project, String orgKey, String memberKey) {
        return db.withHandle(h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            return new Codes(om.organization(), om.member(), codes.get(h, project, om.member()));
        });
    }

    public Codes rotate(Project project, String orgKey, String memberKey) {
        return db.inTransaction(h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            return new Codes(om.organization(), om.member(), codes.rotate(h, project, om.member()));
        });
    }

    /** A successful recovery: the session, and how many unused codes are left. */
    public record Recovered(Organization organization, SecondFactors.Completed completed, int remaining) {}

    /** A member's active recovery codes. */
    public record Codes(Organization organization, Member member, List<String> codes) {}
}
