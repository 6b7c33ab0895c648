package dev.latchkey.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.Envelope;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.MfaRequired;
import dev.latchkey.mfa.PrimaryRequests;
import dev.latchkey.mfa.PrimaryRequired;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.session.MemberSessionJson;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * B2B OAuth (SSO_OAUTH.md §2): the public start redirects, the provider callback, authenticate and discovery
 * authenticate on the backend and the SDK, and a member's provider tokens.
 */
public final class OAuthRoutes implements FeatureRoutes {
    private static final String PROVIDER_PARAM_PREFIX = "provider_";

    private final OAuthStarts starts;
    private final OAuthCallbacks callbacks;
    private final OAuthLogins logins;
    private final ProjectService projects;
    private final Clock clock;

    public OAuthRoutes(
            OAuthStarts starts, OAuthCallbacks callbacks, OAuthLogins logins, ProjectService projects, Clock clock) {
        this.starts = starts;
        this.callbacks = callbacks;
        this.logins = logins;
        this.projects = projects;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.publicGet("/v1/b2b/public/oauth/{provider}/start", ctx -> start(ctx, false));
        e.publicGet("/v1/b2b/public/oauth/{provider}/discovery/start", ctx -> start(ctx, true));
        e.publicGet("/v1/b2b/oauth/callback/{callback_id}", this::callback);
        e.post("/v1/b2b/oauth/authenticate")
                .sdk("/sdk/v1/b2b/oauth/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticate);
        e.post("/v1/b2b/oauth/discovery/authenticate")
                .sdk("/sdk/v1/b2b/oauth/discovery/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticateDiscovery);
        e.get("/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/{provider}")
                .to(this::providerTokens);
    }

    /** A real 302 to the provider; every refusal is an error envelope (nothing has left the server yet). */
    private void start(Context ctx, boolean discovery) {
        String publicToken = ctx.queryParam("public_token");
        Project project = Optional.ofNullable(publicToken)
                .flatMap(projects::findByPublicToken)
                .orElseThrow(() -> new ApiException(
                        ErrorType.UNAUTHORIZED_CREDENTIALS, "The public token does not match a project."));
        Envelope.forProject(ctx, project);
        Map<String, String> providerParams = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (name.startsWith(PROVIDER_PARAM_PREFIX)
                    && name.length() > PROVIDER_PARAM_PREFIX.length()
                    && !values.isEmpty()) {
                providerParams.put(
                        name.substring(PROVIDER_PARAM_PREFIX.length()), JsonBody.requireStorable(values.getFirst()));
            }
        });
        var request = new OAuthStartRequest(
                OAuthProvider.parse(ctx.pathParam("provider")),
                discovery,
                ctx.queryParam("organization_id"),
                ctx.queryParam("slug"),
                ctx.queryParam("custom_scopes"),
                providerParams,
                ctx.queryParam("pkce_code_challenge"),
                ctx.queryParam("login_redirect_url"),
                ctx.queryParam("signup_redirect_url"),
                ctx.queryParam("discovery_redirect_url"));
        redirect(ctx, starts.start(project, request).toString());
    }

    private void callback(Context ctx) {
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                query.put(name, values.getFirst());
            }
        });
        redirect(ctx, callbacks.callback(ctx.pathParam("callback_id"), query));
    }

    private static void redirect(Context ctx, String location) {
        ctx.header("Location", location);
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.status(302);
    }

    private AuthenticateResponse authenticate(ApiCall call) {
        JsonBody b = call.body();
        OAuthLogins.Authenticated a = logins.authenticate(
                call.project(),
                b.requiredString("oauth_token"),
                b.string("pkce_code_verifier"),
                PrimaryRequests.context(call));
        AuthMfaResponse base = AuthMfaResponse.of(a.outcome(), clock.instant());
        OAuthLogins.ProviderValues v = a.providerValues();
        return new AuthenticateResponse(
                base.memberId(),
                base.member(),
                base.organization(),
                base.organizationId(),
                base.memberAuthenticated(),
                base.sessionToken(),
                base.sessionJwt(),
                base.memberSession(),
                base.intermediateSessionToken(),
                base.intermediateSessionTokenExpiresAt(),
                base.mfaRequired(),
                base.primaryRequired(),
                a.providerSubject(),
                a.provider().wireName(),
                false,
                new ProviderValuesJson(
                        v.scopes(),
                        orEmpty(v.accessToken()),
                        orEmpty(v.refreshToken()),
                        v.expiresAt(),
                        orEmpty(v.idToken())));
    }

    private DiscoveryResponse authenticateDiscovery(ApiCall call) {
        JsonBody b = call.body();
        OAuthLogins.Discovered d = logins.authenticateDiscovery(
                call.project(), b.requiredString("discovery_oauth_token"), b.string("pkce_code_verifier"));
        DiscoveryJson.AuthenticateResponse base = DiscoveryJson.of(d.result(), clock.instant());
        return new DiscoveryResponse(
                base.intermediateSessionToken(),
                base.intermediateSessionTokenExpiresAt(),
                base.emailAddress(),
                d.fullName(),
                base.discoveredOrganizations(),
                d.provider().wireName(),
                d.tenantIds().size() == 1 ? d.tenantIds().getFirst() : "",
                d.tenantIds());
    }

    private Object providerTokens(ApiCall call) {
        OAuthProvider provider = OAuthProvider.parse(call.path("provider"));
        Boolean withRefresh = call.body().bool("include_refresh_token");
        OAuthLogins.MemberTokens t =
                logins.providerTokens(call.project(), call.path("organization_id"), call.path("member_id"), provider);
        boolean refresh = Boolean.TRUE.equals(withRefresh);
        if (provider == OAuthProvider.GOOGLE || provider == OAuthProvider.MICROSOFT) {
            OAuthRegistration r = t.registrations().getFirst();
            return new FlatTokens(
                    provider.wireName(),
                    r.providerSubject(),
                    orEmpty(r.idToken()),
                    orEmpty(r.accessToken()),
                    expiresIn(r, t.now()),
                    refresh ? orEmpty(r.refreshToken()) : "",
                    r.scopes());
        }
        return new RegistrationTokens(
                provider.wireName(),
                t.registrations().stream()
                        .map(r -> new RegistrationJson(
                                r.providerSubject(),
                                orEmpty(r.providerTenantId()),
                                r.providerTenantId() == null ? List.of() : List.of(r.providerTenantId()),
                                orEmpty(r.accessToken()),
                                expiresIn(r, t.now()),
                                refresh ? orEmpty(r.refreshToken()) : "",
                                r.scopes()))
                        .toList());
    }

    private static Integer expiresIn(OAuthRegistration r, Instant now) {
        return r.accessTokenExpiresAt() == null
                ? null
                : (int) Math.max(
                        0, Duration.between(now, r.accessTokenExpiresAt()).toSeconds());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** AUTH_MFA plus the OAuth fields (§2.2); {@code reset_sessions} is plural here. */
    record AuthenticateResponse(
            String memberId,
            MemberJson member,
            OrganizationJson organization,
            String organizationId,
            boolean memberAuthenticated,
            String sessionToken,
            String sessionJwt,
            MemberSessionJson memberSession,
            String intermediateSessionToken,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant intermediateSessionTokenExpiresAt,
            MfaRequired mfaRequired,
            PrimaryRequired primaryRequired,
            String providerSubject,
            String providerType,
            boolean resetSessions,
            ProviderValuesJson providerValues) {}

    /** {@code provider_values}: tokens as {@code ""} when the provider gave none; no expiry when it did not say. */
    record ProviderValuesJson(
            List<String> scopes,
            String accessToken,
            String refreshToken,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt,
            String idToken) {}

    record DiscoveryResponse(
            String intermediateSessionToken,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant intermediateSessionTokenExpiresAt,
            String emailAddress,
            String fullName,
            List<DiscoveryJson.Discovered> discoveredOrganizations,
            String providerType,
            String providerTenantId,
            List<String> providerTenantIds) {}

    /** Google and Microsoft: one registration, flat. */
    record FlatTokens(
            String providerType,
            String providerSubject,
            String idToken,
            String accessToken,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer accessTokenExpiresIn,
            String refreshToken,
            List<String> scopes) {}

    /** Slack, HubSpot, GitHub: {@code registrations[]}. */
    record RegistrationTokens(String providerType, List<RegistrationJson> registrations) {}

    record RegistrationJson(
            String providerSubject,
            String providerTenantId,
            List<String> providerTenantIds,
            String accessToken,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer accessTokenExpiresIn,
            String refreshToken,
            List<String> scopes) {}
}
