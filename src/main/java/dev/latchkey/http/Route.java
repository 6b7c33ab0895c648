package dev.latchkey.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One endpoint as the inventory ({@link Endpoints}) declares it: its method, its backend path (project secret), its
 * browser-SDK path and what the SDK caller must hold, the permission a member's session needs ({@link Gate}), and
 * the work. A route may live on one surface or both; both run the same {@link Endpoint}.
 *
 * @param backendPath the {@code /v1/...} path, or null when only the SDK has it
 * @param sdkPath the {@code /sdk/v1/...} path, or null when only backends may call it
 * @param raw a handler that authenticates nothing and writes its own body (JWKS), or null
 */
public record Route(
        HandlerType method,
        String backendPath,
        String sdkPath,
        SdkAccess sdkAccess,
        Gate gate,
        Endpoint endpoint,
        Handler raw) {

    public boolean onBackend() {
        return backendPath != null;
    }

    public boolean onSdk() {
        return sdkPath != null;
    }

    /** Whether the backend route needs no credentials (the JWKS, which SDKs fetch to verify JWTs locally). */
    public boolean isPublic() {
        return raw != null;
    }
}
