package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * CORS for {@code /sdk/v1}: the browser SDK calls cross-origin with credentials and custom headers (SDK.md §2), so
 * every call is preflighted. Only origins a project has authorized get CORS headers: the exact origin echoed, with
 * credentials allowed.
 *
 * <p>A preflight carries no credentials, so it is answered for an origin that some project has authorized; it only
 * lets the browser send the real request, whose answer is readable (has {@code Access-Control-Allow-Origin}) only if
 * the origin is authorized for the project of the public token that request carries (in its {@code Authorization}
 * header, or in the path for the bootstrap), and which is refused with {@code bad_domain_for_stytch_sdk} otherwise.
 * The one exception is the telemetry sink {@code /sdk/v1/events}, which the SDK calls without credentials and which
 * answers nothing but {@code {"data": null}}: any authorized origin may post to it. Requests with no {@code Origin}
 * (servers, tests) are not browser requests and are not restricted here.
 */
final class SdkCors {
    static final String ALLOW_HEADERS = "Authorization, Content-Type, X-SDK-Client, X-SDK-Parent-Host";
    static final String ALLOW_METHODS = "GET, POST, PUT, DELETE, PATCH, OPTIONS";
    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    /** Browsers cap this (Chromium at 2 hours); 10 minutes bounds how long a withdrawn origin stays usable. */
    private static final String MAX_AGE_SECONDS = "600";

    private static final String EVENTS_PATH = SdkRouter.PREFIX + "events";
    private static final String BOOTSTRAP_PREFIX = SdkRouter.PREFIX + "projects/bootstrap/";

    private final AuthorizedOrigins origins;
    private final ProjectService projects;

    SdkCors(AuthorizedOrigins origins, ProjectService projects) {
        this.origins = origins;
        this.projects = projects;
    }

    /**
     * Before every {@code /sdk/v1} request: a preflight ({@code OPTIONS}) is answered here, 204 with the allowed
     * methods and headers if the origin is authorized for some project, or a 403 envelope with no CORS headers; any other
     * request gets CORS headers only if the origin is authorized for the project whose public token it carries.
     */
    void apply(Context ctx) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        boolean preflight = ctx.method() == HandlerType.OPTIONS;
        boolean allowed = origin != null
                && (preflight || ctx.path().equals(EVENTS_PATH)
                        ? origins.isAuthorizedForAnyProject(origin)
                        : isAuthorizedForTokenProject(ctx, origin));
        if (allowed) {
            ctx.header(ALLOW_ORIGIN, origin);
            ctx.header(ALLOW_CREDENTIALS, "true");
        }
        if (preflight) {
            if (allowed) {
                ctx.header("Access-Control-Allow-Methods", ALLOW_METHODS);
                ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
                ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            }
            if (allowed) {
                ctx.status(HttpStatus.NO_CONTENT);
            } else {
                // The browser reads nothing of a refused preflight, but every other client sees the envelope.
                Envelope.error(
                        ctx,
                        ErrorType.BAD_DOMAIN_FOR_STYTCH_SDK,
                        origin == null
                                ? "A preflight must name its Origin."
                                : "The origin " + origin + " is not an authorized origin of any project.");
            }
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether the origin is authorized for the project of the request's public token; false with no such project. */
    private boolean isAuthorizedForTokenProject(Context ctx, String origin) {
        String path = ctx.path();
        Optional<String> token = path.startsWith(BOOTSTRAP_PREFIX)
                ? Optional.of(path.substring(BOOTSTRAP_PREFIX.length()))
                : BasicCredentials.parse(ctx.header("Authorization")).map(BasicCredentials::user);
        return token.filter(t -> !t.isEmpty() && t.indexOf('\0') < 0)
                .flatMap(projects::findByPublicToken)
                .map(p -> origins.isAuthorized(p.id(), origin))
                .orElse(false);
    }

    /**
     * Once the project is known: a browser request from an origin this project has not authorized is refused with
     * {@code bad_domain_for_stytch_sdk}, and without CORS headers, so the page cannot read even the error.
     */
    void requireAllowed(Context ctx, Project project) {
        String origin = ctx.header("Origin");
        if (origin == null || origins.isAuthorized(project.id(), origin)) {
            return;
        }
        ctx.res().setHeader(ALLOW_ORIGIN, null);
        ctx.res().setHeader(ALLOW_CREDENTIALS, null);
        throw new ApiException(
                ErrorType.BAD_DOMAIN_FOR_STYTCH_SDK,
                "The origin " + origin + " is not an authorized origin of this project.");
    }
}
