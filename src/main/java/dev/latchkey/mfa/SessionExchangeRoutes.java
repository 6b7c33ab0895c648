package dev.latchkey.mfa;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;

/** {@code POST /v1/b2b/sessions/exchange}, and the SDK's exchange of the caller's session. */
public final class SessionExchangeRoutes implements FeatureRoutes {
    private final SessionExchange exchange;
    private final Clock clock;

    public SessionExchangeRoutes(SessionExchange exchange, Clock clock) {
        this.exchange = exchange;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/sessions/exchange")
                .sdk("/sdk/v1/b2b/sessions/exchange", SdkAccess.MEMBER)
                .to(this::exchange);
    }

    private AuthMfaResponse exchange(ApiCall call) {
        JsonBody b = call.body();
        AuthOutcome o = exchange.exchange(
                call.project(),
                b.requiredString("organization_id"),
                call.session(),
                new PrimaryContext(call.session(), null, SessionRequests.options(b), b.string("locale")));
        return AuthMfaResponse.of(o, clock.instant());
    }
}
