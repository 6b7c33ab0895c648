package dev.latchkey.http;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;

/**
 * The Jetty handlers in front of Javalin that keep a node's answers bounded (issue 11):
 *
 * <ul>
 *   <li>a {@link QoSHandler}: a bounded queue in front of the routes; a request that finds it full, or waits in it
 *       too long, is answered 503 at once (rendered by {@link JettyErrors} as the envelope with {@code Retry-After}).
 *       {@code /healthz} and {@code /metrics} pass by it, so an overloaded node is not restarted as dead and can still
 *       be watched; {@code /readyz} waits with the rest, so a load balancer sees the overload.
 *   <li>a {@link GracefulHandler} outermost with the server's stop timeout: on stop, the connectors stop accepting,
 *       the requests in flight (queued ones included) finish within the grace period, and only then does the server
 *       stop and the caller close the database pool. Before, a SIGTERM reset every request in flight.
 * </ul>
 */
public final class EdgeHandlers {
    private EdgeHandlers() {}

    public static void install(JavalinConfig config, ServerLimits limits) {
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(limits.shutdownGrace().toMillis());
            QoSHandler queue = new QoSHandler();
            queue.setMaxRequestCount(limits.maxConcurrentRequests());
            queue.setMaxSuspendedRequestCount(limits.maxQueuedRequests());
            queue.setMaxSuspend(limits.maxQueueWait());
            queue.excludePath("/healthz", "/metrics");
            // Javalin attaches its servlet context inside the innermost wrapper, so these end up in front of it,
            // in the order server → graceful → queue → Javalin's statistics → routes.
            server.insertHandler(queue);
            server.insertHandler(new GracefulHandler());
        });
    }
}
