package dev.latchkey.member;

import dev.latchkey.organization.Organization;

/** A member together with its organization, as most member responses carry both. */
public record OrgMember(Organization organization, Member member) {}
