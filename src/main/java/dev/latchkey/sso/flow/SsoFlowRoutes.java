package dev.latchkey.sso.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.Envelope;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Json;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryRequests;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SSO sign-in (SSO_OAUTH.md §1.3, §1.4): the browser's start, the IdP's callback (SAML by POST, OIDC by GET), the
 * app's {@code sso/authenticate} on both surfaces, and the browser SDK's discovery of connections by email.
 *
 * <p>The start and the callback are browser navigations without credentials. They answer {@code 302} with a
 * {@code Location} and the body {@code {status_code: 302, request_id, redirect_url}}; a refusal is an error envelope
 * (JSON, 4xx), never a redirect carrying an error to a URL nobody checked.
 */
public final class SsoFlowRoutes implements FeatureRoutes {
    private static final String PROVIDER_PREFIX = "provider_";

    private final SsoFlow flow;
    private final Clock clock;

    public SsoFlowRoutes(SsoFlow flow, Clock clock) {
        this.flow = flow;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.publicGet("/v1/public/sso/start", this::start);
        e.publicGet("/v1/b2b/sso/callback/{connection_id}", this::oidcCallback);
        e.publicPost("/v1/b2b/sso/callback/{connection_id}", this::samlCallback);
        e.post("/v1/b2b/sso/authenticate")
                .sdk("/sdk/v1/b2b/sso/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticate);
        e.sdkOnly(HandlerType.GET, "/sdk/v1/b2b/sso/discovery/connections", SdkAccess.PUBLIC)
                .to(call -> new DiscoveryResponse(
                        flow.discovery().connections(call.project(), call.body().requiredString("email_address"))));
    }

    private void start(Context ctx) {
        JsonBody q = JsonBody.fromQuery(ctx.queryParamMap()); // refuses what PostgreSQL cannot store
        Map<String, String> provider = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (name.startsWith(PROVIDER_PREFIX) && !values.isEmpty()) {
                provider.put(name.substring(PROVIDER_PREFIX.length()), values.get(0));
            }
        });
        SsoStart.Started s = flow.start()
                .start(new StartRequest(
                        q.string("public_token"),
                        q.string("connection_id"),
                        q.string("organization_id"),
                        q.string("login_redirect_url"),
                        q.string("signup_redirect_url"),
                        q.string("pkce_code_challenge"),
                        provider));
        Envelope.forProject(ctx, s.project());
        redirect(ctx, s.idpUrl().toString());
    }

    private void samlCallback(Context ctx) {
        Map<String, String> form = FormPost.fields(ctx.header("Content-Type"), ctx.bodyAsBytes());
        form.values().forEach(JsonBody::requireStorable);
        Landed l = flow.samlCallback().accept(connectionId(ctx), form.get("SAMLResponse"), form.get("RelayState"));
        Envelope.forProject(ctx, l.project());
        redirect(ctx, l.appUrl());
    }

    private void oidcCallback(Context ctx) {
        JsonBody q = JsonBody.fromQuery(ctx.queryParamMap());
        Landed l =
                flow.oidcCallback().accept(connectionId(ctx), q.string("code"), q.string("state"), q.string("error"));
        Envelope.forProject(ctx, l.project());
        redirect(ctx, l.appUrl());
    }

    private static String connectionId(Context ctx) {
        return JsonBody.requireStorable(ctx.pathParam("connection_id"));
    }

    /** A 302 with Stytch's body for it (§1.3 step 2); the body is for non-browser clients. */
    private static void redirect(Context ctx, String url) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status_code", 302);
        body.put("request_id", Envelope.requestId(ctx));
        body.put("redirect_url", url);
        ctx.header("Location", url);
        ctx.header("Cache-Control", "no-store");
        Envelope.raw(ctx, 302, body);
    }

    /** §1.4: AUTH_MFA plus {@code reset_session} (singular here, unlike OAuth's {@code reset_sessions}). */
    private ObjectNode authenticate(ApiCall call) {
        JsonBody b = call.body();
        AuthOutcome o = flow.tokens()
                .authenticate(
                        call.project(),
                        b.requiredString("sso_token"),
                        b.string("pkce_code_verifier"),
                        PrimaryRequests.context(call));
        ObjectNode out = Json.mapper().valueToTree(AuthMfaResponse.of(o, clock.instant()));
        out.put("reset_session", false);
        return out;
    }

    record DiscoveryResponse(List<SsoDiscovery.ActiveConnection> connections) {}
}
