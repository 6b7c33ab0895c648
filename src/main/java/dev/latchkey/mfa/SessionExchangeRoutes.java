package dev.latchkey.mfa;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;

/** {@code POST /v1/b2b/sessions/exchange}. */
public final class SessionExchangeRoutes {
    private final SessionExchange exchange;
    private final Clock clock;

    public SessionExchangeRoutes(SessionExchange exchange, Clock clock) {
        this.exchange = exchange;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/sessions/exchange", call -> {
            JsonBody b = call.body();
            AuthOutcome o = exchange.exchange(
                    call.project(),
                    b.requiredString("organization_id"),
                    SessionRequests.credentials(b),
                    new PrimaryContext(
                            SessionRequests.credentials(b), null, SessionRequests.options(b), b.string("locale")));
            return AuthMfaResponse.of(o, clock.instant());
        });
    }
}
