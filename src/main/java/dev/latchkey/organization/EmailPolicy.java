package dev.latchkey.organization;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;

/**
 * Who may join an organization by email (SPEC §2.1): just-in-time provisioning needs
 * {@code email_jit_provisioning: RESTRICTED} and an address in {@code email_allowed_domains}; invites follow
 * {@code email_invites}.
 */
public final class EmailPolicy {
    private EmailPolicy() {}

    /** True when an unknown address at this domain may be provisioned into the organization. */
    public static boolean mayJoinByDomain(Organization org, String emailDomain) {
        return OrganizationSettings.RESTRICTED.equals(org.settings().emailJitProvisioning())
                && org.settings().emailAllowedDomains().contains(emailDomain);
    }

    /** Raises {@code email_jit_provisioning_not_allowed} or {@code invalid_email_for_jit_provisioning}. */
    public static void requireJit(Organization org, String emailDomain) {
        if (OrganizationSettings.NOT_ALLOWED.equals(org.settings().emailJitProvisioning())) {
            throw new ApiException(
                    ErrorType.EMAIL_JIT_PROVISIONING_NOT_ALLOWED,
                    "This organization does not let new members join by email.");
        }
        if (!mayJoinByDomain(org, emailDomain)) {
            throw new ApiException(
                    ErrorType.INVALID_EMAIL_FOR_JIT_PROVISIONING,
                    "Addresses at " + emailDomain + " may not join this organization.");
        }
    }

    /** Whether an error is {@link #requireJit}'s refusal: it tells that the address is not a member. */
    public static boolean isJitRefusal(ApiException e) {
        return e.type() == ErrorType.EMAIL_JIT_PROVISIONING_NOT_ALLOWED
                || e.type() == ErrorType.INVALID_EMAIL_FOR_JIT_PROVISIONING;
    }

    /** Raises {@code invalid_email_for_invites} unless the organization's invite policy allows this domain. */
    public static void requireInvite(Organization org, String emailDomain) {
        String invites = org.settings().emailInvites();
        boolean ok = OrganizationSettings.ALL_ALLOWED.equals(invites)
                || (OrganizationSettings.RESTRICTED.equals(invites)
                        && org.settings().emailAllowedDomains().contains(emailDomain));
        if (!ok) {
            throw new ApiException(
                    ErrorType.INVALID_EMAIL_FOR_INVITES,
                    "This organization does not accept invites for " + emailDomain + ".");
        }
    }
}
