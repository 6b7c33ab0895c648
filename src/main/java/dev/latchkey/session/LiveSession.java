package dev.latchkey.session;

import dev.latchkey.member.Member;
import dev.latchkey.organization.Organization;

/** A live member session with its member and organization, as a call that acts as that member sees it. */
public record LiveSession(MemberSession session, Organization organization, Member member) {}
