package dev.latchkey.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.oidc.OidcEndpoints;
import dev.latchkey.oidc.OidcException;
import dev.latchkey.oidc.OidcTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns what a provider sent into an {@link OAuthIdentity}, with each provider's rules: OpenID Connect providers by
 * their verified ID token, GitHub by its user API, HubSpot by its token-information API. Which emails count as verified
 * is SSO_OAUTH.md §2.2: HubSpot, Slack and GitHub never; Google only with {@code email_verified} and a Workspace
 * {@code hd}; Microsoft only with {@code xms_edov} (the tenant verified the email's domain).
 */
final class ProviderIdentities {
    static final String SLACK_TEAM_CLAIM = "https://slack.com/team_id";

    private final OidcClient oidc;

    ProviderIdentities(OidcClient oidc) {
        this.oidc = oidc;
    }

    /** Raises {@code oauth_flow_callback_error} when the ID token or the user API is not acceptable. */
    OAuthIdentity identify(OAuthProviderConfig config, OidcEndpoints e, OidcTokens tokens, String nonce) {
        try {
            if (e.issuer() != null) {
                return fromIdToken(
                        config.provider(), oidc.verifyIdToken(e, config.clientId(), tokens.idToken(), nonce), tokens);
            }
            return switch (config.provider()) {
                case HUBSPOT -> hubspot(e, tokens);
                default -> github(config.provider(), e, tokens);
            };
        } catch (OidcException ex) {
            throw new ApiException(ErrorType.OAUTH_FLOW_CALLBACK_ERROR, ex.getMessage());
        }
    }

    private static OAuthIdentity fromIdToken(OAuthProvider provider, JWTClaimsSet c, OidcTokens tokens) {
        String email = string(c.getClaim("email"));
        if (email == null && provider == OAuthProvider.MICROSOFT) {
            email = string(c.getClaim("preferred_username"));
        }
        String hd = string(c.getClaim("hd"));
        String tid = string(c.getClaim("tid"));
        boolean verified =
                switch (provider) {
                    case GOOGLE -> Boolean.TRUE.equals(c.getClaim("email_verified")) && hd != null;
                    case MICROSOFT -> isTrue(c.getClaim("xms_edov"));
                    default -> false;
                };
        List<String> tenants = new ArrayList<>();
        switch (provider) {
            case GOOGLE -> addIfPresent(tenants, hd);
            case MICROSOFT -> addIfPresent(tenants, tid);
            case SLACK -> addIfPresent(tenants, string(c.getClaim(SLACK_TEAM_CLAIM)));
            default -> {}
        }
        String name = string(c.getClaim("name"));
        if (name == null) {
            name = (orEmpty(string(c.getClaim("given_name"))) + " " + orEmpty(string(c.getClaim("family_name"))))
                    .trim();
        }
        return new OAuthIdentity(
                provider,
                c.getSubject(),
                requireEmail(email),
                verified,
                name,
                string(c.getClaim("picture")),
                string(c.getClaim("locale")),
                tenants,
                tokens);
    }

    /** GitHub (and any plain provider with a GitHub-like user API): {@code /user}, {@code /user/emails}, {@code /user/orgs}. */
    private OAuthIdentity github(OAuthProvider provider, OidcEndpoints e, OidcTokens tokens) {
        Map<String, Object> user = oidc.userinfo(e, tokens.accessToken());
        Object id = user.get("id");
        if (id == null) {
            throw new OidcException(OidcException.Failure.USERINFO, "the user API answered no id");
        }
        String email = string(user.get("email"));
        if (email == null && oidc.fetchJson(e.userinfoUrl() + "/emails", tokens.accessToken()) instanceof List<?> l) {
            email = l.stream()
                    .filter(m -> m instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("primary")))
                    .map(m -> string(((Map<?, ?>) m).get("email")))
                    .findFirst()
                    .orElse(null);
        }
        List<String> orgs = new ArrayList<>();
        try {
            if (oidc.fetchJson(e.userinfoUrl() + "/orgs", tokens.accessToken()) instanceof List<?> l) {
                l.forEach(o -> {
                    if (o instanceof Map<?, ?> m) {
                        addIfPresent(orgs, string(m.get("login")));
                    }
                });
            }
        } catch (OidcException noOrgs) {
            // Without read:org the list is unavailable: the user simply has no tenant for JIT.
        }
        String name = string(user.get("name"));
        return new OAuthIdentity(
                provider,
                id instanceof Number n ? Long.toString(n.longValue()) : id.toString(),
                requireEmail(email),
                false,
                name == null ? orEmpty(string(user.get("login"))) : name,
                string(user.get("avatar_url")),
                null,
                orgs,
                tokens);
    }

    /** HubSpot: {@code GET /oauth/v1/access-tokens/<token>} gives {user, user_id, hub_id}. */
    private OAuthIdentity hubspot(OidcEndpoints e, OidcTokens tokens) {
        Object info = oidc.fetchJson(e.userinfoUrl() + tokens.accessToken(), tokens.accessToken());
        if (!(info instanceof Map<?, ?> m) || m.get("user_id") == null) {
            throw new OidcException(OidcException.Failure.USERINFO, "HubSpot's token information has no user_id");
        }
        List<String> hubs = new ArrayList<>();
        if (m.get("hub_id") != null) {
            hubs.add(String.valueOf(m.get("hub_id") instanceof Number n ? n.longValue() : m.get("hub_id")));
        }
        String email = string(m.get("user"));
        return new OAuthIdentity(
                OAuthProvider.HUBSPOT,
                String.valueOf(m.get("user_id") instanceof Number n ? n.longValue() : m.get("user_id")),
                requireEmail(email),
                false,
                "",
                null,
                null,
                hubs,
                tokens);
    }

    private static String requireEmail(String email) {
        if (email == null || !email.contains("@")) {
            throw new ApiException(ErrorType.OAUTH_FLOW_CALLBACK_ERROR, "The provider gave no email address.");
        }
        return EmailAddresses.normalize(email);
    }

    private static boolean isTrue(Object claim) {
        return Boolean.TRUE.equals(claim) || "1".equals(claim) || "true".equals(claim);
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String string(Object claim) {
        return claim instanceof String s && !s.isEmpty() ? s : null;
    }
}
