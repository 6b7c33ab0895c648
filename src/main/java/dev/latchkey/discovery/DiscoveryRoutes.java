package dev.latchkey.discovery;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkBodies;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionRequests;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/discovery/...} (SPEC §4.7), on the backend and the SDK. */
public final class DiscoveryRoutes implements FeatureRoutes {
    /**
     * The organization fields of {@code discovery/organizations/create} that the browser SDK does not send
     * ({@code B2BDiscoveryOrganizationsCreateOptions}: name, slug, logo URL, the JIT, invite, auth-method and MFA
     * settings): identity keys, SSO and OAuth tenancy, claimed domains, implicit roles and connected apps are set
     * by a backend. Refused on {@code /sdk/v1} (trusted metadata with every backend-only field, in SdkRouter).
     */
    static final List<String> BACKEND_ONLY_ORGANIZATION_FIELDS = List.of(
            "organization_external_id",
            "sso_default_connection_id",
            "sso_jit_provisioning_allowed_connections",
            "rbac_email_implicit_role_assignments",
            "oauth_tenant_jit_provisioning",
            "allowed_oauth_tenants",
            "claimed_email_domains",
            "first_party_connected_apps_allowed_type",
            "allowed_first_party_connected_apps",
            "third_party_connected_apps_allowed_type",
            "allowed_third_party_connected_apps");

    private final DiscoveryService discovery;
    private final Clock clock;

    public DiscoveryRoutes(DiscoveryService discovery, Clock clock) {
        this.discovery = discovery;
        this.clock = clock;
    }

    /**
     * The SDK sends an intermediate session in the body and, once logged in, a session in the header: the body's
     * intermediate session (discovery in progress) wins.
     */
    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/discovery/organizations").to(call -> list(call, call.session()));
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/discovery/organizations", SdkAccess.PUBLIC)
                .to(call -> {
                    String ist = call.body().string("intermediate_session_token");
                    return list(call, ist == null || ist.isEmpty() ? call.session() : SessionCredentials.NONE);
                });
        e.post("/v1/b2b/discovery/intermediate_sessions/exchange")
                .sdk("/sdk/v1/b2b/discovery/intermediate_sessions/exchange", SdkAccess.PUBLIC)
                .to(this::exchange);
        e.post("/v1/b2b/discovery/organizations/create").to(this::create);
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/discovery/organizations/create", SdkAccess.PUBLIC)
                .to(call -> {
                    SdkBodies.refuse(call.body(), BACKEND_ONLY_ORGANIZATION_FIELDS);
                    return create(call);
                });
    }

    private ListResponse list(ApiCall call, SessionCredentials session) {
        DiscoveryService.Listed l =
                discovery.list(call.project(), call.body().string("intermediate_session_token"), session);
        return new ListResponse(
                l.email(), DiscoveryJson.of(l.organizations(), clock.instant()), l.organizationIdHint());
    }

    private AuthMfaResponse exchange(ApiCall call) {
        JsonBody b = call.body();
        return AuthMfaResponse.of(
                discovery.exchange(
                        call.project(),
                        b.requiredString("intermediate_session_token"),
                        b.requiredString("organization_id"),
                        context(b)),
                clock.instant());
    }

    private AuthMfaResponse create(ApiCall call) {
        JsonBody b = call.body();
        return AuthMfaResponse.of(
                discovery.create(
                        call.project(),
                        b.requiredString("intermediate_session_token"),
                        OrganizationRequests.changes(b),
                        context(b)),
                clock.instant());
    }

    private static PrimaryContext context(JsonBody b) {
        return new PrimaryContext(SessionCredentials.NONE, null, SessionRequests.options(b), b.string("locale"));
    }

    record ListResponse(
            String emailAddress, List<DiscoveryJson.Discovered> discoveredOrganizations, String organizationIdHint) {}
}
