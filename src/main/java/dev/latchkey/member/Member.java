package dev.latchkey.member;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A member of an organization (SPEC §2.2). Secrets (password hash) are not part of this record. {@code roles} holds the
 * explicitly assigned role ids only; every role the member holds, and why, is {@link MemberRoles#of}.
 */
public record Member(
        String id,
        String projectId,
        String organizationId,
        String email,
        boolean emailVerified,
        String emailId,
        String status,
        String name,
        ObjectNode trustedMetadata,
        ObjectNode untrustedMetadata,
        boolean breakglass,
        boolean mfaEnrolled,
        String mfaPhoneNumber,
        boolean mfaPhoneNumberVerified,
        String defaultMfaMethod,
        String totpRegistrationId,
        String passwordId,
        String externalId,
        List<String> roles,
        List<RetiredEmail> retiredEmails,
        Instant lockCreatedAt,
        Instant lockExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        List<OAuthRegistrationRef> oauthRegistrations,
        List<SsoRegistration> ssoRegistrations) {

    /** A member as written by member code, which never changes its OAuth registrations (the oauth package does). */
    public Member(
            String id,
            String projectId,
            String organizationId,
            String email,
            boolean emailVerified,
            String emailId,
            String status,
            String name,
            ObjectNode trustedMetadata,
            ObjectNode untrustedMetadata,
            boolean breakglass,
            boolean mfaEnrolled,
            String mfaPhoneNumber,
            boolean mfaPhoneNumberVerified,
            String defaultMfaMethod,
            String totpRegistrationId,
            String passwordId,
            String externalId,
            List<String> roles,
            List<RetiredEmail> retiredEmails,
            Instant lockCreatedAt,
            Instant lockExpiresAt,
            Instant createdAt,
            Instant updatedAt) {
        this(
                id,
                projectId,
                organizationId,
                email,
                emailVerified,
                emailId,
                status,
                name,
                trustedMetadata,
                untrustedMetadata,
                breakglass,
                mfaEnrolled,
                mfaPhoneNumber,
                mfaPhoneNumberVerified,
                defaultMfaMethod,
                totpRegistrationId,
                passwordId,
                externalId,
                roles,
                retiredEmails,
                lockCreatedAt,
                lockExpiresAt,
                createdAt,
                updatedAt,
                List.of(),
                List.of());
    }

    public static final String ACTIVE = "active";
    public static final String PENDING = "pending";
    public static final String INVITED = "invited";
    public static final String DELETED = "deleted";
    public static final String ROLE_MEMBER = "stytch_member";
    public static final String ROLE_ADMIN = "stytch_admin";

    public boolean isLocked(Instant now) {
        return lockExpiresAt != null && lockExpiresAt.isAfter(now);
    }

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    /** A copy with changed fields, built through {@link Builder} to keep call sites readable. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a member for building a changed one. */
    public static final class Builder {
        public String email;
        public boolean emailVerified;
        public String emailId;
        public String status;
        public String name;
        public ObjectNode trustedMetadata;
        public ObjectNode untrustedMetadata;
        public boolean breakglass;
        public boolean mfaEnrolled;
        public String mfaPhoneNumber;
        public boolean mfaPhoneNumberVerified;
        public String defaultMfaMethod;
        public String totpRegistrationId;
        public String passwordId;
        public String externalId;
        public List<String> roles;
        public List<RetiredEmail> retiredEmails;
        public Instant lockCreatedAt;
        public Instant lockExpiresAt;
        private final Member base;

        private Builder(Member m) {
            base = m;
            email = m.email;
            emailVerified = m.emailVerified;
            emailId = m.emailId;
            status = m.status;
            name = m.name;
            trustedMetadata = m.trustedMetadata;
            untrustedMetadata = m.untrustedMetadata;
            breakglass = m.breakglass;
            mfaEnrolled = m.mfaEnrolled;
            mfaPhoneNumber = m.mfaPhoneNumber;
            mfaPhoneNumberVerified = m.mfaPhoneNumberVerified;
            defaultMfaMethod = m.defaultMfaMethod;
            totpRegistrationId = m.totpRegistrationId;
            passwordId = m.passwordId;
            externalId = m.externalId;
            roles = m.roles;
            retiredEmails = m.retiredEmails;
            lockCreatedAt = m.lockCreatedAt;
            lockExpiresAt = m.lockExpiresAt;
        }

        public Member build(Instant updatedAt) {
            return new Member(
                    base.id,
                    base.projectId,
                    base.organizationId,
                    email,
                    emailVerified,
                    emailId,
                    status,
                    name,
                    trustedMetadata,
                    untrustedMetadata,
                    breakglass,
                    mfaEnrolled,
                    mfaPhoneNumber,
                    mfaPhoneNumberVerified,
                    defaultMfaMethod,
                    totpRegistrationId,
                    passwordId,
                    externalId,
                    List.copyOf(roles),
                    List.copyOf(retiredEmails),
                    lockCreatedAt,
                    lockExpiresAt,
                    base.createdAt,
                    updatedAt,
                    base.oauthRegistrations,
                    base.ssoRegistrations);
        }
    }
}
