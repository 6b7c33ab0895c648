package dev.latchkey.oidc;

/**
 * A provider misbehaved or refused, or what it sent does not verify. The OIDC layer sits below the features and picks
 * no wire error: SSO and OAuth map the {@link Failure} to their own {@code error_type}. The message says precisely
 * what went wrong and is safe to show to an administrator (it never carries a secret or a token).
 */
public final class OidcException extends RuntimeException {
    /** Which step failed. */
    public enum Failure {
        /** The discovery document could not be fetched or is not valid for the issuer. */
        DISCOVERY,
        /** The token endpoint refused the client's credentials ({@code invalid_client}, RFC 6749 §5.2). */
        INVALID_CLIENT,
        /** The token endpoint refused the code ({@code invalid_grant}: unknown, used, wrong redirect_uri or PKCE). */
        INVALID_GRANT,
        /** The token endpoint failed otherwise (unreachable, another error, an unreadable answer). */
        TOKEN_EXCHANGE,
        /** The ID token is not acceptable: signature, algorithm, issuer, audience, times or nonce. */
        INVALID_ID_TOKEN,
        /** The userinfo endpoint (or another provider API) failed or answered something unreadable. */
        USERINFO
    }

    private final Failure failure;

    public OidcException(Failure failure, String message) {
        this(failure, message, null);
    }

    public OidcException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
