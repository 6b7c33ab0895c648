package dev.latchkey.session;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkRouter;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/sessions}: authenticate, get, revoke (SPEC §5); the SDK's authenticate and revoke of the caller. */
public final class SessionRoutes implements FeatureRoutes {
    private final SessionAuthenticator sessions;
    private final Clock clock;

    public SessionRoutes(SessionAuthenticator sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/sessions/authenticate", this::authenticate);
        r.get("/v1/b2b/sessions", call -> {
            JsonBody b = call.body();
            SessionAuthenticator.Listed l =
                    sessions.list(call.project(), b.requiredString("organization_id"), b.requiredString("member_id"));
            return new ListResponse(l.sessions().stream()
                    .map(s -> MemberSessionJson.of(s, l.organization(), l.member()))
                    .toList());
        });
        r.post("/v1/b2b/sessions/revoke", call -> {
            JsonBody b = call.body();
            sessions.revoke(call.project(), b.string("member_session_id"), call.session(), b.string("member_id"));
            return null;
        });
    }

    /**
     * The SDK authenticates and revokes the session of its Authorization header only: revoking by session id or
     * member id needs the project secret.
     */
    @Override
    public void addSdkTo(SdkRouter r) {
        r.post("/sdk/v1/b2b/sessions/authenticate", SdkAccess.MEMBER, this::authenticate);
        r.post("/sdk/v1/b2b/sessions/revoke", SdkAccess.MEMBER, call -> {
            sessions.revoke(call.project(), call.caller().id(), SessionCredentials.NONE, null);
            return null;
        });
    }

    private AuthFullResponse authenticate(ApiCall call) {
        SessionAuthenticator.Authenticated a =
                sessions.authenticate(call.project(), call.session(), SessionRequests.options(call.body()));
        return AuthFullResponse.of(a.organization(), a.member(), a.session(), clock.instant());
    }

    record ListResponse(List<MemberSessionJson> memberSessions) {}
}
