package dev.latchkey.sso.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.NewMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.organization.OrganizationSettings;
import dev.latchkey.project.Project;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Turns a validated SSO identity into a member of the connection's organization (SSO_OAUTH.md §1.5, §1.6): the member
 * registered at the connection under the IdP's subject, else the member with the address, else a new member when the
 * organization's {@code sso_jit_provisioning} lets this connection create one. The mapped custom attributes are
 * merged into trusted_metadata, and the registration records this login's attributes and groups.
 */
final class SsoProvisioning {
    private final MemberService members;
    private final SsoRegistrationStore registrations;
    private final Clock clock;

    SsoProvisioning(MemberService members, SsoRegistrationStore registrations, Clock clock) {
        this.members = members;
        this.registrations = registrations;
        this.clock = clock;
    }

    /** The member an SSO login resolved to, whether it was created by this login, and its registration. */
    record Provisioned(Member member, boolean created, String registrationId) {}

    /**
     * Resolves (or creates) the member, inside the caller's transaction. A pending or invited member becomes active
     * with a verified address: the organization's own IdP vouches for it. Raises
     * {@code invalid_connection_for_jit_provisioning}.
     */
    Provisioned provision(Handle h, Project project, Organization org, String connectionId, SsoIdentity id) {
        Member member = registrations
                .memberOf(h, project.id(), connectionId, id.externalId())
                .flatMap(memberId -> existing(h, project, org, memberId))
                .orElseGet(() -> members.findByEmail(h, project, org, id.email()));
        boolean created = false;
        if (member == null) {
            requireJit(org, connectionId);
            member = members.create(
                    h,
                    project,
                    org,
                    new NewMember(
                            id.email(), id.name(), id.custom(), null, false, false, null, false, List.of(), null));
            created = true;
        }
        member = members.verifyEmail(h, member);
        member = withAttributes(h, member, id);
        // The subject may have belonged to a member deleted since: it moves to this one.
        registrations.release(h, project.id(), connectionId, id.externalId(), member.id());
        String registrationId = registrations.upsert(
                h,
                project.newId("sso-registration"),
                project.id(),
                org.id(),
                member.id(),
                connectionId,
                id.externalId(),
                id.raw(),
                id.groups(),
                now());
        return new Provisioned(member, created, registrationId);
    }

    private java.util.Optional<Member> existing(Handle h, Project project, Organization org, String memberId) {
        try {
            return java.util.Optional.of(members.requireIn(h, project, org, memberId));
        } catch (ApiException gone) {
            return java.util.Optional.empty(); // deleted since it registered: matched by address, or provisioned anew
        }
    }

    /** §1.5: ALL_ALLOWED (the default) creates through any connection, RESTRICTED through the listed ones. */
    private static void requireJit(Organization org, String connectionId) {
        OrganizationSettings s = org.settings();
        String jit = s.ssoJitProvisioning() == null ? OrganizationSettings.ALL_ALLOWED : s.ssoJitProvisioning();
        boolean allowed = OrganizationSettings.ALL_ALLOWED.equals(jit)
                || (OrganizationSettings.RESTRICTED.equals(jit)
                        && s.ssoJitProvisioningAllowedConnections().contains(connectionId));
        if (!allowed) {
            throw new ApiException(
                    ErrorType.INVALID_CONNECTION_FOR_JIT_PROVISIONING,
                    "This organization does not let new members join through this SSO connection.");
        }
    }

    /**
     * §1.6: custom attributes are merged into trusted_metadata on every login (values the IdP stops sending stay); a
     * member without a name takes the mapped one. Raises {@code metadata_too_large} past the API's 4 KB.
     */
    private Member withAttributes(Handle h, Member member, SsoIdentity id) {
        ObjectNode merged = member.trustedMetadata().deepCopy();
        merged.setAll(id.custom().deepCopy());
        if (merged.toString().getBytes(StandardCharsets.UTF_8).length > OrganizationRequests.MAX_METADATA_BYTES) {
            // The API's own limit on trusted_metadata holds for what an IdP's attributes put there.
            throw new ApiException(
                    ErrorType.METADATA_TOO_LARGE,
                    "The connection's custom attributes would make trusted_metadata larger than 4 KB of JSON.");
        }
        boolean rename = member.name().isEmpty() && !id.name().isEmpty();
        if (merged.equals(member.trustedMetadata()) && !rename) {
            return member;
        }
        Member.Builder b = members.lock(h, member).toBuilder();
        b.trustedMetadata = merged;
        if (rename) {
            b.name = id.name();
        }
        return members.save(h, b.build(now()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
