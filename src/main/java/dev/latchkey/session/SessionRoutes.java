package dev.latchkey.session;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/sessions}: authenticate, get, revoke (SPEC §5). */
public final class SessionRoutes {
    private final SessionAuthenticator sessions;
    private final Clock clock;

    public SessionRoutes(SessionAuthenticator sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/sessions/authenticate", call -> {
            SessionAuthenticator.Authenticated a = sessions.authenticate(
                    call.project(), SessionRequests.credentials(call.body()), SessionRequests.options(call.body()));
            return AuthFullResponse.of(a.organization(), a.member(), a.session(), clock.instant());
        });
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
            sessions.revoke(
                    call.project(),
                    b.string("member_session_id"),
                    SessionRequests.credentials(b),
                    b.string("member_id"));
            return null;
        });
    }

    record ListResponse(List<MemberSessionJson> memberSessions) {}
}
