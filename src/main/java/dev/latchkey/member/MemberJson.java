package dev.latchkey.member;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        List<Role> roles,
        List<RetiredEmail> retiredEmailAddresses,
        List<Object> ssoRegistrations,
        List<Object> oauthRegistrations,
        Object scimRegistration,
        String externalId,
        Instant createdAt,
        Instant updatedAt) {

    /** A role the member holds and why. */
    public record Role(String roleId, List<Source> sources) {}

    /** Why a member holds a role. */
    public record Source(String type, Map<String, Object> details) {}

    public static MemberJson of(Member m, Instant now) {
        boolean locked = m.isLocked(now);
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
                m.isAdmin(),
                locked,
                locked ? m.lockCreatedAt() : null,
                locked ? m.lockExpiresAt() : null,
                m.passwordId(),
                m.mfaEnrolled(),
                m.mfaPhoneNumber(),
                m.mfaPhoneNumberVerified(),
                m.defaultMfaMethod(),
                m.totpRegistrationId(),
                roles(m),
                m.retiredEmails(),
                List.of(),
                List.of(),
                null,
                m.externalId(),
                m.createdAt(),
                m.updatedAt());
    }

    private static List<Role> roles(Member m) {
        List<Role> out = new ArrayList<>();
        Source direct = new Source("direct_assignment", Map.of());
        out.add(new Role(Member.ROLE_MEMBER, List.of(direct)));
        for (String r : m.roles()) {
            if (!Member.ROLE_MEMBER.equals(r)) {
                out.add(new Role(r, List.of(direct)));
            }
        }
        return out;
    }
}
