package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.Project;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;

/**
 * CORS for {@code /sdk/v1}: the browser SDK calls cross-origin with credentials and custom headers (SDK.md §2), so
 * every call is preflighted. Only origins a project has authorized get CORS headers: the exact origin echoed, with
 * credentials allowed. A preflight carries no credentials, so it is answered for an origin that some project has
 * authorized; the real request is then checked against its own project ({@code bad_domain_for_stytch_sdk}).
 * Requests with no {@code Origin} (servers, tests) are not browser requests and are not restricted here.
 */
final class SdkCors {
    static final String ALLOW_HEADERS = "Authorization, Content-Type, X-SDK-Client, X-SDK-Parent-Host";
    static final String ALLOW_METHODS = "GET, POST, PUT, DELETE, PATCH, OPTIONS";
    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    /** Browsers cap this (Chromium at 2 hours); 10 minutes bounds how long a withdrawn origin stays usable. */
    private static final String MAX_AGE_SECONDS = "600";

    private final AuthorizedOrigins origins;

    SdkCors(AuthorizedOrigins origins) {
        this.origins = origins;
    }

    /**
     * Before every {@code /sdk/v1} request: CORS headers if the origin is authorized for some project; a preflight
     * ({@code OPTIONS}) is answered here, 204 with the allowed methods and headers or 403 with no CORS headers.
     */
    void apply(Context ctx) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        boolean allowed = origin != null && origins.isAuthorizedForAnyProject(origin);
        if (allowed) {
            ctx.header(ALLOW_ORIGIN, origin);
            ctx.header(ALLOW_CREDENTIALS, "true");
        }
        if (ctx.method() == HandlerType.OPTIONS) {
            if (allowed) {
                ctx.header("Access-Control-Allow-Methods", ALLOW_METHODS);
                ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
                ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            }
            ctx.status(allowed ? HttpStatus.NO_CONTENT : HttpStatus.FORBIDDEN);
            ctx.skipRemainingHandlers();
        }
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
