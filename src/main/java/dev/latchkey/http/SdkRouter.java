package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.session.MemberSession;
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
 * retry (SDK.md §6.3). An {@code /sdk/v1} path no feature registered is {@code endpoint_not_authorized_for_sdk}
 * ({@link HttpErrors}): the SDK reaches only what is registered here.
 */
public final class SdkRouter implements Router {
    public static final String PREFIX = "/sdk/v1/";

    private final RoutesConfig routes;
    private final ProjectService projects;
    private final SessionAuthenticator sessions;
    private final SdkCors cors;

    public SdkRouter(
            RoutesConfig routes, ProjectService projects, AuthorizedOrigins origins, SessionAuthenticator sessions) {
        this.routes = routes;
        this.projects = projects;
        this.sessions = sessions;
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

    @Override
    public void get(String path, Endpoint endpoint) {
        add(HandlerType.GET, path, SdkAccess.PUBLIC, endpoint);
    }

    @Override
    public void post(String path, Endpoint endpoint) {
        add(HandlerType.POST, path, SdkAccess.PUBLIC, endpoint);
    }

    @Override
    public void put(String path, Endpoint endpoint) {
        add(HandlerType.PUT, path, SdkAccess.PUBLIC, endpoint);
    }

    @Override
    public void delete(String path, Endpoint endpoint) {
        add(HandlerType.DELETE, path, SdkAccess.PUBLIC, endpoint);
    }

    public void get(String path, SdkAccess access, Endpoint endpoint) {
        add(HandlerType.GET, path, access, endpoint);
    }

    public void post(String path, SdkAccess access, Endpoint endpoint) {
        add(HandlerType.POST, path, access, endpoint);
    }

    /**
     * A GET whose project is the one named by the {@code {public_token}} path parameter rather than by the
     * Authorization header (the bootstrap call); the call carries no session.
     */
    public void getForPathToken(String path, Endpoint endpoint) {
        routes.get(path, ctx -> {
            Project project = projects.findByPublicToken(ctx.pathParam("public_token"))
                    .orElseThrow(() -> new ApiException(
                            ErrorType.UNAUTHORIZED_CREDENTIALS, "The public token does not match a project."));
            Envelope.forProject(ctx, project);
            cors.requireAllowed(ctx, project);
            Envelope.sdkSuccess(ctx, endpoint.handle(ApiCall.sdk(project, JsonBody.empty(), ctx, null, null)));
        });
    }

    private void add(HandlerType method, String path, SdkAccess access, Endpoint endpoint) {
        if (!isSdkPath(path)) {
            throw new IllegalArgumentException("not an SDK path: " + path);
        }
        routes.addHttpHandler(method, path, ctx -> {
            BasicCredentials creds = credentials(ctx);
            Project project = project(ctx, creds);
            String token = sessionToken(project, creds);
            MemberSession caller = token == null ? null : sessions.caller(project, token);
            JsonBody body = SdkBodies.screen(
                    method == HandlerType.GET
                            ? JsonBody.fromQuery(ctx.queryParamMap())
                            : JsonBody.parse(ctx.bodyAsBytes()),
                    project);
            ApiCall call = ApiCall.sdk(project, body, ctx, token, caller);
            check(access, call, body);
            Envelope.sdkSuccess(ctx, endpoint.handle(call));
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
            case PUBLIC -> {}
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
