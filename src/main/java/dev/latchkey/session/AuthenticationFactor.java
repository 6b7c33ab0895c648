package dev.latchkey.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One factor a session (or an intermediate session) holds (SPEC §2.4): its type, how it was delivered, when,
 * and exactly one sub-object naming what was used. Serialised without null sub-objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthenticationFactor(
        String type,
        String deliveryMethod,
        Instant lastAuthenticatedAt,
        Instant createdAt,
        Instant updatedAt,
        String sequenceOrder,
        EmailFactor emailFactor,
        PhoneNumberFactor phoneNumberFactor,
        AuthenticatorAppFactor authenticatorAppFactor,
        RecoveryCodeFactor recoveryCodeFactor,
        OAuthFactor googleOauthFactor,
        OAuthFactor microsoftOauthFactor,
        OAuthFactor githubOauthFactor,
        OAuthFactor hubspotOauthFactor,
        OAuthFactor slackOauthFactor,
        SsoFactor samlSsoFactor,
        SsoFactor oidcSsoFactor) {

    public static final String PRIMARY = "PRIMARY";
    public static final String SECONDARY = "SECONDARY";

    /** {@code {email_id, email_address}} of email-based factors (and, by Latchkey's choice, of passwords). */
    public record EmailFactor(String emailId, String emailAddress) {}

    /** {@code {phone_id, phone_number}} of SMS one-time passcodes. */
    public record PhoneNumberFactor(String phoneId, String phoneNumber) {}

    /** {@code {totp_id}} of authenticator-app codes. */
    public record AuthenticatorAppFactor(String totpId) {}

    /** {@code {totp_recovery_code_id}} of recovery codes. */
    public record RecoveryCodeFactor(String totpRecoveryCodeId) {}

    /**
     * {@code {id, provider_id, external_id}} of an SSO login (SSO_OAUTH.md §1.4): the member's SSO registration, the
     * connection it came through, and the IdP's subject.
     */
    public record SsoFactor(String id, String providerId, String externalId) {}

    /**
     * {@code {id, provider_subject, email_id}} of an OAuth login ({@code google_oauth_factor}, ...): {@code id} is the
     * member's OAuth registration.
     */
    public record OAuthFactor(String id, String providerSubject, String emailId) {}

    /** The OAuth providers of B2B login, in the order of their factor fields. */
    private static final java.util.List<String> OAUTH_PROVIDERS =
            java.util.List.of("google", "microsoft", "github", "hubspot", "slack");

    /** A factor without an OAuth sub-object. */
    public AuthenticationFactor(
            String type,
            String deliveryMethod,
            Instant lastAuthenticatedAt,
            Instant createdAt,
            Instant updatedAt,
            String sequenceOrder,
            EmailFactor emailFactor,
            PhoneNumberFactor phoneNumberFactor,
            AuthenticatorAppFactor authenticatorAppFactor,
            RecoveryCodeFactor recoveryCodeFactor) {
        this(
                type,
                deliveryMethod,
                lastAuthenticatedAt,
                createdAt,
                updatedAt,
                sequenceOrder,
                emailFactor,
                phoneNumberFactor,
                authenticatorAppFactor,
                recoveryCodeFactor,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * An OAuth login with {@code provider} (google, microsoft, github, hubspot, slack). With a verified email it is a
     * primary factor of type {@code oauth}, delivered {@code oauth_<provider>}, carrying {@code <provider>_oauth_factor}.
     * With an unverified email (SSO_OAUTH.md §2.2) it is delivered {@code oauth_exchange_<provider>} with the email
     * factor only, and does not count as a primary factor: the member must still verify the address.
     */
    public static AuthenticationFactor oauth(
            String provider, boolean emailVerified, OAuthFactor factor, String email, Instant at) {
        int index = OAUTH_PROVIDERS.indexOf(provider);
        if (index < 0) {
            throw new IllegalArgumentException("not an OAuth provider: " + provider);
        }
        EmailFactor emailFactor = new EmailFactor(factor.emailId(), email);
        if (!emailVerified) {
            return new AuthenticationFactor(
                    "oauth", "oauth_exchange_" + provider, at, at, at, PRIMARY, emailFactor, null, null, null);
        }
        OAuthFactor[] slots = new OAuthFactor[OAUTH_PROVIDERS.size()];
        slots[index] = factor;
        return new AuthenticationFactor(
                "oauth",
                "oauth_" + provider,
                at,
                at,
                at,
                PRIMARY,
                null,
                null,
                null,
                null,
                slots[0],
                slots[1],
                slots[2],
                slots[3],
                slots[4],
                null,
                null);
    }

    /** The OAuth sub-object this factor carries, or null. */
    @JsonIgnore
    public OAuthFactor oauthFactor() {
        return java.util.stream.Stream.of(
                        googleOauthFactor,
                        microsoftOauthFactor,
                        githubOauthFactor,
                        hubspotOauthFactor,
                        slackOauthFactor)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * False for what does not satisfy a primary-factor requirement: second factors, and an OAuth login whose provider
     * did not verify the email (SSO_OAUTH.md §2.2).
     */
    @JsonIgnore
    public boolean countsAsPrimary() {
        return !isSecondary() && !deliveryMethod.startsWith("oauth_exchange_");
    }

    /** This factor, renamed to another member's email id (discovery carries a factor into an organization). */
    public AuthenticationFactor forEmail(String emailId, String email) {
        OAuthFactor o = oauthFactor();
        OAuthFactor renamed = o == null ? null : new OAuthFactor(o.id(), o.providerSubject(), emailId);
        return new AuthenticationFactor(
                type,
                deliveryMethod,
                lastAuthenticatedAt,
                createdAt,
                updatedAt,
                sequenceOrder,
                emailFactor == null ? null : new EmailFactor(emailId, email),
                null,
                null,
                null,
                googleOauthFactor == null ? null : renamed,
                microsoftOauthFactor == null ? null : renamed,
                githubOauthFactor == null ? null : renamed,
                hubspotOauthFactor == null ? null : renamed,
                slackOauthFactor == null ? null : renamed,
                samlSsoFactor,
                oidcSsoFactor);
    }

    public static AuthenticationFactor password(String emailId, String email, Instant at) {
        return new AuthenticationFactor(
                "password", "knowledge", at, at, at, PRIMARY, new EmailFactor(emailId, email), null, null, null);
    }

    public static AuthenticationFactor magicLink(String emailId, String email, Instant at) {
        return new AuthenticationFactor(
                "magic_link", "email", at, at, at, PRIMARY, new EmailFactor(emailId, email), null, null, null);
    }

    public static AuthenticationFactor emailOtp(String emailId, String email, Instant at) {
        return new AuthenticationFactor(
                "email_otp", "email", at, at, at, PRIMARY, new EmailFactor(emailId, email), null, null, null);
    }

    public static AuthenticationFactor smsOtp(String phoneId, String phone, Instant at) {
        return new AuthenticationFactor(
                "otp", "sms", at, at, at, SECONDARY, null, new PhoneNumberFactor(phoneId, phone), null, null);
    }

    public static AuthenticationFactor totp(String registrationId, Instant at) {
        return new AuthenticationFactor(
                "totp",
                "authenticator_app",
                at,
                at,
                at,
                SECONDARY,
                null,
                null,
                new AuthenticatorAppFactor(registrationId),
                null);
    }

    public static AuthenticationFactor recoveryCode(String codeId, Instant at) {
        return new AuthenticationFactor(
                "recovery_codes",
                "recovery_code",
                at,
                at,
                at,
                SECONDARY,
                null,
                null,
                null,
                new RecoveryCodeFactor(codeId));
    }

    /**
     * An SSO login through a SAML or OIDC connection: type {@code sso}, delivery {@code sso_saml} / {@code sso_oidc},
     * and the matching sub-object (SSO_OAUTH.md §1.4 rule 4).
     */
    public static AuthenticationFactor sso(boolean saml, SsoFactor sso, Instant at) {
        return new AuthenticationFactor(
                "sso",
                saml ? "sso_saml" : "sso_oidc",
                at,
                at,
                at,
                PRIMARY,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                saml ? sso : null,
                saml ? null : sso);
    }

    /** The connection of an SSO factor, or null for any other factor. */
    @JsonIgnore
    public String ssoConnectionId() {
        SsoFactor f = samlSsoFactor != null ? samlSsoFactor : oidcSsoFactor;
        return f == null ? null : f.providerId();
    }

    /** True for the second factors of MFA: SMS OTP, TOTP, recovery codes. */
    @JsonIgnore
    public boolean isSecondary() {
        return type.equals("otp") || type.equals("totp") || type.equals("recovery_codes");
    }

    /** The organization auth method this primary factor counts as ({@code allowed_auth_methods} values). */
    public String authMethod() {
        return switch (type) {
            case "magic_link" -> "magic_link";
            case "email_otp" -> "email_otp";
            case "password" -> "password";
            // oauth_google counts as google_oauth (SSO_OAUTH.md §2.1)
            case "oauth" -> deliveryMethod.substring(deliveryMethod.lastIndexOf('_') + 1) + "_oauth";
            default -> type;
        };
    }

    /**
     * Email-verifying factors may move between organizations (SPEC §3.2 factor portability), and so may an OAuth
     * login whose provider verified the email (SSO_OAUTH.md §2.2: an OAuth IST can go to discovery).
     */
    @JsonIgnore
    public boolean isTransferable() {
        return type.equals("magic_link") || type.equals("email_otp") || (type.equals("oauth") && countsAsPrimary());
    }

    /** Same kind of factor used again: the sub-object identifies it. */
    boolean sameAs(AuthenticationFactor o) {
        return type.equals(o.type)
                && deliveryMethod.equals(o.deliveryMethod)
                && java.util.Objects.equals(emailFactor, o.emailFactor)
                && java.util.Objects.equals(phoneNumberFactor, o.phoneNumberFactor)
                && java.util.Objects.equals(authenticatorAppFactor, o.authenticatorAppFactor)
                && java.util.Objects.equals(oauthFactor(), o.oauthFactor())
                && java.util.Objects.equals(samlSsoFactor, o.samlSsoFactor)
                && java.util.Objects.equals(oidcSsoFactor, o.oidcSsoFactor);
    }

    /** This factor authenticated again at {@code at}, keeping when it was first used. */
    AuthenticationFactor renewedAt(Instant at) {
        return new AuthenticationFactor(
                type,
                deliveryMethod,
                at,
                createdAt,
                at,
                sequenceOrder,
                emailFactor,
                phoneNumberFactor,
                authenticatorAppFactor,
                recoveryCodeFactor,
                googleOauthFactor,
                microsoftOauthFactor,
                githubOauthFactor,
                hubspotOauthFactor,
                slackOauthFactor,
                samlSsoFactor,
                oidcSsoFactor);
    }
}
