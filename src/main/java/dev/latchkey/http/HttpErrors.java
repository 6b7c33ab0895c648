package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one mapper from exceptions to error envelopes. A 500 says nothing of internals; the log says all. */
public final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    /** Maps exceptions and error statuses of routes, and of requests Jetty rejects before routing, to envelopes. */
    public static void install(JavalinConfig config) {
        install(config.routes);
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
    }

    private static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            LOG.debug("{} {} -> {}: {}", ctx.method(), ctx.path(), e.type().wireName(), e.getMessage());
            e.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(d.toSeconds())));
            Envelope.error(ctx, e.type(), e.getMessage());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            if (status == 404) {
                notFound(ctx);
                return;
            }
            String message = status == 413 ? "Request body is too large." : e.getMessage();
            Envelope.error(ctx, status, errorTypeFor(status), message);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), LoggedFailure.of(e));
            Envelope.error(ctx, ErrorType.INTERNAL_SERVER_ERROR, "An internal error occurred.");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                notFound(ctx);
            }
        });
        routes.error(
                405,
                ctx -> Envelope.error(ctx, ErrorType.METHOD_NOT_ALLOWED, "Method not allowed on " + ctx.path() + "."));
    }

    /** The error_type of a bare HTTP status raised below the routes (by Javalin or Jetty). */
    static String errorTypeFor(int status) {
        return switch (status) {
            case 404 -> ErrorType.ROUTE_NOT_FOUND.wireName();
            case 405 -> ErrorType.METHOD_NOT_ALLOWED.wireName();
            case 429 -> ErrorType.TOO_MANY_REQUESTS.wireName();
            case 503 -> ErrorType.SERVER_UNAVAILABLE.wireName();
            default -> status >= 500 ? ErrorType.INTERNAL_SERVER_ERROR.wireName() : ErrorType.BAD_REQUEST.wireName();
        };
    }

    private static void notFound(Context ctx) {
        if (SdkRouter.isSdkPath(ctx.path())) {
            // The SDK reaches only what a feature registered for it; backend-only calls live under /v1.
            Envelope.error(
                    ctx,
                    ErrorType.ENDPOINT_NOT_AUTHORIZED_FOR_SDK,
                    ctx.method() + " " + ctx.path() + " is not available to the browser SDK.");
        } else {
            Envelope.error(ctx, ErrorType.ROUTE_NOT_FOUND, "No route " + ctx.method() + " " + ctx.path() + ".");
        }
    }
}
