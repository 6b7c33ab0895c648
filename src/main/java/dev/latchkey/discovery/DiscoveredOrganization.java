package dev.latchkey.discovery;

import dev.latchkey.member.Member;
import dev.latchkey.mfa.MfaRequired;
import dev.latchkey.mfa.PrimaryRequired;
import dev.latchkey.organization.Organization;

/**
 * An organization an email address may enter (SPEC §2.6): by membership ({@code active_member},
 * {@code pending_member}, {@code invited_member}) or because its domain may join
 * ({@code eligible_to_join_by_email_domain}, {@code member} null), and what entering it would still need.
 */
public record DiscoveredOrganization(
        Organization organization,
        String membershipType,
        String domain,
        Member member,
        boolean memberAuthenticated,
        PrimaryRequired primaryRequired,
        MfaRequired mfaRequired) {}
