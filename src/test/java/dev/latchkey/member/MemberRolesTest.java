package dev.latchkey.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.latchkey.member.MemberRoles.Held;
import dev.latchkey.member.MemberRoles.Source;
import dev.latchkey.organization.EmailImplicitRoleAssignment;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The roles a member holds and why (RBAC_SCIM_M2M.md §1.6, §1.7), without HTTP. */
class MemberRolesTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Source DIRECT = new Source("direct_assignment", Map.of());

    static Member member(String email, List<String> roles) {
        return new Member(
                "member-test-1",
                "project-test-1",
                "organization-test-1",
                email,
                true,
                "email-test-1",
                Member.ACTIVE,
                "",
                JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(),
                false,
                false,
                "",
                false,
                "",
                "",
                "",
                null,
                roles,
                List.of(),
                null,
                null,
                NOW,
                NOW);
    }

    static Organization organization(EmailImplicitRoleAssignment... assignments) {
        OrganizationSettings settings = OrganizationSettings.defaults();
        settings = new OrganizationSettings(
                settings.ssoDefaultConnectionId(),
                settings.ssoJitProvisioning(),
                settings.ssoJitProvisioningAllowedConnections(),
                settings.emailAllowedDomains(),
                settings.emailJitProvisioning(),
                settings.emailInvites(),
                settings.authMethods(),
                settings.allowedAuthMethods(),
                settings.mfaPolicy(),
                settings.mfaMethods(),
                settings.allowedMfaMethods(),
                List.of(assignments),
                settings.oauthTenantJitProvisioning(),
                settings.allowedOauthTenants(),
                settings.claimedEmailDomains(),
                settings.firstPartyConnectedAppsAllowedType(),
                settings.allowedFirstPartyConnectedApps(),
                settings.thirdPartyConnectedAppsAllowedType(),
                settings.allowedThirdPartyConnectedApps());
        return new Organization(
                "organization-test-1",
                "project-test-1",
                "Org",
                "org",
                "",
                null,
                JsonNodeFactory.instance.objectNode(),
                settings,
                NOW,
                NOW,
                List.of());
    }

    @Test
    void memberWithoutRolesHoldsStytchMemberOnly() {
        Member m = member("ann@example.com", List.of());
        Organization org = organization();

        assertThat(MemberRoles.of(m, org)).containsExactly(new Held("stytch_member", List.of(DIRECT)));
        assertThat(MemberRoles.forSession(m, org)).containsExactly("stytch_member");
        assertThat(MemberRoles.isAdmin(m, org)).isFalse();
    }

    @Test
    void roleHeldExplicitlyAndByDomainIsListedOnceWithBothSourcesAndMatchesOnlyItsDomain() {
        Organization org = organization(
                new EmailImplicitRoleAssignment("acme-corp.com", "stytch_admin"),
                new EmailImplicitRoleAssignment("acme-corp.com", "viewer"),
                new EmailImplicitRoleAssignment("other.com", "billing"));
        Member m = member("ann@acme-corp.com", List.of("stytch_admin", "editor"));
        Source byDomain = new Source("email_assignment", Map.of("email_domain", "acme-corp.com"));

        assertThat(MemberRoles.of(m, org))
                .containsExactly(
                        new Held("stytch_member", List.of(DIRECT)),
                        new Held("stytch_admin", List.of(DIRECT, byDomain)),
                        new Held("editor", List.of(DIRECT)),
                        new Held("viewer", List.of(byDomain)));
        assertThat(MemberRoles.forSession(m, org)).containsExactly("stytch_member", "stytch_admin", "editor", "viewer");
        assertThat(MemberRoles.isAdmin(m, org)).isTrue();
    }

    @Test
    void subdomainDoesNotMatchAnAssignmentsDomain() {
        Organization org = organization(new EmailImplicitRoleAssignment("acme-corp.com", "stytch_admin"));

        assertThat(MemberRoles.isAdmin(member("eve@evil.acme-corp.com", List.of()), org))
                .isFalse();
        assertThat(MemberRoles.isAdmin(member("eve@acme-corp.com.evil.com", List.of()), org))
                .isFalse();
    }
}
