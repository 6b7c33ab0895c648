package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * Registers backend routes ({@code /v1/b2b/...}): each request is authenticated with Basic
 * {@code project_id:secret}, its body parsed, the endpoint called, and the result written in the envelope.
 */
public final class ApiRouter implements Router {
    private final RoutesConfig routes;
    private final ProjectService projects;

    public ApiRouter(RoutesConfig routes, ProjectService projects) {
        this.routes = routes;
        this.projects = projects;
    }

    @Override
    public void get(String path, Endpoint endpoint) {
        add(HandlerType.GET, path, endpoint);
    }

    @Override
    public void post(String path, Endpoint endpoint) {
        add(HandlerType.POST, path, endpoint);
    }

    @Override
    public void put(String path, Endpoint endpoint) {
        add(HandlerType.PUT, path, endpoint);
    }

    @Override
    public void delete(String path, Endpoint endpoint) {
        add(HandlerType.DELETE, path, endpoint);
    }

    /** A route that needs no credentials and writes its own body (JWKS). */
    public void publicGet(String path, Handler handler) {
        routes.get(path, handler);
    }

    private void add(HandlerType method, String path, Endpoint endpoint) {
        routes.addHttpHandler(method, path, ctx -> {
            Project project = authenticate(ctx);
            JsonBody body = method == HandlerType.GET
                    ? JsonBody.fromQuery(ctx.queryParamMap())
                    : JsonBody.parse(ctx.bodyAsBytes());
            Envelope.success(ctx, endpoint.handle(ApiCall.backend(project, body, ctx)));
        });
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
