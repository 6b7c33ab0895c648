package dev.latchkey.project;

import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;

/**
 * {@code GET /v1/debug/whoami} (issue 10): which project the credentials belong to, as Stytch's SDKs ask it. Latchkey
 * projects have no display name, so {@code name} is {@code ""} rather than an invented one (docs/compatibility.md).
 */
public final class DebugRoutes implements FeatureRoutes {

    @Override
    public void declare(Endpoints e) {
        e.get("/v1/debug/whoami").to(call -> new WhoamiResponse(call.project().id(), ""));
    }

    record WhoamiResponse(String projectId, String name) {}
}
