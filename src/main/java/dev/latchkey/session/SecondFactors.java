package dev.latchkey.session;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationSettings;
import dev.latchkey.project.Project;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The rules every second factor (SMS OTP, TOTP, recovery codes) shares: which intermediate session or session a
 * call must present, which MFA methods the organization allows, and what a success does — consume the
 * intermediate session into a member session, or add the factor to the session (step-up) — with the member's
 * enrollment updated as SPEC §3.3 rules 7–8 say.
 */
public final class SecondFactors {
    /**
     * The {@code allowed_mfa_methods} value that allows recovery codes: they are the backup of a TOTP registration,
     * so an organization that restricts MFA methods allows them exactly when it allows {@code totp}.
     */
    public static final String RECOVERY_CODES_METHOD = "totp";

    private final IntermediateSessionService intermediate;
    private final SessionService sessions;
    private final MemberService members;
    private final Clock clock;

    public SecondFactors(
            IntermediateSessionService intermediate, SessionService sessions, MemberService members, Clock clock) {
        this.intermediate = intermediate;
        this.sessions = sessions;
        this.members = members;
        this.clock = clock;
    }

    /**
     * The proof given with a call, if any, checked to belong to this member of this organization. Raises
     * {@code too_many_session_arguments} for more than one, {@code intermediate_session_not_found} /
     * {@code session_not_found} for dead ones, {@code invalid_intermediate_session_token_for_organization} for
     * another organization's or member's.
     */
    public Optional<MfaProof> proof(
            Handle h, Project project, Organization org, Member member, String ist, SessionCredentials creds) {
        boolean hasIst = ist != null && !ist.isEmpty();
        if (hasIst && !creds.isEmpty() || creds.isBoth()) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS,
                    "Give exactly one of intermediate_session_token, session_token and session_jwt.");
        }
        if (hasIst) {
            IntermediateSession s = intermediate.require(h, project, ist);
            if (!org.id().equals(s.organizationId()) || !member.id().equals(s.memberId())) {
                throw new ApiException(
                        ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
                        "The intermediate session belongs to another organization or member.");
            }
            return Optional.of(new MfaProof(s, ist, null));
        }
        Optional<SessionRef> ref = sessions.find(h, project, creds);
        if (ref.isPresent() && !ref.get().session().memberId().equals(member.id())) {
            throw new ApiException(ErrorType.UNAUTHORIZED_ACTION, "The session belongs to another member.");
        }
        return ref.map(r -> new MfaProof(null, null, r));
    }

    /** The proof of an authenticate call: exactly one is required ({@code no_session_arguments}). */
    public MfaProof requireProof(
            Handle h, Project project, Organization org, Member member, String ist, SessionCredentials creds) {
        return proof(h, project, org, member, ist, creds)
                .orElseThrow(() -> new ApiException(
                        ErrorType.NO_SESSION_ARGUMENTS,
                        "Give one of intermediate_session_token, session_token and session_jwt."));
    }

    /** A member who already has an MFA factor is only sent codes for a call that proves it acts for that member. */
    public void requireProofIfMfaFactor(Optional<MfaProof> proof, Member member) {
        if (hasMfaFactor(member) && proof.isEmpty()) {
            throw new ApiException(
                    ErrorType.UNAUTHORIZED_ACTION,
                    "The member already has an MFA factor: pass an intermediate session token or a session of the member.");
        }
    }

    /** A verified second factor: an active TOTP registration, or a phone proven by an SMS code. */
    private static boolean hasMfaFactor(Member member) {
        return member.mfaPhoneNumberVerified() || !member.totpRegistrationId().isEmpty();
    }

    /**
     * Enrolling a second factor (linking a phone, creating a TOTP) for a member who already has a verified one
     * needs a proof that already holds one of the member's second factors: a session, or an intermediate session
     * that has just completed MFA, whose factors include an SMS OTP, TOTP or recovery code. A proof of primary
     * factors only (all a stolen password gives) would otherwise let its holder add their own phone or
     * authenticator and walk around the member's MFA. A member with no verified second factor may enroll with any
     * proof of the member, or none on the backend: that is how first enrollment works.
     *
     * <p>Raises {@code unauthorized_action} when there is no proof, {@code insufficient_factors} when the proof
     * holds no second factor.
     */
    public void requireEnrollmentAllowed(Optional<MfaProof> proof, Member member) {
        if (!hasMfaFactor(member)) {
            return;
        }
        MfaProof p = proof.orElseThrow(() -> new ApiException(
                ErrorType.UNAUTHORIZED_ACTION,
                "The member already has an MFA factor: pass a session or intermediate session that completed MFA."));
        if (!Factors.hasSecondary(p.factors())) {
            throw new ApiException(
                    ErrorType.INSUFFICIENT_FACTORS,
                    "The member already has an MFA factor: adding or replacing one needs a session or intermediate"
                            + " session that completed MFA with it, not one of primary factors only.");
        }
    }

    /**
     * {@code totps.migrate} carries no session, so it may only give a member a first second factor: a member with
     * a verified phone is refused with {@code insufficient_factors}. (An active TOTP registration is refused by
     * {@code TotpService} with {@code active_totp_exists}.)
     */
    public void requireMigrationAllowed(Member member) {
        if (member.mfaPhoneNumberVerified()) {
            throw new ApiException(
                    ErrorType.INSUFFICIENT_FACTORS,
                    "The member already has a verified MFA phone number; totps.migrate cannot prove it, so it may"
                            + " not add a factor. Enroll TOTP with totps.create and a session that completed MFA.");
        }
    }

    /**
     * {@code operation_restricted_by_organization_mfa_methods} unless the organization allows this method
     * ({@code sms_otp} or {@code totp}; recovery codes pass {@link #RECOVERY_CODES_METHOD}).
     */
    public void requireMethodAllowed(Organization org, Member member, String method) {
        OrganizationSettings s = org.settings();
        if (OrganizationSettings.RESTRICTED.equals(s.mfaMethods())
                && !s.allowedMfaMethods().contains(method)
                && !member.breakglass()) {
            throw new ApiException(
                    ErrorType.OPERATION_RESTRICTED_BY_ORGANIZATION_MFA_METHODS,
                    "This organization does not allow " + method + " for MFA.");
        }
    }

    /**
     * Completes a verified second factor: with an intermediate session, consumes it and starts a session with its
     * factors plus this one; with a session, adds this factor to it. Then applies enrollment (rule 7: ignored under
     * REQUIRED_FOR_ALL, where success enrols) and the default method (rule 8: explicit, or the first method used).
     */
    public Completed complete(
            Handle h,
            Project project,
            Organization org,
            Member member,
            MfaProof proof,
            AuthenticationFactor factor,
            String method,
            EnrollmentChange enrollment,
            boolean setDefault,
            SessionOptions opts) {
        Member.Builder b = member.toBuilder();
        if (org.settings().mfaRequiredForAll()) {
            b.mfaEnrolled = true;
        } else if (enrollment == EnrollmentChange.ENROLL) {
            b.mfaEnrolled = true;
        } else if (enrollment == EnrollmentChange.UNENROLL) {
            b.mfaEnrolled = false;
        }
        if (setDefault || b.defaultMfaMethod.isEmpty()) {
            b.defaultMfaMethod = method;
        }
        if (method.equals("sms_otp")) {
            b.mfaPhoneNumberVerified = true;
        }
        Member updated = members.save(h, b.build(now()));
        members.notices().secondFactorsChanged(h, project, org, member, updated);
        IssuedSession session;
        if (proof.isIntermediate()) {
            IntermediateSession consumed = intermediate.consume(h, project, proof.intermediateToken());
            session = sessions.start(h, project, org, updated, Factors.with(consumed.factors(), factor), opts);
        } else {
            session = sessions.touch(h, project, org, updated, proof.session(), factor, opts);
        }
        return new Completed(updated, session);
    }

    /** The member as it is after the factor, and the session it now has. */
    public record Completed(Member member, IssuedSession session) {}

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
