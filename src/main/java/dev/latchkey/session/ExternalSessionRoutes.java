package dev.latchkey.session;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;

/**
 * {@code POST /v1/b2b/sessions/migrate}, {@code POST /v1/b2b/sessions/exchange_access_token} (also
 * {@code /sdk/v1}, public token) and {@code POST /v1/b2b/sessions/attest}: sessions from credentials issued outside
 * Latchkey, which it cannot honour yet ({@link ExternalSessions}); each request is checked, then refused with a
 * documented error. RBAC: none (they authenticate; no member-session headers).
 */
public final class ExternalSessionRoutes implements FeatureRoutes {
    private final ExternalSessions external;

    public ExternalSessionRoutes(ExternalSessions external) {
        this.external = external;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/sessions/migrate").to(call -> {
            JsonBody b = call.body();
            SessionRequests.options(b); // type-checked
            external.migrate(call.project(), b.requiredString("session_token"), b.requiredString("organization_id"));
            return null;
        });
        e.post("/v1/b2b/sessions/exchange_access_token")
                .sdk("/sdk/v1/b2b/sessions/exchange_access_token", SdkAccess.PUBLIC)
                .to(this::exchangeAccessToken);
        e.post("/v1/b2b/sessions/attest").to(call -> {
            JsonBody b = call.body();
            SessionRequests.options(b);
            b.string("telemetry_id");
            String profileId = b.requiredString("profile_id");
            b.requiredString("token");
            String org = b.string("organization_id");
            external.attest(
                    call.project(),
                    profileId,
                    org == null || org.isBlank() ? null : org,
                    SessionRequests.credentials(b));
            return null;
        });
    }

    private Object exchangeAccessToken(ApiCall call) {
        JsonBody b = call.body();
        SessionRequests.options(b);
        b.string("telemetry_id");
        external.exchangeAccessToken(call.project(), b.requiredString("access_token"));
        return null;
    }
}
