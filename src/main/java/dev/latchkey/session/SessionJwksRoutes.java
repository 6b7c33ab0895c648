package dev.latchkey.session;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.Envelope;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /v1/b2b/sessions/jwks/{project_id}}: the project's published public keys (SPEC §5). Public, with
 * no credentials: the SDKs fetch it without an Authorization header (JAVA_SDK §5, SPEC §5.2).
 */
public final class SessionJwksRoutes implements FeatureRoutes {
    /** Clients may cache the key set as long as a JWT lives; an unknown kid makes them fetch again anyway. */
    private static final String CACHE_CONTROL = "public, max-age=" + SessionJwts.LIFETIME.toSeconds();

    private final ProjectService projects;
    private final SigningKeys keys;

    public SessionJwksRoutes(ProjectService projects, SigningKeys keys) {
        this.projects = projects;
        this.keys = keys;
    }

    @Override
    public void declare(Endpoints e) {
        e.publicGet("/v1/b2b/sessions/jwks/{project_id}", this::jwks);
    }

    private void jwks(Context ctx) {
        Project project = projects.find(ctx.pathParam("project_id"))
                .orElseThrow(() -> new ApiException(ErrorType.PROJECT_NOT_FOUND, "No project has this id."));
        Envelope.forProject(ctx, project);
        // The Java SDK's JWKS fetch (jose4j) sends no Accept-Encoding and fails on a gzipped body.
        ctx.disableCompression();
        ctx.header("Cache-Control", CACHE_CONTROL);
        Envelope.success(
                ctx,
                Map.of(
                        "keys",
                        keys.jwks(project).stream().map(PublicJwk::toJson).toList()));
    }
}
