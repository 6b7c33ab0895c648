package dev.latchkey.app;

import dev.latchkey.crypto.OtpHasher;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.delivery.Delivery;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.EmailSender;
import dev.latchkey.delivery.MessageTemplates;
import dev.latchkey.delivery.OutboxRoutes;
import dev.latchkey.delivery.SmsSender;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.Envelope;
import dev.latchkey.http.HttpErrors;
import dev.latchkey.http.JettyErrors;
import dev.latchkey.member.Lockout;
import dev.latchkey.member.MemberRoutes;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.MemberStore;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.SessionExchange;
import dev.latchkey.mfa.SessionExchangeRoutes;
import dev.latchkey.organization.OrganizationRoutes;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.organization.OrganizationStore;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordLoginRoutes;
import dev.latchkey.password.PasswordLogins;
import dev.latchkey.password.PasswordResetStore;
import dev.latchkey.password.PasswordResets;
import dev.latchkey.password.PasswordRoutes;
import dev.latchkey.password.PasswordService;
import dev.latchkey.password.PasswordStore;
import dev.latchkey.password.PasswordStrength;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.recoverycode.RecoveryCodeFlows;
import dev.latchkey.recoverycode.RecoveryCodeRoutes;
import dev.latchkey.recoverycode.RecoveryCodeService;
import dev.latchkey.recoverycode.RecoveryCodeStore;
import dev.latchkey.session.IntermediateSessionService;
import dev.latchkey.session.IntermediateSessionStore;
import dev.latchkey.session.SecondFactors;
import dev.latchkey.session.SessionAuthenticator;
import dev.latchkey.session.SessionJwksRoutes;
import dev.latchkey.session.SessionJwts;
import dev.latchkey.session.SessionRoutes;
import dev.latchkey.session.SessionService;
import dev.latchkey.session.SessionStore;
import dev.latchkey.session.SigningKeyStore;
import dev.latchkey.session.SigningKeys;
import dev.latchkey.smsotp.SmsOtpRoutes;
import dev.latchkey.smsotp.SmsOtpService;
import dev.latchkey.smsotp.SmsOtpStore;
import dev.latchkey.store.Database;
import dev.latchkey.store.EmbeddedDatabase;
import dev.latchkey.totp.TotpFlows;
import dev.latchkey.totp.TotpRoutes;
import dev.latchkey.totp.TotpService;
import dev.latchkey.totp.TotpStore;
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
            PasswordService passwords,
            PasswordResets passwordResets,
            DevOutbox outbox,
            EmailSender email,
            SmsSender sms,
            MessageTemplates templates,
            SecretBox secretBox,
            SigningKeys signingKeys,
            SessionJwts sessionJwts,
            Database database,
            Lockout lockout,
            SessionService sessions,
            SessionAuthenticator sessionAuthenticator,
            SecondFactors secondFactors,
            SmsOtpService smsOtps,
            PrimaryAuth primaryAuth,
            SessionExchange sessionExchange,
            TotpFlows totps,
            RecoveryCodeFlows recoveryCodes,
            PasswordLogins passwordLogins) {}

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
        DevOutbox outbox = new DevOutbox(db, clock);
        Delivery delivery = new Delivery(config.delivery(), outbox, clock);
        byte[] masterKey = MasterKey.load(config);
        SecretBox secretBox = new SecretBox(masterKey);
        SigningKeys signingKeys = new SigningKeys(db, new SigningKeyStore(), secretBox, clock);
        SessionJwts jwts = new SessionJwts(signingKeys, clock);
        MessageTemplates templates = new MessageTemplates();
        Lockout lockout = new Lockout(db, new MemberStore(), clock);
        IntermediateSessionService intermediate = new IntermediateSessionService(new IntermediateSessionStore(), clock);
        SessionService sessions = new SessionService(new SessionStore(), jwts, clock);
        SecondFactors secondFactors = new SecondFactors(intermediate, sessions, members, clock);
        SmsOtpService sms = new SmsOtpService(
                db,
                new SmsOtpStore(),
                delivery.sms(),
                templates,
                members,
                secondFactors,
                lockout,
                new OtpHasher(masterKey),
                clock);
        PrimaryAuth primary = new PrimaryAuth(intermediate, sessions, sms);
        RecoveryCodeService recoveryCodes = new RecoveryCodeService(new RecoveryCodeStore(), secretBox, members, clock);
        TotpService totp = new TotpService(new TotpStore(), recoveryCodes, secretBox, members, clock);
        PasswordService passwords = new PasswordService(
                db, new PasswordStore(), new PasswordHasher(), new PasswordStrength(), members, organizations, clock);
        PasswordResets passwordResets =
                new PasswordResets(new PasswordResetStore(), members, organizations, delivery.email(), clock);
        return new Services(
                projects,
                organizations,
                members,
                passwords,
                passwordResets,
                outbox,
                delivery.email(),
                delivery.sms(),
                templates,
                secretBox,
                signingKeys,
                jwts,
                db,
                lockout,
                sessions,
                new SessionAuthenticator(db, sessions, members),
                secondFactors,
                sms,
                primary,
                new SessionExchange(db, sessions, organizations, members, primary, clock),
                new TotpFlows(db, totp, members, secondFactors, lockout, clock),
                new RecoveryCodeFlows(db, recoveryCodes, members, secondFactors, lockout, clock),
                new PasswordLogins(
                        db, passwords, passwordResets, organizations, members, sessions, primary, lockout, clock));
    }

    private static Javalin http(Config config, Database db, Services s, Clock clock) {
        return Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = 1_000_000L;
            c.http.prefer405over404 = true;
            c.router.treatMultipleSlashesAsSingleSlash = true; // the Java SDK sends //v1 for a base URL ending in '/'
            c.startup.showJavalinBanner = false;
            c.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            HttpErrors.install(c.routes);
            c.routes.get("/healthz", ctx -> Envelope.raw(ctx, 200, Map.of("status", "ok")));
            c.routes.get("/readyz", ctx -> {
                boolean ready = db.isReady();
                Envelope.raw(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "database unavailable"));
            });
            ApiRouter api = new ApiRouter(c.routes, s.projects());
            new OrganizationRoutes(s.organizations()).addTo(api);
            MemberRoutes members = new MemberRoutes(s.members(), clock);
            members.addTo(api);
            new SessionRoutes(s.sessionAuthenticator(), clock).addTo(api);
            new SessionExchangeRoutes(s.sessionExchange(), clock).addTo(api);
            new SmsOtpRoutes(s.smsOtps(), members, clock).addTo(api);
            TotpRoutes totps = new TotpRoutes(s.totps(), clock);
            totps.addTo(api);
            totps.addMemberRoutesTo(api, members);
            new RecoveryCodeRoutes(s.recoveryCodes(), clock).addTo(api);
            new PasswordRoutes(s.passwords(), clock).addTo(api);
            new PasswordLoginRoutes(s.passwordLogins(), clock).addTo(api);
            new OutboxRoutes(s.outbox()).addTo(api);
            new SessionJwksRoutes(s.projects(), s.signingKeys()).addTo(api);
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
