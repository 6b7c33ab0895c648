package dev.latchkey.totp;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.EnrollmentChange;
import dev.latchkey.session.MfaProof;
import dev.latchkey.session.SecondFactorAttempts;
import dev.latchkey.session.SecondFactors;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionOptions;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The TOTP endpoints' transactions (SPEC §4.5): who may create a registration, and what a correct code does — it
 * completes MFA with an intermediate session or steps up a session, per {@link SecondFactors}.
 */
public final class TotpFlows {
    private static final String METHOD = "totp";

    private final Database db;
    private final TotpService totps;
    private final MemberService members;
    private final SecondFactors secondFactors;
    private final SecondFactorAttempts attempts;
    private final Clock clock;

    public TotpFlows(
            Database db,
            TotpService totps,
            MemberService members,
            SecondFactors secondFactors,
            SecondFactorAttempts attempts,
            Clock clock) {
        this.db = db;
        this.totps = totps;
        this.members = members;
        this.secondFactors = secondFactors;
        this.attempts = attempts;
        this.clock = clock;
    }

    /**
     * {@code totps.create}: a pending registration with its secret, QR code and recovery codes. A member who
     * already has a verified second factor needs a proof holding one ({@link SecondFactors#requireEnrollmentAllowed}).
     */
    public Created create(
            Project project,
            String orgKey,
            String memberKey,
            Integer expirationMinutes,
            String ist,
            SessionCredentials creds) {
        return db.inTransaction(h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            // Locked before the check, so a factor verified concurrently is seen.
            Member member = members.lock(h, om.member());
            Optional<MfaProof> proof = secondFactors.proof(h, project, om.organization(), member, ist, creds);
            secondFactors.requireEnrollmentAllowed(proof, member);
            secondFactors.requireMethodAllowed(om.organization(), member, METHOD);
            TotpEnrollment e = totps.create(h, project, om.organization(), member, expirationMinutes);
            return new Created(om.organization(), member, e);
        });
    }

    /**
     * {@code totps.authenticate}: checks the code and completes MFA or steps up. Raises the code errors of
     * {@link TotpService#authenticate}, {@code user_lock_limit_reached}, and the proof errors of {@link SecondFactors}.
     */
    public Authenticated authenticate(
            Project project,
            String orgKey,
            String memberKey,
            String code,
            String ist,
            SessionCredentials creds,
            EnrollmentChange enrollment,
            boolean setDefault,
            SessionOptions opts) {
        return attempts.attempt(project, orgKey, memberKey, ist, creds, METHOD, (h, om, member, proof) -> {
            VerifiedTotp verified;
            try {
                verified = totps.authenticate(h, project, member, code);
            } catch (ApiException e) {
                if (e.type() == ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED) {
                    // ASVS 2.8.5: a replay is refused, counted as a wrong code, and the member told.
                    members.notices().totpCodeReplayed(h, project, om.organization(), member);
                }
                throw e;
            }
            Member current = members.lock(h, member); // activation may have set totp_registration_id
            members.notices().secondFactorsChanged(h, project, om.organization(), member, current);
            SecondFactors.Completed done = secondFactors.complete(
                    h,
                    project,
                    om.organization(),
                    current,
                    proof,
                    AuthenticationFactor.totp(verified.totpRegistrationId(), clock.instant()),
                    METHOD,
                    enrollment,
                    setDefault,
                    opts);
            return new Authenticated(om.organization(), done);
        });
    }

    /**
     * {@code totps.migrate}: an active registration from an existing secret, for a member with no verified second
     * factor yet ({@link SecondFactors#requireMigrationAllowed}; an active TOTP gives {@code active_totp_exists}).
     */
    public Created migrate(
            Project project, String orgKey, String memberKey, String secret, List<String> recoveryCodes) {
        return db.inTransaction(h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            Member member = members.lock(h, om.member());
            if (member.totpRegistrationId().isEmpty()) {
                secondFactors.requireMigrationAllowed(member);
            }
            TotpEnrollment e = totps.migrate(h, project, om.organization(), member, secret, recoveryCodes);
            Member migrated = members.lock(h, member);
            members.notices().secondFactorsChanged(h, project, om.organization(), member, migrated);
            return new Created(om.organization(), migrated, e);
        });
    }

    /** Removes the member's TOTP and its recovery codes (members' delete-TOTP endpoint). */
    public OrgMember delete(Project project, String orgKey, String memberKey) {
        return db.inTransaction(h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            if (om.member().totpRegistrationId().isEmpty()) {
                throw new ApiException(ErrorType.TOTP_NOT_FOUND, "The member has no TOTP registration.");
            }
            Member after = totps.deleteForMember(h, project, om.member());
            members.notices().secondFactorsChanged(h, project, om.organization(), om.member(), after);
            return new OrgMember(om.organization(), after);
        });
    }

    /** A registration with the organization and member it belongs to. */
    public record Created(Organization organization, Member member, TotpEnrollment enrollment) {}

    /** The organization, and the member and session after a successful code. */
    public record Authenticated(Organization organization, SecondFactors.Completed completed) {}
}
