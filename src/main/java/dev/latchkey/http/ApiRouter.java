package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.session.LiveSession;
import dev.latchkey.session.SessionAuthenticator;
import dev.latchkey.session.SessionCredentials;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Registers backend routes ({@code /v1/...}): each request is authenticated with Basic {@code project_id:secret},
 * its body parsed, the endpoint called, and the result written in the envelope.
 *
 * <p>A call to a gated route that carries {@code X-Stytch-Member-Session} and/or {@code X-Stytch-Member-SessionJWT}
 * runs with that member's permissions (RBAC_SCIM_M2M.md §1.9): the session must be live, and {@link Authorizer}
 * refuses what its roles do not grant before the endpoint runs. Without the headers the call has the project's full
 * authority. Ungated routes ignore the headers.
 */
public final class ApiRouter {
    public static final String MEMBER_SESSION_HEADER = "X-Stytch-Member-Session";
    public static final String MEMBER_SESSION_JWT_HEADER = "X-Stytch-Member-SessionJWT";

    private final RoutesConfig routes;
    private final ProjectService projects;
    private final SessionAuthenticator sessions;
    private final Authorizer authorizer;

    public ApiRouter(
            RoutesConfig routes, ProjectService projects, SessionAuthenticator sessions, Authorizer authorizer) {
        this.routes = routes;
        this.projects = projects;
        this.sessions = sessions;
        this.authorizer = authorizer;
    }

    /** Registers the backend side of a route of the inventory. */
    public void register(Route route) {
        if (route.isPublic()) {
            routes.addHttpHandler(route.method(), route.backendPath(), route.raw());
            return;
        }
        routes.addHttpHandler(route.method(), route.backendPath(), ctx -> {
            Project project = authenticate(ctx);
            JsonBody body = route.method() == HandlerType.GET
                    ? JsonBody.fromQuery(ctx.queryParamMap())
                    : JsonBody.parse(ctx.bodyAsBytes());
            LiveSession actor = route.gate().isGated() ? actor(ctx, project) : null;
            ApiCall call = ApiCall.backend(project, body, ctx, actor);
            if (actor != null) {
                authorizer.require(route.gate(), call, actor);
            }
            Envelope.success(ctx, route.endpoint().handle(call));
        });
    }

    /**
     * The member of the member-session headers, or null when the call carries neither. When both are sent the opaque
     * token decides (the SDK sends both from one session; the token is the stronger proof, and never stale).
     */
    private LiveSession actor(Context ctx, Project project) {
        String token = blankToNull(ctx.header(MEMBER_SESSION_HEADER));
        String jwt = blankToNull(ctx.header(MEMBER_SESSION_JWT_HEADER));
        if (token == null && jwt == null) {
            return null;
        }
        return sessions.live(
                project, token != null ? new SessionCredentials(token, null) : new SessionCredentials(null, jwt));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Resolves the project from Basic {@code project_id:secret}; 401 {@code unauthorized_credentials} otherwise. */
    Project authenticate(Context ctx) {
        BasicCredentials creds = BasicCredentials.parse(ctx.header("Authorization"))
                .orElseThrow(() -> new ApiException(
                        ErrorType.UNAUTHORIZED_CREDENTIALS,
                        "Authorization must be Basic credentials of a project id and secret."));
        Project project = projects.authenticate(creds.user(), creds.password())
                .orElseThrow(() -> new ApiException(
                        ErrorType.UNAUTHORIZED_CREDENTIALS, "The project id and secret do not match a project."));
        ctx.attribute(Envelope.PROJECT_ATTRIBUTE, project);
        return project;
    }
}
