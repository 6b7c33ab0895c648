package dev.latchkey.mfa;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.Factors;
import dev.latchkey.session.IntermediateSession;
import dev.latchkey.session.IntermediateSessionService;
import dev.latchkey.session.IssuedIntermediateSession;
import dev.latchkey.session.IssuedSession;
import dev.latchkey.session.SessionRef;
import dev.latchkey.session.SessionService;
import dev.latchkey.smsotp.SmsOtpService;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The decision after every primary factor (SPEC §3.3): step up an existing session, or collect the factor in an
 * intermediate session, and either start a member session or say what is still required — pre-sending the SMS
 * when the member's default MFA method is SMS.
 */
public final class PrimaryAuth {
    private final IntermediateSessionService intermediate;
    private final SessionService sessions;
    private final SmsOtpService sms;

    public PrimaryAuth(IntermediateSessionService intermediate, SessionService sessions, SmsOtpService sms) {
        this.intermediate = intermediate;
        this.sessions = sessions;
        this.sms = sms;
    }

    /** Completes a verified primary factor for {@code member} of {@code org}, inside the caller's transaction. */
    public AuthOutcome complete(
            Handle h,
            Project project,
            Organization org,
            Member member,
            AuthenticationFactor factor,
            PrimaryContext ctx) {
        // Rule 2: a valid session of the same member makes this a step-up; a session of another member is ignored.
        Optional<SessionRef> existing = sessions.find(h, project, ctx.session());
        if (existing.isPresent() && existing.get().session().memberId().equals(member.id())) {
            IssuedSession s = sessions.touch(h, project, org, member, existing.get(), factor, ctx.options());
            return new AuthOutcome(org, member, s, null, null, null);
        }
        IntermediateSession prior = null;
        List<AuthenticationFactor> factors = List.of(factor);
        if (ctx.intermediateSessionToken() != null
                && !ctx.intermediateSessionToken().isEmpty()) {
            prior = intermediate.require(h, project, ctx.intermediateSessionToken());
            boolean sameOrg =
                    prior.organizationId() == null || prior.organizationId().equals(org.id());
            boolean sameMember = prior.memberId() == null
                    ? prior.email().equals(member.email())
                    : prior.memberId().equals(member.id());
            if (!sameOrg || !sameMember) {
                throw new ApiException(
                        ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
                        "The intermediate session belongs to another organization or member.");
            }
            factors = Factors.with(prior.factors(), factor);
        }
        return decide(h, project, org, member, factors, prior, ctx);
    }

    /**
     * Decides for a set of factors already collected (discovery exchange, session exchange). {@code prior} is the
     * intermediate session they came from, kept (same token) when requirements remain and consumed otherwise.
     */
    public AuthOutcome decide(
            Handle h,
            Project project,
            Organization org,
            Member member,
            List<AuthenticationFactor> factors,
            IntermediateSession prior,
            PrimaryContext ctx) {
        MfaDecision decision = MfaDecision.of(org.settings(), member, factors);
        if (decision.satisfied()) {
            if (prior != null) {
                intermediate.consume(h, project, ctx.intermediateSessionToken());
            }
            IssuedSession s = sessions.start(h, project, org, member, factors, ctx.options());
            return new AuthOutcome(org, member, s, null, null, null);
        }
        IssuedIntermediateSession ist = prior == null
                ? intermediate.issue(h, project, org.id(), member.id(), member.email(), factors)
                : new IssuedIntermediateSession(
                        intermediate.update(h, withFactors(prior, org, member, factors)),
                        ctx.intermediateSessionToken());
        if (decision.primaryRequired() != null) {
            return new AuthOutcome(org, member, null, ist, null, new PrimaryRequired(decision.primaryRequired()));
        }
        return new AuthOutcome(org, member, null, ist, mfaRequired(h, project, org, member, ctx.locale()), null);
    }

    private MfaRequired mfaRequired(Handle h, Project project, Organization org, Member member, String locale) {
        boolean hasPhone = !member.mfaPhoneNumber().isEmpty();
        boolean hasTotp = !member.totpRegistrationId().isEmpty();
        MfaRequired.MemberOptions options = hasPhone || hasTotp
                ? new MfaRequired.MemberOptions(member.mfaPhoneNumber(), member.totpRegistrationId())
                : null;
        // Latchkey's answer to SPEC open question 3 (docs/compatibility.md): pre-send only when SMS is the member's
        // default method and the organization allows it.
        boolean smsAllowed = !org.settings().mfaMethods().equals("RESTRICTED")
                || org.settings().allowedMfaMethods().contains("sms_otp")
                || member.breakglass();
        if (hasPhone && "sms_otp".equals(member.defaultMfaMethod()) && smsAllowed && member.isActive()) {
            try {
                sms.send(h, project, org, member, null, locale);
            } catch (ApiException e) {
                if (e.type() != ErrorType.TOO_MANY_REQUESTS) {
                    throw e;
                }
                // The number had its hourly cap: the login goes on without a pre-sent code (nothing was written).
                return new MfaRequired(options, null);
            }
            return new MfaRequired(options, "sms_otp");
        }
        return new MfaRequired(options, null);
    }

    private static IntermediateSession withFactors(
            IntermediateSession s, Organization org, Member member, List<AuthenticationFactor> factors) {
        return new IntermediateSession(
                s.id(),
                s.projectId(),
                org.id(),
                member.id(),
                s.email(),
                List.copyOf(factors),
                s.createdAt(),
                s.expiresAt());
    }
}
