package dev.latchkey.oidc;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import dev.latchkey.http.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The relying-party side of OpenID Connect and OAuth 2.0, shared by SSO (OIDC connections) and OAuth (Google,
 * Microsoft, GitHub, HubSpot, Slack): discovery, the authorization URL, the code exchange with
 * {@code client_secret_basic} and PKCE, ID token verification and userinfo. Built on Nimbus oauth2-oidc-sdk; one
 * instance serves the whole server (it caches each provider's JWK set). Every failure is an {@link OidcException}
 * naming the step, which the feature maps to its own error type.
 */
public final class OidcClient {
    /** Parameters the caller's {@code provider_*} extras may not override: they carry the flow's security. */
    private static final Set<String> RESERVED_PARAMETERS = Set.of(
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "request",
            "request_uri");

    private final BoundedSender sender;
    private final IdTokenVerifier idTokens;

    /** A client with 5 s to connect and 10 s to read from a provider. */
    public OidcClient(Clock clock) {
        this(clock, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public OidcClient(Clock clock, Duration connectTimeout, Duration readTimeout) {
        this.sender = new BoundedSender(new OutboundHttp(connectTimeout), readTimeout);
        this.idTokens = new IdTokenVerifier(
                clock, Math.toIntExact(connectTimeout.toMillis()), Math.toIntExact(readTimeout.toMillis()));
    }

    /**
     * Reads {@code <issuer>/.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §4). The document's
     * {@code issuer} must be the one asked for (§4.3), except that Microsoft's multi-tenant documents
     * ({@code /common/v2.0}, {@code /organizations/v2.0}) name a {@code {tenantid}} template, which is kept.
     *
     * @throws OidcException {@link OidcException.Failure#DISCOVERY} when the document is unreachable or unusable
     */
    public OidcEndpoints discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI url = uri(base + "/.well-known/openid-configuration", OidcException.Failure.DISCOVERY);
        Map<String, Object> doc;
        try {
            HTTPResponse response = send(new HTTPRequest(HTTPRequest.Method.GET, url));
            if (response.getStatusCode() != 200) {
                throw new OidcException(
                        OidcException.Failure.DISCOVERY,
                        "the discovery document at " + url + " answered HTTP " + response.getStatusCode());
            }
            doc = JSONObjectUtils.parse(response.getBody());
        } catch (IOException | java.text.ParseException e) {
            throw new OidcException(
                    OidcException.Failure.DISCOVERY,
                    "could not read the discovery document at " + url + ": " + e.getMessage(),
                    e);
        }
        String declared = string(doc, "issuer");
        if (declared == null || !sameIssuer(base, declared)) {
            throw new OidcException(
                    OidcException.Failure.DISCOVERY,
                    "the discovery document at " + url + " names issuer '" + declared + "', not '" + base + "'");
        }
        String authorization = string(doc, "authorization_endpoint");
        String token = string(doc, "token_endpoint");
        String jwks = string(doc, "jwks_uri");
        if (authorization == null || token == null || jwks == null) {
            throw new OidcException(
                    OidcException.Failure.DISCOVERY,
                    "the discovery document at " + url + " lacks authorization_endpoint, token_endpoint or jwks_uri");
        }
        return new OidcEndpoints(declared, authorization, token, string(doc, "userinfo_endpoint"), jwks);
    }

    /**
     * The URL to send the browser to (RFC 6749 §4.1.1, OIDC Core §3.1.2.1), with PKCE S256 (RFC 7636 §4.3).
     * {@code extraParams} are added as they are, except the ones that carry the flow's security (state, nonce, PKCE,
     * client and redirect), which are silently left out.
     */
    public URI authorizationUrl(
            OidcEndpoints e,
            String clientId,
            String redirectUri,
            String scopes,
            String state,
            String nonce,
            String codeChallengeS256,
            Map<String, String> extraParams) {
        var builder = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
                .endpointURI(uri(e.authorizationUrl(), OidcException.Failure.DISCOVERY))
                .redirectionURI(URI.create(redirectUri))
                .scope(Scope.parse(scopes))
                .state(new State(state));
        if (codeChallengeS256 != null) {
            try {
                builder.codeChallenge(CodeChallenge.parse(codeChallengeS256), CodeChallengeMethod.S256);
            } catch (com.nimbusds.oauth2.sdk.ParseException ex) {
                throw new IllegalArgumentException("not a PKCE S256 code challenge", ex);
            }
        }
        if (nonce != null) {
            builder.customParameter("nonce", nonce);
        }
        if (extraParams != null) {
            extraParams.forEach((name, value) -> {
                if (!RESERVED_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                    builder.customParameter(name, value);
                }
            });
        }
        return builder.build().toURI();
    }

    /**
     * Redeems an authorization code at the token endpoint (RFC 6749 §4.1.3) with {@code client_secret_basic}
     * (§2.3.1) and the PKCE verifier when one was used. Asks for JSON, which GitHub needs.
     *
     * @throws OidcException INVALID_CLIENT, INVALID_GRANT or TOKEN_EXCHANGE
     */
    public OidcTokens exchangeCode(
            OidcEndpoints e,
            String clientId,
            String clientSecret,
            String redirectUri,
            String code,
            String codeVerifier) {
        var grant = new AuthorizationCodeGrant(
                new AuthorizationCode(code),
                URI.create(redirectUri),
                codeVerifier == null ? null : new CodeVerifier(codeVerifier));
        var auth = new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret));
        HTTPRequest request =
                new TokenRequest(uri(e.tokenUrl(), OidcException.Failure.TOKEN_EXCHANGE), auth, grant).toHTTPRequest();
        request.setAccept("application/json");
        Map<String, Object> body;
        HTTPResponse response;
        try {
            response = send(request);
            body = JSONObjectUtils.parse(response.getBody());
        } catch (IOException | java.text.ParseException ex) {
            throw new OidcException(
                    OidcException.Failure.TOKEN_EXCHANGE,
                    "the token endpoint " + e.tokenUrl() + " could not be used: " + ex.getMessage(),
                    ex);
        }
        // GitHub reports errors with HTTP 200 and an "error" member, so the body decides, not only the status.
        String error = string(body, "error");
        String accessToken = string(body, "access_token");
        if (error != null || response.getStatusCode() != 200 || accessToken == null) {
            throw tokenError(e.tokenUrl(), response.getStatusCode(), error, string(body, "error_description"));
        }
        Object expiresIn = body.get("expires_in");
        String scope = string(body, "scope");
        return new OidcTokens(
                accessToken,
                string(body, "refresh_token"),
                string(body, "id_token"),
                expiresIn instanceof Number n ? n.longValue() : null,
                scope == null || scope.isBlank()
                        ? List.of()
                        : Arrays.asList(scope.trim().split("[ ,]+")));
    }

    /**
     * Verifies an ID token (OIDC Core §3.1.3.7): an RS256 or ES256 signature by a key of the provider's JWK set
     * (cached, refreshed when an unknown key id appears), the issuer, the audience (and {@code azp} when there are
     * several), {@code exp}/{@code iat}/{@code nbf} against the clock with a minute of skew, and the nonce when one
     * is expected. An unsigned ({@code alg: none}) or otherwise signed token is refused.
     *
     * @throws OidcException INVALID_ID_TOKEN, saying which check failed
     */
    public JWTClaimsSet verifyIdToken(OidcEndpoints e, String clientId, String idToken, String expectedNonce) {
        return idTokens.verify(e, clientId, idToken, expectedNonce);
    }

    /**
     * The userinfo endpoint's claims (OIDC Core §5.3), or for a plain OAuth 2.0 provider its user API (GitHub's
     * {@code /user}), called with the access token as a bearer token.
     *
     * @throws OidcException USERINFO when the endpoint fails or answers something other than a JSON object
     */
    public Map<String, Object> userinfo(OidcEndpoints e, String accessToken) {
        Object json = fetchJson(e.userinfoUrl(), accessToken);
        if (json instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = (Map<String, Object>) map;
            return claims;
        }
        throw new OidcException(OidcException.Failure.USERINFO, "the userinfo endpoint did not answer a JSON object");
    }

    /**
     * GETs a provider API with the access token as a bearer token and returns its JSON (a {@code Map} or a
     * {@code List}), e.g. GitHub's {@code /user/emails}.
     *
     * @throws OidcException USERINFO
     */
    public Object fetchJson(String url, String accessToken) {
        if (url == null) {
            throw new OidcException(OidcException.Failure.USERINFO, "the provider has no userinfo endpoint");
        }
        HTTPRequest request = new UserInfoRequest(
                        uri(url, OidcException.Failure.USERINFO), new BearerAccessToken(accessToken))
                .toHTTPRequest();
        request.setAccept("application/json");
        // GitHub's API refuses requests without a User-Agent.
        request.setHeader("User-Agent", "Latchkey");
        try {
            HTTPResponse response = send(request);
            if (response.getStatusCode() != 200) {
                throw new OidcException(
                        OidcException.Failure.USERINFO, url + " answered HTTP " + response.getStatusCode());
            }
            String body = response.getBody().trim();
            return body.startsWith("[") ? JSONArrayUtils.parse(body) : JSONObjectUtils.parse(body);
        } catch (IOException | java.text.ParseException ex) {
            throw new OidcException(OidcException.Failure.USERINFO, url + " could not be used: " + ex.getMessage(), ex);
        }
    }

    /** Through {@link OutboundHttp}: bounded in time and size, no redirects followed. */
    private HTTPResponse send(HTTPRequest request) throws IOException {
        return request.send(sender);
    }

    private static OidcException tokenError(String url, int status, String error, String description) {
        String what = "the token endpoint " + url + " answered HTTP " + status + (error == null ? "" : " " + error)
                + (description == null ? "" : ": " + description);
        if ("invalid_client".equals(error) || (error == null && status == 401)) {
            return new OidcException(OidcException.Failure.INVALID_CLIENT, what);
        }
        // GitHub names a bad, used or expired code "bad_verification_code".
        if ("invalid_grant".equals(error) || "bad_verification_code".equals(error)) {
            return new OidcException(OidcException.Failure.INVALID_GRANT, what);
        }
        return new OidcException(OidcException.Failure.TOKEN_EXCHANGE, what);
    }

    /** Equal up to a trailing slash, or a Microsoft {@code {tenantid}} template served from a multi-tenant path. */
    private static boolean sameIssuer(String asked, String declared) {
        String d = declared.endsWith("/") ? declared.substring(0, declared.length() - 1) : declared;
        if (d.equals(asked)) {
            return true;
        }
        if (!d.contains(IdTokenVerifier.TENANT_TEMPLATE)) {
            return false;
        }
        String prefix = d.substring(0, d.indexOf(IdTokenVerifier.TENANT_TEMPLATE));
        String suffix =
                d.substring(d.indexOf(IdTokenVerifier.TENANT_TEMPLATE) + IdTokenVerifier.TENANT_TEMPLATE.length());
        return asked.startsWith(prefix)
                && asked.endsWith(suffix)
                && !asked.substring(prefix.length(), asked.length() - suffix.length())
                        .contains("/");
    }

    private static String string(Map<String, Object> json, String name) {
        return json.get(name) instanceof String s && !s.isEmpty() ? s : null;
    }

    static URI uri(String value, OidcException.Failure failure) {
        if (value == null) {
            throw new OidcException(failure, "the provider has no URL configured for this step");
        }
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new URISyntaxException(value, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new OidcException(failure, "not a usable URL: " + value);
        }
    }
}
