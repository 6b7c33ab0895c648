package dev.latchkey.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoint inventory: every route of the server, declared once per endpoint with both of its surfaces, the SDK
 * access it needs and its RBAC permission on the same line, e.g.
 *
 * <pre>{@code
 * e.put(ORG + "/members/{member_id}").sdk(SDK + "/members/{member_id}", SdkAccess.MEMBER).gate(UPDATE).to(this::update);
 * }</pre>
 *
 * The routers register what is declared here, and {@code docs/endpoints.md} is generated from it
 * ({@link EndpointTable}), so the documentation cannot drift from what is served.
 */
public final class Endpoints {
    private final List<Route> routes = new ArrayList<>();

    public Line get(String backendPath) {
        return new Line(HandlerType.GET, backendPath);
    }

    public Line post(String backendPath) {
        return new Line(HandlerType.POST, backendPath);
    }

    public Line put(String backendPath) {
        return new Line(HandlerType.PUT, backendPath);
    }

    public Line delete(String backendPath) {
        return new Line(HandlerType.DELETE, backendPath);
    }

    /** A route only the browser SDK has (its "me" and "self" paths, the bootstrap). */
    public Line sdkOnly(HandlerType method, String sdkPath, SdkAccess access) {
        return new Line(method, null).sdk(sdkPath, access);
    }

    /** A backend GET that needs no credentials and writes its own body (the JWKS). */
    public void publicGet(String backendPath, Handler handler) {
        routes.add(new Route(HandlerType.GET, backendPath, null, null, Gate.NONE, null, handler));
    }

    /**
     * A backend POST that needs no credentials and writes its own body: an IdP's browser posting a SAML response to
     * the assertion consumer service.
     */
    public void publicPost(String backendPath, Handler handler) {
        routes.add(new Route(HandlerType.POST, backendPath, null, null, Gate.NONE, null, handler));
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** One endpoint being declared; {@link #to} adds it to the inventory. */
    public final class Line {
        private final HandlerType method;
        private final String backendPath;
        private String sdkPath;
        private SdkAccess sdkAccess;
        private Gate gate = Gate.NONE;

        private Line(HandlerType method, String backendPath) {
            if (backendPath != null && !backendPath.startsWith("/v1/") && !backendPath.startsWith("/dev/v1/")) {
                throw new IllegalArgumentException("not a backend path: " + backendPath);
            }
            this.method = method;
            this.backendPath = backendPath;
        }

        /** The browser SDK's path for the same endpoint, and what its caller must hold besides the public token. */
        public Line sdk(String path, SdkAccess access) {
            if (!SdkRouter.isSdkPath(path)) {
                throw new IllegalArgumentException("not an SDK path: " + path);
            }
            this.sdkPath = path;
            this.sdkAccess = access;
            return this;
        }

        /** The permission a member's session needs (SDK caller, or backend member-session headers). */
        public Line gate(Gate gate) {
            this.gate = gate;
            return this;
        }

        public void to(Endpoint endpoint) {
            if (gate.isGated() && sdkPath != null && sdkAccess != SdkAccess.MEMBER) {
                throw new IllegalArgumentException("a gated SDK route needs the caller's session: " + sdkPath);
            }
            routes.add(new Route(method, backendPath, sdkPath, sdkAccess, gate, endpoint, null));
        }
    }
}
