package dev.latchkey.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ab", "acme", "Acme-Inc", "a.b_c~d-e", "0-9", "x-"})
    void slugWhenMadeOfAllowedCharactersThenAccepted(String slug) {
        assertThatCode(() -> OrganizationRules.slug(slug)).doesNotThrowAnyException();
    }

    @Test
    void slugWhen128CharactersThenAcceptedAnd129Rejected() {
        assertThatCode(() -> OrganizationRules.slug("s".repeat(128))).doesNotThrowAnyException();
        assertRejected(() -> OrganizationRules.slug("s".repeat(129)), ErrorType.INVALID_ORGANIZATION_SLUG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "---", "._~", "has space", "slash/slug", "ünï", "semi;colon", "a\u0000b"})
    void slugWhenTooShortOrWithoutAlnumOrWithOtherCharactersThenInvalidOrganizationSlug(String slug) {
        assertRejected(() -> OrganizationRules.slug(slug), ErrorType.INVALID_ORGANIZATION_SLUG);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Acme Inc|acme-inc",
                "  Spaces   Around  |spaces-around",
                "Défense & Co.|d-fense-co.",
                "UPPER_lower~tilde|upper_lower~tilde",
                "!!!|org",
                "X|org",
                "日本|org"
            })
    void slugFromNameWhenGivenANameThenAValidLowerCaseSlug(String name, String expected) {
        String slug = OrganizationRules.slugFromName(name);

        assertThat(slug).isEqualTo(expected);
        assertThatCode(() -> OrganizationRules.slug(slug)).doesNotThrowAnyException();
    }

    @Test
    void slugFromNameWhenNameIsLongThenSlugIsCutToLeaveRoomForASuffix() {
        String slug = OrganizationRules.slugFromName("n".repeat(128));

        assertThat(slug).hasSize(120);
        assertThatCode(() -> OrganizationRules.slug(slug + "-abcdef")).doesNotThrowAnyException();
    }

    @Test
    void nameWhenBlankOrTooLongThenInvalidOrganizationName() {
        assertThatCode(() -> OrganizationRules.name("n".repeat(128))).doesNotThrowAnyException();
        assertRejected(() -> OrganizationRules.name(null), ErrorType.INVALID_ORGANIZATION_NAME);
        assertRejected(() -> OrganizationRules.name("   "), ErrorType.INVALID_ORGANIZATION_NAME);
        assertRejected(() -> OrganizationRules.name("n".repeat(129)), ErrorType.INVALID_ORGANIZATION_NAME);
    }

    @Test
    void externalIdWhenOutsideItsAlphabetThenInvalidOrganizationExternalId() {
        assertThatCode(() -> OrganizationRules.externalId("crm.ACME_01-x|y")).doesNotThrowAnyException();
        assertRejected(() -> OrganizationRules.externalId("with space"), ErrorType.INVALID_ORGANIZATION_EXTERNAL_ID);
        assertRejected(() -> OrganizationRules.externalId("e".repeat(129)), ErrorType.INVALID_ORGANIZATION_EXTERNAL_ID);
    }

    @Test
    void logoUrlWhenLongerThan2048ThenTooLong() {
        assertThatCode(() -> OrganizationRules.logoUrl("u".repeat(2048))).doesNotThrowAnyException();
        assertRejected(() -> OrganizationRules.logoUrl("u".repeat(2049)), ErrorType.ORGANIZATION_LOGO_URL_TOO_LONG);
    }

    @Test
    void settingsWhenDefaultsThenValid() {
        assertThatCode(() -> OrganizationRules.settings(OrganizationSettings.defaults()))
                .doesNotThrowAnyException();
    }

    @Test
    void settingsWhenAllowedDomainsAreCompanyDomainsThenValid() {
        assertThatCode(() -> OrganizationRules.settings(withAllowedDomains("acme.com", "eu.acme.co.uk", "x-y.io")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"})
    void settingsWhenAllowedDomainIsCommonThenDomainTooCommon(String domain) {
        assertRejected(
                () -> OrganizationRules.settings(withAllowedDomains("acme.com", domain)),
                ErrorType.ORGANIZATION_SETTINGS_DOMAIN_TOO_COMMON);
    }

    @Test
    void settingsWhenAllowedDomainIsListedTwiceThenDuplicateDomain() {
        assertRejected(
                () -> OrganizationRules.settings(withAllowedDomains("acme.com", "acme.com")),
                ErrorType.ORGANIZATION_SETTINGS_DUPLICATE_DOMAIN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "acme", "acme.", ".acme.com", "ac me.com", "-acme.com", "acme-.com", "acme.c", "a@b.com"})
    void settingsWhenAllowedDomainIsNotADomainThenInvalidDomain(String domain) {
        assertRejected(
                () -> OrganizationRules.settings(withAllowedDomains(domain)),
                ErrorType.ORGANIZATION_SETTINGS_INVALID_DOMAIN);
    }

    @Test
    void settingsWhenClaimedDomainIsCommonOrDuplicateThenClaimedDomainErrors() {
        assertRejected(
                () -> OrganizationRules.settings(withClaimedDomains("gmail.com")),
                ErrorType.ORGANIZATION_SETTINGS_CLAIMED_DOMAIN_TOO_COMMON);
        assertRejected(
                () -> OrganizationRules.settings(withClaimedDomains("acme.com", "acme.com")),
                ErrorType.ORGANIZATION_SETTINGS_DUPLICATE_CLAIMED_DOMAIN);
        assertRejected(
                () -> OrganizationRules.settings(withClaimedDomains("not a domain")),
                ErrorType.ORGANIZATION_SETTINGS_INVALID_DOMAIN);
    }

    @Test
    void settingsWhenRestrictedWithoutAllowedMethodsThenRequiredForRestricted() {
        assertRejected(
                () -> OrganizationRules.settings(OrganizationSettings.defaults().with(changes("RESTRICTED", null))),
                ErrorType.ALLOWED_MFA_METHODS_REQUIRED_FOR_RESTRICTED);
        assertThatCode(() -> OrganizationRules.settings(
                        OrganizationSettings.defaults().with(changes("RESTRICTED", List.of("totp")))))
                .doesNotThrowAnyException();
        assertRejected(
                () -> OrganizationRules.settings(
                        OrganizationSettings.defaults().with(changes("RESTRICTED", List.of("email")))),
                ErrorType.INVALID_ORGANIZATION_ALLOWED_MFA_METHODS);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .isEqualTo(type));
    }

    private static OrganizationSettings withAllowedDomains(String... domains) {
        OrganizationSettings d = OrganizationSettings.defaults();
        return new OrganizationSettings(
                d.ssoDefaultConnectionId(),
                d.ssoJitProvisioning(),
                d.ssoJitProvisioningAllowedConnections(),
                List.of(domains),
                d.emailJitProvisioning(),
                d.emailInvites(),
                d.authMethods(),
                d.allowedAuthMethods(),
                d.mfaPolicy(),
                d.mfaMethods(),
                d.allowedMfaMethods(),
                d.rbacEmailImplicitRoleAssignments(),
                d.oauthTenantJitProvisioning(),
                d.allowedOauthTenants(),
                d.claimedEmailDomains(),
                d.firstPartyConnectedAppsAllowedType(),
                d.allowedFirstPartyConnectedApps(),
                d.thirdPartyConnectedAppsAllowedType(),
                d.allowedThirdPartyConnectedApps());
    }

    private static OrganizationSettings withClaimedDomains(String... domains) {
        OrganizationSettings d = OrganizationSettings.defaults();
        return new OrganizationSettings(
                d.ssoDefaultConnectionId(),
                d.ssoJitProvisioning(),
                d.ssoJitProvisioningAllowedConnections(),
                d.emailAllowedDomains(),
                d.emailJitProvisioning(),
                d.emailInvites(),
                d.authMethods(),
                d.allowedAuthMethods(),
                d.mfaPolicy(),
                d.mfaMethods(),
                d.allowedMfaMethods(),
                d.rbacEmailImplicitRoleAssignments(),
                d.oauthTenantJitProvisioning(),
                d.allowedOauthTenants(),
                List.of(domains),
                d.firstPartyConnectedAppsAllowedType(),
                d.allowedFirstPartyConnectedApps(),
                d.thirdPartyConnectedAppsAllowedType(),
                d.allowedThirdPartyConnectedApps());
    }

    private static OrganizationChanges changes(String mfaMethods, List<String> allowedMfaMethods) {
        return new OrganizationChanges(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                mfaMethods,
                allowedMfaMethods,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
