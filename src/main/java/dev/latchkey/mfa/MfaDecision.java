package dev.latchkey.mfa;

import dev.latchkey.member.Member;
import dev.latchkey.organization.OrganizationSettings;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.Factors;
import java.util.List;

/**
 * What a login into an organization still needs, given the factors collected so far (SPEC §3.3 rules 1 and 5).
 *
 * @param primaryRequired the auth methods that would satisfy the organization's primary restriction, or null
 *     when it is met
 * @param mfaRequired true when MFA is required (REQUIRED_FOR_ALL or the member is enrolled) and no second
 *     factor is among the factors yet
 */
public record MfaDecision(List<String> primaryRequired, boolean mfaRequired) {
    /** The auth methods that verify an email address, asked for when no primary factor counts. */
    static final List<String> EMAIL_VERIFYING = List.of("email_otp", "magic_link");

    public static MfaDecision of(OrganizationSettings org, Member member, List<AuthenticationFactor> factors) {
        return of(org, member.mfaEnrolled(), member.breakglass(), factors);
    }

    /** The decision for a member who may not exist yet (discovery: joining by domain). */
    public static MfaDecision of(
            OrganizationSettings org, boolean enrolled, boolean breakglass, List<AuthenticationFactor> factors) {
        boolean restricted = OrganizationSettings.RESTRICTED.equals(org.authMethods()) && !breakglass;
        List<AuthenticationFactor> primaries =
                factors.stream().filter(AuthenticationFactor::countsAsPrimary).toList();
        if (primaries.isEmpty()) {
            // No primary factor counts here (a discovery password entering an organization it does not belong to):
            // an email-verifying method must come first (SPEC §3.3 rule 5).
            return new MfaDecision(restricted ? org.allowedAuthMethods() : EMAIL_VERIFYING, false);
        }
        boolean primaryMet = !restricted
                || primaries.stream().anyMatch(f -> org.allowedAuthMethods().contains(f.authMethod()));
        boolean mfaDemanded = org.mfaRequiredForAll() || enrolled;
        return new MfaDecision(
                primaryMet ? null : org.allowedAuthMethods(), mfaDemanded && !Factors.hasSecondary(factors));
    }

    public boolean satisfied() {
        return primaryRequired == null && !mfaRequired;
    }
}
