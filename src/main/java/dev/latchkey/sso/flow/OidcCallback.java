package dev.latchkey.sso.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.Json;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.oidc.OidcEndpoints;
import dev.latchkey.oidc.OidcException;
import dev.latchkey.oidc.OidcTokens;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.sso.OidcConnection;
import dev.latchkey.sso.SsoConnection;
import dev.latchkey.sso.SsoConnections;
import dev.latchkey.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * The OIDC redirect endpoint, {@code GET /v1/b2b/sso/callback/{connection_id}?code&state} (SSO_OAUTH.md §1.3 step 3).
 * The state is used up first, in its own transaction, so a state works once even when what follows fails (the IdP's
 * code is single use anyway). Then, with no transaction open while the IdP is called: the code is exchanged with our
 * PKCE verifier, the ID token verified (signature by the IdP's JWKS, issuer, audience, expiry, our nonce), userinfo
 * merged in, and the member resolved and given a token.
 */
public final class OidcCallback {
    /** Claims about the token itself, not the user: not kept among the registration's attributes. */
    private static final Set<String> PROTOCOL_CLAIMS = Set.of("nonce", "at_hash", "c_hash", "aud", "exp", "iat", "nbf");

    private final Database db;
    private final ProjectService projects;
    private final SsoConnections connections;
    private final SsoRequestStore requests;
    private final SsoLanding landing;
    private final OidcClient oidc;
    private final SecretBox box;
    private final Clock clock;

    OidcCallback(
            Database db,
            ProjectService projects,
            SsoConnections connections,
            SsoRequestStore requests,
            SsoLanding landing,
            OidcClient oidc,
            SecretBox box,
            Clock clock) {
        this.db = db;
        this.projects = projects;
        this.connections = connections;
        this.requests = requests;
        this.landing = landing;
        this.oidc = oidc;
        this.box = box;
        this.clock = clock;
    }

    /**
     * Raises {@code missing_oidc_state_param}, {@code oidc_csrf_cookie_mismatch} (unknown, used or expired state),
     * {@code oidc_auth_code_error} (the IdP answered an error, or the code was refused), {@code oidc_invalid_id_token},
     * {@code oidc_invalid_userinfo}, the identity errors of {@link AttributeMapping#oidc}, and
     * {@code invalid_connection_for_jit_provisioning}.
     */
    public Landed accept(String connectionId, String code, String state, String error) {
        if (state == null || state.isEmpty()) {
            throw new ApiException(ErrorType.MISSING_OIDC_STATE_PARAM, "The IdP's answer carries no state.");
        }
        SsoRequest started = db.inTransaction(h -> requests.consume(h, SsoStart.digest(state), connectionId, now()))
                .orElseThrow(() -> new ApiException(
                        ErrorType.OIDC_CSRF_COOKIE_MISMATCH,
                        "This state is unknown, already used or expired: start the login again."));
        if (error != null && !error.isEmpty()) {
            throw new ApiException(
                    ErrorType.OIDC_AUTH_CODE_ERROR, "The IdP refused the login: " + printable(error) + ".");
        }
        if (code == null || code.isEmpty()) {
            throw new ApiException(ErrorType.OIDC_AUTH_CODE_ERROR, "The IdP's answer carries no code.");
        }
        Project project = projects.find(started.projectId())
                .orElseThrow(
                        () -> new ApiException(ErrorType.SSO_CONNECTION_NOT_FOUND, "No SSO connection has this id."));
        SsoConnection c = db.withHandle(
                h -> SsoConnectionRules.requireUsable(connections.find(h, project, connectionId), project));
        if (!(c instanceof OidcConnection o)) {
            throw new ApiException(ErrorType.SSO_CONNECTION_NOT_FOUND, "No OIDC connection has this id.");
        }
        String verifier = new String(
                box.open(started.oidcVerifierSealed(), SsoConnectionRules.verifierData(project, started.id())),
                StandardCharsets.US_ASCII);
        ObjectNode claims = claims(o, code, verifier, started.oidcNonce());
        SsoIdentity identity = AttributeMapping.oidc(o.attributeMapping(), claims);
        String url = db.inTransaction(h -> landing.land(
                h,
                project,
                started.organizationId(),
                started.memberConnectionId(),
                false,
                identity,
                new SsoRedirects.Pair(started.loginRedirectUrl(), started.signupRedirectUrl()),
                started.codeChallenge()));
        return new Landed(project, url);
    }

    /** The ID token's claims, with the userinfo endpoint's merged in when the connection has one. */
    private ObjectNode claims(OidcConnection o, String code, String verifier, String nonce) {
        OidcEndpoints endpoints = SsoConnectionRules.endpoints(o);
        try {
            OidcTokens tokens =
                    oidc.exchangeCode(endpoints, o.clientId(), o.clientSecret(), o.redirectUrl(), code, verifier);
            if (tokens.idToken() == null || tokens.idToken().isEmpty()) {
                throw new ApiException(ErrorType.OIDC_INVALID_ID_TOKEN, "The IdP returned no ID token.");
            }
            JWTClaimsSet idToken = oidc.verifyIdToken(endpoints, o.clientId(), tokens.idToken(), nonce);
            ObjectNode claims = Json.mapper().valueToTree(idToken.toJSONObject());
            if (o.userinfoUrl() != null && !o.userinfoUrl().isEmpty() && tokens.accessToken() != null) {
                Map<String, Object> info = oidc.userinfo(endpoints, tokens.accessToken());
                Object sub = info.get("sub");
                if (sub != null && !sub.toString().equals(idToken.getSubject())) {
                    // OIDC Core §5.3.2: userinfo of another subject must not be used.
                    throw new ApiException(
                            ErrorType.OIDC_INVALID_USERINFO, "The userinfo response names another subject.");
                }
                ObjectNode extra = Json.mapper().valueToTree(info);
                extra.fieldNames().forEachRemaining(name -> {
                    if (!claims.has(name)) {
                        claims.set(name, extra.get(name));
                    }
                });
            }
            PROTOCOL_CLAIMS.forEach(claims::remove);
            return claims;
        } catch (OidcException e) {
            throw new ApiException(
                    switch (e.failure()) {
                        case INVALID_ID_TOKEN -> ErrorType.OIDC_INVALID_ID_TOKEN;
                        case USERINFO -> ErrorType.OIDC_INVALID_USERINFO;
                        default -> ErrorType.OIDC_AUTH_CODE_ERROR;
                    },
                    "The IdP's answer was refused: " + e.getMessage());
        }
    }

    /** An IdP's error code, shown only as letters, digits and {@code _-.} (it comes from the query string). */
    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) : s;
        return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
