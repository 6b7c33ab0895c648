package dev.latchkey.member;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.organization.Organization;
import java.time.Instant;
import java.util.List;

/** The wire shape of a member (SPEC §2.2), with "" and [] rather than null where the SDKs need a value. */
public record MemberJson(
        String organizationId,
        String memberId,
        String emailAddress,
        boolean emailAddressVerified,
        String status,
        String name,
        ObjectNode trustedMetadata,
        ObjectNode untrustedMetadata,
        boolean isBreakglass,
        boolean isAdmin,
        boolean isLocked,
        Instant lockCreatedAt,
        Instant lockExpiresAt,
        String memberPasswordId,
        boolean mfaEnrolled,
        String mfaPhoneNumber,
        boolean mfaPhoneNumberVerified,
        String defaultMfaMethod,
        String totpRegistrationId,
        List<MemberRoles.Held> roles,
        List<RetiredEmail> retiredEmailAddresses,
        List<SsoRegistration> ssoRegistrations,
        List<OAuthRegistrationRef> oauthRegistrations,
        Object scimRegistration,
        String externalId,
        Instant createdAt,
        Instant updatedAt) {

    /** The member of {@code org} (whose settings grant implicit roles, {@link MemberRoles}) as of {@code now}. */
    public static MemberJson of(Member m, Organization org, Instant now) {
        boolean locked = m.isLocked(now);
        List<MemberRoles.Held> roles = MemberRoles.of(m, org);
        return new MemberJson(
                m.organizationId(),
                m.id(),
                m.email(),
                m.emailVerified(),
                m.status(),
                m.name(),
                m.trustedMetadata(),
                m.untrustedMetadata(),
                m.breakglass(),
                roles.stream().anyMatch(r -> r.roleId().equals(Member.ROLE_ADMIN)),
                locked,
                locked ? m.lockCreatedAt() : null,
                locked ? m.lockExpiresAt() : null,
                m.passwordId(),
                m.mfaEnrolled(),
                m.mfaPhoneNumber(),
                m.mfaPhoneNumberVerified(),
                m.defaultMfaMethod(),
                m.totpRegistrationId(),
                roles,
                m.retiredEmails(),
                m.ssoRegistrations(),
                m.oauthRegistrations(),
                null,
                m.externalId(),
                m.createdAt(),
                m.updatedAt());
    }
}
