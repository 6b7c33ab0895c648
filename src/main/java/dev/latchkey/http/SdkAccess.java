package dev.latchkey.http;

/**
 * What an SDK endpoint needs besides the public token. The public token is public, so anything that acts on a
 * member's account must be tied to that member by a session or an intermediate session.
 */
public enum SdkAccess {
    /** Public token only (primary authentication, strength check). A session in the header is passed along. */
    PUBLIC,
    /**
     * An intermediate session token in the body or a session in the header ({@code no_session_arguments}
     * otherwise): second factors, including enrolment, which a public token alone must not start for a member.
     */
    MFA_PROOF,
    /** A session in the header ({@code unauthorized_credentials} otherwise): calls on "the caller". */
    MEMBER,
    /**
     * No Authorization header: the project is the one the path's {@code {public_token}} names, and the call carries
     * no session (the SDK's bootstrap, its first call).
     */
    PATH_TOKEN
}
