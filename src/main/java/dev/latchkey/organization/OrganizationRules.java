package dev.latchkey.organization;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of organization fields and settings, with the error types SPEC §6 names. */
final class OrganizationRules {
    static final Set<String> AUTH_METHODS = Set.of(
            "sso",
            "magic_link",
            "email_otp",
            "password",
            "google_oauth",
            "microsoft_oauth",
            "slack_oauth",
            "github_oauth",
            "hubspot_oauth");
    static final Set<String> MFA_METHODS = Set.of("sms_otp", "totp");

    private static final Set<String> ALLOWANCE =
            Set.of(OrganizationSettings.ALL_ALLOWED, OrganizationSettings.RESTRICTED, OrganizationSettings.NOT_ALLOWED);
    private static final Set<String> RESTRICTABLE =
            Set.of(OrganizationSettings.ALL_ALLOWED, OrganizationSettings.RESTRICTED);
    private static final Set<String> JIT = Set.of(OrganizationSettings.RESTRICTED, OrganizationSettings.NOT_ALLOWED);
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9\\-._~]{2,128}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9._\\-|]{1,128}");
    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final int MAX_LOGO_URL = 2048;

    private OrganizationRules() {}

    static void name(String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_NAME, "organization_name must be 1 to 128 characters.");
        }
    }

    static void slug(String slug) {
        if (!SLUG.matcher(slug).matches() || slug.chars().noneMatch(Character::isLetterOrDigit)) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_SLUG,
                    "organization_slug must be 2 to 128 characters of A-Z a-z 0-9 - . _ ~, with at least one letter or digit.");
        }
    }

    static void externalId(String externalId) {
        if (!EXTERNAL_ID.matcher(externalId).matches()) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_EXTERNAL_ID,
                    "organization_external_id must be 1 to 128 characters of A-Z a-z 0-9 . _ - |.");
        }
    }

    static void logoUrl(String url) {
        if (url.length() > MAX_LOGO_URL) {
            throw new ApiException(
                    ErrorType.ORGANIZATION_LOGO_URL_TOO_LONG, "organization_logo_url must be at most 2048 characters.");
        }
    }

    /** A slug made from a name when none is given: lower case, other characters folded to '-'. */
    static String slugFromName(String name) {
        String slug = name.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9\\-._~]+", "-")
                .replaceAll("-{2,}", "-")
                .replaceAll("^-|-$", "");
        if (slug.length() > 120) {
            slug = slug.substring(0, 120);
        }
        return slug.length() < 2 || slug.chars().noneMatch(Character::isLetterOrDigit) ? "org" : slug;
    }

    static void settings(OrganizationSettings s) {
        oneOf("sso_jit_provisioning", s.ssoJitProvisioning(), ALLOWANCE, ErrorType.INVALID_REQUEST_VALUE);
        oneOf("email_jit_provisioning", s.emailJitProvisioning(), JIT, ErrorType.INVALID_REQUEST_VALUE);
        oneOf("email_invites", s.emailInvites(), ALLOWANCE, ErrorType.INVALID_REQUEST_VALUE);
        oneOf("auth_methods", s.authMethods(), RESTRICTABLE, ErrorType.INVALID_ORGANIZATION_AUTH_METHOD_SETTINGS);
        oneOf(
                "mfa_policy",
                s.mfaPolicy(),
                Set.of(OrganizationSettings.OPTIONAL, OrganizationSettings.REQUIRED_FOR_ALL),
                ErrorType.INVALID_ORGANIZATION_MFA_POLICY);
        oneOf("mfa_methods", s.mfaMethods(), RESTRICTABLE, ErrorType.INVALID_ORGANIZATION_MFA_FACTOR_SETTING);
        oneOf("oauth_tenant_jit_provisioning", s.oauthTenantJitProvisioning(), JIT, ErrorType.INVALID_REQUEST_VALUE);
        oneOf(
                "first_party_connected_apps_allowed_type",
                s.firstPartyConnectedAppsAllowedType(),
                ALLOWANCE,
                ErrorType.INVALID_REQUEST_VALUE);
        oneOf(
                "third_party_connected_apps_allowed_type",
                s.thirdPartyConnectedAppsAllowedType(),
                ALLOWANCE,
                ErrorType.INVALID_REQUEST_VALUE);
        for (String m : s.allowedAuthMethods()) {
            oneOf("allowed_auth_methods", m, AUTH_METHODS, ErrorType.INVALID_ORGANIZATION_ALLOWED_AUTH_METHODS);
        }
        for (String m : s.allowedMfaMethods()) {
            oneOf("allowed_mfa_methods", m, MFA_METHODS, ErrorType.INVALID_ORGANIZATION_ALLOWED_MFA_METHODS);
        }
        if (OrganizationSettings.RESTRICTED.equals(s.authMethods())
                && s.allowedAuthMethods().isEmpty()) {
            throw new ApiException(
                    ErrorType.ALLOWED_AUTH_METHODS_REQUIRED_FOR_RESTRICTED,
                    "allowed_auth_methods must not be empty when auth_methods is RESTRICTED.");
        }
        if (OrganizationSettings.RESTRICTED.equals(s.mfaMethods())
                && s.allowedMfaMethods().isEmpty()) {
            throw new ApiException(
                    ErrorType.ALLOWED_MFA_METHODS_REQUIRED_FOR_RESTRICTED,
                    "allowed_mfa_methods must not be empty when mfa_methods is RESTRICTED.");
        }
        domains(
                s.emailAllowedDomains(),
                ErrorType.ORGANIZATION_SETTINGS_DOMAIN_TOO_COMMON,
                ErrorType.ORGANIZATION_SETTINGS_DUPLICATE_DOMAIN);
        domains(
                s.claimedEmailDomains(),
                ErrorType.ORGANIZATION_SETTINGS_CLAIMED_DOMAIN_TOO_COMMON,
                ErrorType.ORGANIZATION_SETTINGS_DUPLICATE_CLAIMED_DOMAIN);
        for (EmailImplicitRoleAssignment a : s.rbacEmailImplicitRoleAssignments()) {
            domains(
                    List.of(a.domain()),
                    ErrorType.ORGANIZATION_SETTINGS_DOMAIN_TOO_COMMON,
                    ErrorType.ORGANIZATION_SETTINGS_DUPLICATE_DOMAIN);
        }
    }

    /**
     * SSO JIT provisioning, email JIT provisioning and email invites cannot all be NOT_ALLOWED (SSO_OAUTH.md §1.5):
     * no new member could ever join. Checked when a request sets one of them, so that organizations stored before
     * the rule keep working.
     */
    static void someoneMayJoin(OrganizationChanges c, OrganizationSettings s) {
        boolean setsOne =
                c.ssoJitProvisioning() != null || c.emailJitProvisioning() != null || c.emailInvites() != null;
        if (setsOne
                && OrganizationSettings.NOT_ALLOWED.equals(s.ssoJitProvisioning())
                && OrganizationSettings.NOT_ALLOWED.equals(s.emailJitProvisioning())
                && OrganizationSettings.NOT_ALLOWED.equals(s.emailInvites())) {
            throw new ApiException(
                    ErrorType.INVALID_REQUEST_VALUE,
                    "sso_jit_provisioning, email_jit_provisioning and email_invites cannot all be NOT_ALLOWED.");
        }
    }

    private static void domains(List<String> domains, ErrorType tooCommon, ErrorType duplicate) {
        Set<String> seen = new HashSet<>();
        for (String d : domains) {
            if (d == null || !DOMAIN.matcher(d).matches()) {
                throw new ApiException(
                        ErrorType.ORGANIZATION_SETTINGS_INVALID_DOMAIN, "'" + d + "' is not a valid domain.");
            }
            if (CommonEmailDomains.isCommon(d)) {
                throw new ApiException(tooCommon, "'" + d + "' is a common email domain and cannot be used here.");
            }
            if (!seen.add(d)) {
                throw new ApiException(duplicate, "'" + d + "' is listed twice.");
            }
        }
    }

    private static void oneOf(String field, String value, Set<String> allowed, ErrorType error) {
        if (!allowed.contains(value)) {
            throw new ApiException(
                    error, field + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
        }
    }
}
