package dev.latchkey.session;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;

/**
 * Sessions from credentials issued outside Latchkey: {@code sessions/migrate} (an external identity provider's
 * session, resolved through the project's configured OIDC UserInfo endpoint), {@code sessions/exchange_access_token}
 * (a Connected Apps access token) and {@code sessions/attest} (a JWT checked against a Trusted Auth Token profile).
 * Latchkey has none of what these need yet — no UserInfo endpoint setting, no Connected Apps, no token profiles — so
 * each checks its request as Stytch would and then answers the error Stytch gives when that configuration or token
 * does not exist: never a session, and nothing is written. The choices are in docs/compatibility.md ("Sessions from
 * outside credentials").
 */
public final class ExternalSessions {
    private final Database db;
    private final OrganizationService organizations;

    public ExternalSessions(Database db, OrganizationService organizations) {
        this.db = db;
        this.organizations = organizations;
    }

    /**
     * {@code sessions/migrate}: raises {@code organization_not_found} for an unknown organization, then
     * {@code migrate_from_external_missing_userinfo} (400): the project has no UserInfo endpoint to look the external
     * session up at, so no member can be matched.
     */
    public void migrate(Project project, String externalSessionToken, String orgKey) {
        requireOrganization(project, orgKey);
        throw new ApiException(
                ErrorType.MIGRATE_FROM_EXTERNAL_MISSING_USERINFO,
                "This project has no external UserInfo endpoint configured, so the session cannot be migrated: Latchkey"
                        + " does not support sessions/migrate yet. Create the member's session with a Latchkey"
                        + " login, or import its password with passwords/migrate.");
    }

    /**
     * {@code sessions/exchange_access_token}: raises {@code oauth_access_token_exchange_token_invalid_grant} (400):
     * Latchkey issues no Connected Apps access tokens, so no token presented can be one of this project's.
     */
    public void exchangeAccessToken(Project project, String accessToken) {
        throw new ApiException(
                ErrorType.OAUTH_ACCESS_TOKEN_EXCHANGE_TOKEN_INVALID_GRANT,
                "The access token was not issued by this project: Latchkey does not issue Connected Apps access tokens.");
    }

    /**
     * {@code sessions/attest}: raises {@code too_many_session_arguments} for both a session token and a JWT,
     * {@code organization_not_found} for an unknown organization, then {@code trusted_token_profile_not_found} (404):
     * Latchkey has no way to register a Trusted Auth Token profile, so no {@code profile_id} names one.
     */
    public void attest(Project project, String profileId, String orgKey, SessionCredentials session) {
        if (session.isBoth()) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Give session_token or session_jwt, not both.");
        }
        if (orgKey != null) {
            requireOrganization(project, orgKey);
        }
        throw new ApiException(
                ErrorType.TRUSTED_TOKEN_PROFILE_NOT_FOUND,
                "No trusted auth token profile " + profileId
                        + " exists: Latchkey does not support trusted auth token profiles yet.");
    }

    private void requireOrganization(Project project, String orgKey) {
        db.withHandle(h -> organizations.require(h, project, orgKey));
    }
}
