package dev.latchkey.app;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.Authorizer;
import dev.latchkey.http.ClientAddresses;
import dev.latchkey.http.EdgeHandlers;
import dev.latchkey.http.Envelope;
import dev.latchkey.http.HttpErrors;
import dev.latchkey.http.HttpMetrics;
import dev.latchkey.http.Route;
import dev.latchkey.http.SdkRouter;
import dev.latchkey.member.MemberRoles;
import dev.latchkey.session.Factors;
import dev.latchkey.store.Database;
import dev.latchkey.store.EmbeddedDatabase;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole server, wired by hand: configuration, database, stores, services, routes. {@code main()} and
 * the HTTP tests both start it through {@link #start}.
 */
public final class Application implements AutoCloseable {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EmbeddedDatabase embedded;
    private final Database db;
    private final Javalin http;
    private final Services services;
    private final List<Route> routes;

    private Application(EmbeddedDatabase embedded, Database db, Javalin http, Services services, List<Route> routes) {
        this.embedded = embedded;
        this.db = db;
        this.http = http;
        this.services = services;
        this.routes = routes;
    }

    /** The endpoint inventory this server serves. */
    public List<Route> routes() {
        return routes;
    }

    /** Starts the database (embedded unless a URL is configured), runs migrations and serves HTTP. */
    public static Application start(Config config, Clock clock) {
        EmbeddedDatabase embedded = null;
        Database db = null;
        Services services = null;
        try {
            if (config.databaseUrl() == null) {
                embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres"));
                db = Database.open(
                        embedded.jdbcUrl("postgres"),
                        EmbeddedDatabase.USER,
                        embedded.password(),
                        config.databasePoolSize(),
                        config.databaseTimeouts());
            } else {
                db = Database.open(
                        config.databaseUrl(),
                        config.databaseUser(),
                        config.databasePassword(),
                        config.databasePoolSize(),
                        config.databaseTimeouts());
            }
            HttpMetrics metrics = new HttpMetrics();
            services = Services.build(config, db, metrics, clock);
            Bootstrap.run(
                    config,
                    db,
                    services.projects(),
                    services.authorizedOrigins(),
                    services.redirectUrls(),
                    services.projectPolicies(),
                    services.oauthProviders());
            services.outboxWorker().start();
            Authorizer authorizer = new Authorizer(
                    services.rbac(),
                    live -> MemberRoles.forSession(
                            live.member(),
                            live.organization(),
                            Factors.ssoConnections(live.session().factors())));
            List<Route> routes = Inventory.of(services, authorizer, clock);
            Javalin http =
                    http(config, db, metrics, services, authorizer, routes).start(config.host(), config.port());
            services.publicUrl().boundTo(http.port());
            return new Application(embedded, db, http, services, routes);
        } catch (RuntimeException e) {
            if (services != null) {
                services.outboxWorker().close();
            }
            if (db != null) {
                db.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static Javalin http(
            Config config, Database db, HttpMetrics metrics, Services s, Authorizer authorizer, List<Route> routes) {
        return Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = 1_000_000L;
            c.http.prefer405over404 = true;
            c.router.treatMultipleSlashesAsSingleSlash = true; // the Java SDK sends //v1 for a base URL ending in '/'
            c.startup.showJavalinBanner = false;
            HttpErrors.install(c);
            EdgeHandlers.install(c, config.serverLimits());
            ClientAddresses.trusting(config.trustedProxies()).install(c.routes);
            metrics.install(c);
            c.routes.get("/healthz", ctx -> Envelope.raw(ctx, 200, Map.of("status", "ok")));
            c.routes.get("/readyz", ctx -> {
                boolean ready = db.isReady();
                Envelope.raw(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "database unavailable"));
            });
            ApiRouter api = new ApiRouter(c.routes, s.projects(), s.sessionAuthenticator(), authorizer);
            SdkRouter sdk =
                    new SdkRouter(c.routes, s.projects(), s.authorizedOrigins(), s.sessionAuthenticator(), authorizer);
            // Fixed paths first, on each surface: Javalin takes the first route that matches, and
            // /sdk/v1/b2b/organizations/members/update must not be read as .../members/{member_id} of a member
            // "update".
            routes.stream()
                    .filter(Route::onBackend)
                    .sorted(Comparator.comparing(r -> r.backendPath().contains("{")))
                    .forEach(api::register);
            routes.stream()
                    .filter(Route::onSdk)
                    .sorted(Comparator.comparing(r -> r.sdkPath().contains("{")))
                    .forEach(sdk::register);
        });
    }

    public int port() {
        return http.port();
    }

    public Services services() {
        return services;
    }

    /**
     * Stops HTTP first (it stops accepting, and lets the requests in flight finish within
     * {@code LATCHKEY_SHUTDOWN_GRACE_SECONDS}), then the outbox worker, then the pool, then the embedded database.
     * Only the first call does anything, so a signal handler and a shutdown hook may both call it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop();
        services.outboxWorker().close();
        db.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
