package dev.latchkey.discovery;

import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.MfaRequired;
import dev.latchkey.mfa.PrimaryRequired;
import dev.latchkey.organization.OrganizationJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire shapes of discovery (SPEC §2.6, §4.7). */
public final class DiscoveryJson {
    private DiscoveryJson() {}

    /** {@code {member_authenticated, organization, membership, primary_required, mfa_required}}. */
    public record Discovered(
            boolean memberAuthenticated,
            OrganizationJson organization,
            Membership membership,
            PrimaryRequired primaryRequired,
            MfaRequired mfaRequired) {}

    /** {@code {type, details, member}}. */
    public record Membership(String type, Map<String, String> details, MemberJson member) {}

    /** The answer of the discovery authenticate endpoints. */
    public record AuthenticateResponse(
            String intermediateSessionToken,
            String emailAddress,
            List<Discovered> discoveredOrganizations,
            Instant intermediateSessionTokenExpiresAt) {}

    public static List<Discovered> of(List<DiscoveredOrganization> orgs, Instant now) {
        return orgs.stream()
                .map(d -> new Discovered(
                        d.memberAuthenticated(),
                        OrganizationJson.of(d.organization()),
                        new Membership(
                                d.membershipType(),
                                d.details(),
                                d.member() == null ? null : MemberJson.of(d.member(), d.organization(), now)),
                        d.primaryRequired(),
                        d.mfaRequired()))
                .toList();
    }

    public static AuthenticateResponse of(DiscoveryResult r, Instant now) {
        return new AuthenticateResponse(
                r.intermediateSession().token(),
                r.email(),
                of(r.organizations(), now),
                r.intermediateSession().session().expiresAt());
    }
}
