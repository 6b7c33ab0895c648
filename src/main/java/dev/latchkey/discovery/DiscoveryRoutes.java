package dev.latchkey.discovery;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/discovery/...} (SPEC §4.7). */
public final class DiscoveryRoutes {
    private final DiscoveryService discovery;
    private final Clock clock;

    public DiscoveryRoutes(DiscoveryService discovery, Clock clock) {
        this.discovery = discovery;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/discovery/organizations", call -> {
            JsonBody b = call.body();
            DiscoveryService.Listed l = discovery.list(
                    call.project(), b.string("intermediate_session_token"), SessionRequests.credentials(b));
            return new ListResponse(
                    l.email(), DiscoveryJson.of(l.organizations(), clock.instant()), l.organizationIdHint());
        });
        r.post("/v1/b2b/discovery/intermediate_sessions/exchange", call -> {
            JsonBody b = call.body();
            return AuthMfaResponse.of(
                    discovery.exchange(
                            call.project(),
                            b.requiredString("intermediate_session_token"),
                            b.requiredString("organization_id"),
                            context(b)),
                    clock.instant());
        });
        r.post("/v1/b2b/discovery/organizations/create", call -> {
            JsonBody b = call.body();
            return AuthMfaResponse.of(
                    discovery.create(
                            call.project(),
                            b.requiredString("intermediate_session_token"),
                            OrganizationRequests.changes(b),
                            context(b)),
                    clock.instant());
        });
    }

    private static PrimaryContext context(JsonBody b) {
        return new PrimaryContext(SessionCredentials.NONE, null, SessionRequests.options(b), b.string("locale"));
    }

    record ListResponse(
            String emailAddress, List<DiscoveryJson.Discovered> discoveredOrganizations, String organizationIdHint) {}
}
