package dev.latchkey.magiclink;

import java.time.Instant;

/** A magic link as stored: who it is for and what it does; the token itself exists only in the email. */
public record MagicLink(
        String id,
        String projectId,
        String organizationId,
        String memberId,
        String email,
        String kind,
        String codeChallenge,
        Instant expiresAt,
        Instant consumedAt) {

    public static final String LOGIN = "login";
    public static final String SIGNUP = "signup";
    public static final String INVITE = "invite";
    public static final String DISCOVERY = "discovery";
    /** The confirmation of a member's new address (start_email_update); its email is the new address. */
    public static final String EMAIL_UPDATE = "email_update";
}
