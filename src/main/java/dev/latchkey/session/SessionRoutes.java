package dev.latchkey.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.Authorizer;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/sessions}: authenticate, get, revoke (SPEC §5); the SDK's authenticate and revoke of the caller. */
public final class SessionRoutes implements FeatureRoutes {
    private final SessionAuthenticator sessions;
    private final Authorizer authorizer;
    private final Clock clock;

    public SessionRoutes(SessionAuthenticator sessions, Authorizer authorizer, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/sessions/authenticate")
                .sdk("/sdk/v1/b2b/sessions/authenticate", SdkAccess.MEMBER)
                .to(this::authenticate);
        e.get("/v1/b2b/sessions").to(call -> {
            JsonBody b = call.body();
            SessionAuthenticator.Listed l =
                    sessions.list(call.project(), b.requiredString("organization_id"), b.requiredString("member_id"));
            return new ListResponse(l.sessions().stream()
                    .map(s -> MemberSessionJson.of(s, l.organization(), l.member()))
                    .toList());
        });
        e.post("/v1/b2b/sessions/revoke")
                .gate(Gate.memberOrSelf("revoke-sessions", SessionRoutes::revokesOwn))
                .to(call -> {
                    JsonBody b = call.body();
                    sessions.revoke(
                            call.project(),
                            b.string("member_session_id"),
                            call.session(),
                            b.string("member_id"),
                            call.actor().map(a -> a.organization().id()).orElse(null));
                    return null;
                });
        // The browser's logout: the session of its Authorization header, which any member may end.
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/sessions/revoke", SdkAccess.MEMBER)
                .to(call -> {
                    sessions.revoke(call.project(), call.caller().id(), SessionCredentials.NONE, null, null);
                    return null;
                });
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/sessions/revoke/{member_id}", SdkAccess.MEMBER)
                .gate(Gate.memberOrSelf("revoke-sessions"))
                .to(call -> {
                    sessions.revokeMember(call.project(), call.caller().organizationId(), call.memberId());
                    return null;
                });
    }

    /**
     * {@code sessions/authenticate}; with {@code authorization_check}, the session's roles must grant the action in
     * that organization (RBAC_SCIM_M2M.md §1.8), checked before the session is extended or anything is written.
     */
    private AuthenticateResponse authenticate(ApiCall call) {
        ObjectNode check = call.body().object("authorization_check");
        Verdict verdict = null;
        if (check != null) {
            JsonBody c = JsonBody.of(check);
            LiveSession live = sessions.live(call.project(), call.session());
            verdict = new Verdict(
                    true,
                    authorizer.check(
                            call.project(),
                            live,
                            c.requiredString("organization_id"),
                            c.requiredString("resource_id"),
                            c.requiredString("action")));
        }
        SessionAuthenticator.Authenticated a =
                sessions.authenticate(call.project(), call.session(), SessionRequests.options(call.body()));
        return new AuthenticateResponse(
                AuthFullResponse.of(a.organization(), a.member(), a.session(), clock.instant()), verdict);
    }

    /** Whether a backend revoke acting as a member names that member's own sessions. */
    private static boolean revokesOwn(ApiCall call, LiveSession actor) {
        JsonBody b = call.body();
        String memberId = b.string("member_id");
        if (memberId != null) {
            return memberId.equals(actor.member().id())
                    || memberId.equals(actor.member().externalId());
        }
        String sessionId = b.string("member_session_id");
        if (sessionId != null) {
            return sessionId.equals(actor.session().id());
        }
        String token = b.string("session_token");
        return token != null && token.equals(call.header(ApiRouter.MEMBER_SESSION_HEADER));
    }

    /** The answer of sessions/authenticate: {@code AUTH_FULL}, and a {@code verdict} when an authorization check was asked. */
    record AuthenticateResponse(
            @JsonUnwrapped AuthFullResponse auth, @JsonInclude(JsonInclude.Include.NON_NULL) Verdict verdict) {}

    /** {@code {authorized: true, granting_roles}}: a refused check is a 403, never a verdict of false. */
    record Verdict(boolean authorized, List<String> grantingRoles) {}

    record ListResponse(List<MemberSessionJson> memberSessions) {}
}
