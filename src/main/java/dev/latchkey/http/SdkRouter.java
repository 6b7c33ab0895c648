package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.session.LiveSession;
import dev.latchkey.session.SessionAuthenticator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Registers browser-SDK routes ({@code /sdk/v1/...}, SDK.md): each request is authenticated with Basic
 * {@code public_token:(session_token | public_token)}, checked against the project's authorized origins, its body
 * parsed, the endpoint called with the caller's session, and the result written as {@code {"data": {...}}}.
 *
 * <p>A session token in the header must be live: an unknown, expired, revoked or foreign one is
 * {@code session_not_found} on every call, one of the errors on which the SDK drops its local session rather than
 * retry (SDK.md §6.3). A gated route ({@link Gate}) runs only what the caller's roles grant ({@link Authorizer}).
 * An {@code /sdk/v1} path no feature registered is {@code endpoint_not_authorized_for_sdk} ({@link HttpErrors}): the
 * SDK reaches only what the inventory declares for it.
 */
public final class SdkRouter {
    public static final String PREFIX = "/sdk/v1/";

    private final RoutesConfig routes;
    private final ProjectService projects;
    private final SessionAuthenticator sessions;
    private final Authorizer authorizer;
    private final SdkCors cors;

    public SdkRouter(
            RoutesConfig routes,
            ProjectService projects,
            AuthorizedOrigins origins,
            SessionAuthenticator sessions,
            Authorizer authorizer) {
        this.routes = routes;
        this.projects = projects;
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.cors = new SdkCors(origins, projects);
        // Preflights are answered before routing: an OPTIONS route on the prefix would make every /sdk/v1 path
        // "exist", turning the endpoint_not_authorized_for_sdk of unregistered ones into 405s.
        routes.before(PREFIX + "*", cors::apply);
        // The SDK's telemetry (SDK.md §6.2): sent without credentials, every error ignored by the SDK; accepted and
        // dropped, as Latchkey keeps no analytics.
        routes.post(PREFIX + "events", ctx -> Envelope.sdkSuccess(ctx, null));
    }

    /** Whether a request path is an SDK path. */
    public static boolean isSdkPath(String path) {
        return path.startsWith(PREFIX);
    }

    /** Registers the SDK side of a route of the inventory. */
    public void register(Route route) {
        if (route.sdkAccess() == SdkAccess.PATH_TOKEN) {
            registerForPathToken(route);
            return;
        }
        HandlerType method = route.method();
        routes.addHttpHandler(method, route.sdkPath(), ctx -> {
            BasicCredentials creds = credentials(ctx);
            Project project = project(ctx, creds);
            String token = sessionToken(project, creds);
            LiveSession caller = token == null ? null : sessions.caller(project, token);
            JsonBody body = SdkBodies.screen(
                    method == HandlerType.GET
                            ? JsonBody.fromQuery(ctx.queryParamMap())
                            : JsonBody.parse(ctx.bodyAsBytes()),
                    project,
                    route.gate());
            ApiCall call = ApiCall.sdk(project, body, ctx, token, caller);
            check(route.sdkAccess(), call, body);
            if (route.gate().isGated()) {
                authorizer.require(route.gate(), call, caller);
            }
            Envelope.sdkSuccess(ctx, route.endpoint().handle(call));
        });
    }

    /**
     * A GET whose project is the one named by the {@code {public_token}} path parameter rather than by the
     * Authorization header (the bootstrap call); the call carries no session.
     */
    private void registerForPathToken(Route route) {
        routes.get(route.sdkPath(), ctx -> {
            Project project = projects.findByPublicToken(ctx.pathParam("public_token"))
                    .orElseThrow(() -> new ApiException(
                            ErrorType.UNAUTHORIZED_CREDENTIALS, "The public token does not match a project."));
            Envelope.forProject(ctx, project);
            cors.requireAllowed(ctx, project);
            Envelope.sdkSuccess(ctx, route.endpoint().handle(ApiCall.sdk(project, JsonBody.empty(), ctx, null, null)));
        });
    }

    private static BasicCredentials credentials(Context ctx) {
        return BasicCredentials.parse(ctx.header("Authorization"))
                .orElseThrow(() -> new ApiException(
                        ErrorType.UNAUTHORIZED_CREDENTIALS,
                        "Authorization must be Basic credentials of a public token and a session token"
                                + " (or the public token again)."));
    }

    /** The project of the public token, after which its origins decide whether this browser may call. */
    private Project project(Context ctx, BasicCredentials creds) {
        Project project = projects.findByPublicToken(creds.user())
                .orElseThrow(() -> new ApiException(
                        ErrorType.UNAUTHORIZED_CREDENTIALS, "The public token does not match a project."));
        Envelope.forProject(ctx, project);
        cors.requireAllowed(ctx, project);
        return project;
    }

    /** The session token of the header, or null when the password part is the public token (logged out). */
    private static String sessionToken(Project project, BasicCredentials creds) {
        String password = creds.password();
        return password.isEmpty() || password.equals(project.publicToken()) ? null : password;
    }

    private static void check(SdkAccess access, ApiCall call, JsonBody body) {
        switch (access) {
            case PUBLIC, PATH_TOKEN -> {}
            case MEMBER -> call.caller();
            case MFA_PROOF -> {
                String ist = body.string("intermediate_session_token");
                if ((ist == null || ist.isEmpty()) && call.session().isEmpty()) {
                    throw new ApiException(
                            ErrorType.NO_SESSION_ARGUMENTS,
                            "Give an intermediate_session_token, or call with a member session.");
                }
            }
        }
    }
}
