package dev.latchkey.app;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.OutboxRoutes;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.Envelope;
import dev.latchkey.http.HttpErrors;
import dev.latchkey.member.MemberRoutes;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.MemberStore;
import dev.latchkey.organization.OrganizationRoutes;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.organization.OrganizationStore;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.store.Database;
import dev.latchkey.store.EmbeddedDatabase;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Map;

/**
 * The whole server, wired by hand: configuration, database, stores, services, routes. {@code main()} and
 * the HTTP tests both start it through {@link #start}.
 */
public final class Application implements AutoCloseable {
    private final EmbeddedDatabase embedded;
    private final Database db;
    private final Javalin http;
    private final Services services;

    /** The services, for the CLI and for tests that set up state without HTTP. */
    public record Services(
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            DevOutbox outbox,
            SecretBox secretBox) {}

    private Application(EmbeddedDatabase embedded, Database db, Javalin http, Services services) {
        this.embedded = embedded;
        this.db = db;
        this.http = http;
        this.services = services;
    }

    /** Starts the database (embedded unless a URL is configured), runs migrations and serves HTTP. */
    public static Application start(Config config, Clock clock) {
        EmbeddedDatabase embedded = null;
        Database db = null;
        try {
            String url = config.databaseUrl();
            if (url == null) {
                embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres"));
                url = embedded.jdbcUrl("postgres");
            }
            db = Database.open(url, config.databaseUser(), config.databasePassword(), config.databasePoolSize());
            Services services = services(config, db, clock);
            Bootstrap.run(config, services.projects());
            Javalin http = http(config, db, services, clock).start(config.host(), config.port());
            return new Application(embedded, db, http, services);
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static Services services(Config config, Database db, Clock clock) {
        ProjectService projects = new ProjectService(db, new ProjectStore(), clock);
        OrganizationService organizations = new OrganizationService(db, new OrganizationStore(), clock);
        MemberService members = new MemberService(db, new MemberStore(), organizations, clock);
        return new Services(
                projects, organizations, members, new DevOutbox(db, clock), new SecretBox(MasterKey.load(config)));
    }

    private static Javalin http(Config config, Database db, Services s, Clock clock) {
        return Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = 1_000_000L;
            c.http.prefer405over404 = true;
            c.router.treatMultipleSlashesAsSingleSlash = true; // the Java SDK sends //v1 for a base URL ending in '/'
            c.startup.showJavalinBanner = false;
            HttpErrors.install(c);
            c.routes.get("/healthz", ctx -> Envelope.raw(ctx, 200, Map.of("status", "ok")));
            c.routes.get("/readyz", ctx -> {
                boolean ready = db.isReady();
                Envelope.raw(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "database unavailable"));
            });
            ApiRouter api = new ApiRouter(c.routes, s.projects());
            new OrganizationRoutes(s.organizations()).addTo(api);
            new MemberRoutes(s.members(), clock).addTo(api);
            new OutboxRoutes(s.outbox()).addTo(api);
        });
    }

    public int port() {
        return http.port();
    }

    public Services services() {
        return services;
    }

    /** Stops HTTP first, then the pool, then the embedded database. */
    @Override
    public void close() {
        http.stop();
        db.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
