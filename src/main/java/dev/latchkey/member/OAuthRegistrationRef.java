package dev.latchkey.member;

/**
 * One of a member's {@code oauth_registrations} (SSO_OAUTH.md §2.2): which provider identity is linked. Written by the
 * oauth package (its tokens stay there, sealed); read with the member.
 */
public record OAuthRegistrationRef(
        String providerType,
        String providerSubject,
        String memberOauthRegistrationId,
        String profilePictureUrl,
        String locale) {}
