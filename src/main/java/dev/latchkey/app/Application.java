package dev.latchkey.app;

import dev.latchkey.crypto.OtpHasher;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.delivery.Delivery;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.MessageTemplates;
import dev.latchkey.delivery.Outbox;
import dev.latchkey.delivery.OutboxMetrics;
import dev.latchkey.delivery.OutboxStore;
import dev.latchkey.delivery.OutboxWorker;
import dev.latchkey.discovery.DiscoveryService;
import dev.latchkey.emailotp.EmailOtpStore;
import dev.latchkey.emailotp.EmailOtps;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.Authorizer;
import dev.latchkey.http.ClientAddresses;
import dev.latchkey.http.EdgeHandlers;
import dev.latchkey.http.Envelope;
import dev.latchkey.http.HttpErrors;
import dev.latchkey.http.HttpMetrics;
import dev.latchkey.http.PublicUrl;
import dev.latchkey.http.Route;
import dev.latchkey.http.SdkRouter;
import dev.latchkey.magiclink.MagicLinkStore;
import dev.latchkey.magiclink.MagicLinks;
import dev.latchkey.member.EmailUpdateFlows;
import dev.latchkey.member.EmailUpdateService;
import dev.latchkey.member.EmailUpdateStore;
import dev.latchkey.member.Lockout;
import dev.latchkey.member.MemberAdminService;
import dev.latchkey.member.MemberRoles;
import dev.latchkey.member.MemberSearchService;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.MemberStore;
import dev.latchkey.member.SecurityNotices;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.SessionExchange;
import dev.latchkey.oauth.OAuthCallbacks;
import dev.latchkey.oauth.OAuthDiscoveryTenantStore;
import dev.latchkey.oauth.OAuthDiscoveryTenants;
import dev.latchkey.oauth.OAuthLogins;
import dev.latchkey.oauth.OAuthProviderStore;
import dev.latchkey.oauth.OAuthProviders;
import dev.latchkey.oauth.OAuthRegistrationStore;
import dev.latchkey.oauth.OAuthRegistrations;
import dev.latchkey.oauth.OAuthStarts;
import dev.latchkey.oauth.OAuthStateStore;
import dev.latchkey.oauth.OAuthTokenStore;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.organization.OrganizationStore;
import dev.latchkey.password.PasswordDiscoveryResets;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordLogins;
import dev.latchkey.password.PasswordResetRequirements;
import dev.latchkey.password.PasswordResetStore;
import dev.latchkey.password.PasswordResets;
import dev.latchkey.password.PasswordService;
import dev.latchkey.password.PasswordStore;
import dev.latchkey.password.PasswordStrength;
import dev.latchkey.project.AuthorizedOriginStore;
import dev.latchkey.project.AuthorizedOrigins;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.project.RedirectUrlStore;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.rbac.ProjectPolicies;
import dev.latchkey.rbac.RbacPolicies;
import dev.latchkey.rbac.RbacStore;
import dev.latchkey.recoverycode.RecoveryCodeFlows;
import dev.latchkey.recoverycode.RecoveryCodeService;
import dev.latchkey.recoverycode.RecoveryCodeStore;
import dev.latchkey.session.ExternalSessions;
import dev.latchkey.session.Factors;
import dev.latchkey.session.IntermediateSessionService;
import dev.latchkey.session.IntermediateSessionStore;
import dev.latchkey.session.SecondFactorAttempts;
import dev.latchkey.session.SecondFactors;
import dev.latchkey.session.SessionAuthenticator;
import dev.latchkey.session.SessionJwts;
import dev.latchkey.session.SessionService;
import dev.latchkey.session.SessionStore;
import dev.latchkey.session.SigningKeyStore;
import dev.latchkey.session.SigningKeys;
import dev.latchkey.smsotp.SmsOtpService;
import dev.latchkey.smsotp.SmsOtpStore;
import dev.latchkey.sso.ExternalConnections;
import dev.latchkey.sso.OidcConnections;
import dev.latchkey.sso.SamlConnections;
import dev.latchkey.sso.SamlMetadataFetcher;
import dev.latchkey.sso.SsoCertificateStore;
import dev.latchkey.sso.SsoConnectionAdmin;
import dev.latchkey.sso.SsoConnectionStore;
import dev.latchkey.sso.SsoConnections;
import dev.latchkey.sso.flow.SsoFlow;
import dev.latchkey.sso.saml.SamlServiceProvider;
import dev.latchkey.store.Database;
import dev.latchkey.store.EmbeddedDatabase;
import dev.latchkey.throttle.Throttle;
import dev.latchkey.throttle.ThrottleStore;
import dev.latchkey.totp.TotpFlows;
import dev.latchkey.totp.TotpService;
import dev.latchkey.totp.TotpStore;
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

    /** The services, for the CLI and for tests that set up state without HTTP. */
    public record Services(
            ProjectService projects,
            AuthorizedOrigins authorizedOrigins,
            OrganizationService organizations,
            MemberService members,
            MemberSearchService memberSearch,
            PasswordService passwords,
            PasswordResets passwordResets,
            DevOutbox outbox,
            Outbox messages,
            OutboxWorker outboxWorker,
            MessageTemplates templates,
            SecretBox secretBox,
            OtpHasher otpHasher,
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
            PasswordLogins passwordLogins,
            RedirectUrls redirectUrls,
            MagicLinks magicLinks,
            EmailOtps emailOtps,
            DiscoveryService discovery,
            Throttle throttle,
            MemberAdminService memberAdmin,
            EmailUpdateFlows emailUpdates,
            ProjectPolicies projectPolicies,
            RbacPolicies rbac,
            PasswordResetRequirements passwordResetRequirements,
            PasswordDiscoveryResets passwordDiscoveryResets,
            ExternalSessions externalSessions,
            PublicUrl publicUrl,
            SsoConnections ssoConnections,
            SsoConnectionAdmin ssoConnectionAdmin,
            SamlConnections samlConnections,
            OidcConnections oidcConnections,
            ExternalConnections externalConnections,
            SsoFlow ssoFlow,
            OidcClient oidcClient,
            OAuthProviders oauthProviders,
            OAuthStarts oauthStarts,
            OAuthCallbacks oauthCallbacks,
            OAuthLogins oauthLogins) {}

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
            services = services(config, db, metrics, clock);
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

    private static Services services(Config config, Database db, HttpMetrics metrics, Clock clock) {
        ProjectService projects = new ProjectService(db, new ProjectStore(), clock);
        // rbac/ sits above organizations and members, which validate role ids through this RoleCatalog.
        ProjectPolicies projectPolicies = new ProjectPolicies(db, new RbacStore(), projects, clock);
        OrganizationService organizations =
                new OrganizationService(db, new OrganizationStore(), projectPolicies, clock);
        byte[] masterKey = MasterKey.load(config);
        SecretBox secretBox = new SecretBox(masterKey);
        DevOutbox devOutbox = new DevOutbox(db, clock);
        Delivery delivery = new Delivery(config.delivery(), clock);
        OutboxWorker outboxWorker = new OutboxWorker(
                db,
                new OutboxStore(),
                secretBox,
                delivery,
                config.delivery().outbox(),
                new OutboxMetrics(metrics.registry()),
                clock);
        Outbox outbox = new Outbox(delivery, devOutbox, new OutboxStore(), secretBox, outboxWorker::wake, clock);
        MessageTemplates templates = new MessageTemplates();
        MemberService members = new MemberService(
                db,
                new MemberStore(),
                new EmailUpdateStore(),
                organizations,
                projectPolicies,
                new SecurityNotices(outbox, templates),
                clock);
        EmailUpdateService emailUpdates = new EmailUpdateService(new EmailUpdateStore(), new MemberStore(), clock);
        OtpHasher otpHasher = new OtpHasher(masterKey);
        SigningKeys signingKeys = new SigningKeys(db, new SigningKeyStore(), secretBox, clock);
        SessionJwts jwts = new SessionJwts(signingKeys, clock);
        Lockout lockout = new Lockout(db, new MemberStore(), clock);
        IntermediateSessionService intermediate = new IntermediateSessionService(new IntermediateSessionStore(), clock);
        SessionService sessions = new SessionService(new SessionStore(), jwts, clock);
        SecondFactors secondFactors = new SecondFactors(intermediate, sessions, members, clock);
        SecondFactorAttempts attempts = new SecondFactorAttempts(db, members, intermediate, secondFactors, lockout);
        Throttle throttle = new Throttle(db, new ThrottleStore(), config.throttle(), clock);
        SmsOtpService sms = new SmsOtpService(
                db, new SmsOtpStore(), outbox, templates, members, secondFactors, attempts, otpHasher, throttle, clock);
        PrimaryAuth primary = new PrimaryAuth(intermediate, sessions, sms);
        RedirectUrls redirectUrls = new RedirectUrls(db, new RedirectUrlStore(), clock);
        OAuthDiscoveryTenants oauthDiscoveryTenants = new OAuthDiscoveryTenants(new OAuthDiscoveryTenantStore());
        DiscoveryService discovery = new DiscoveryService(
                db, intermediate, sessions, organizations, members, primary, oauthDiscoveryTenants, clock);
        RecoveryCodeService recoveryCodes =
                new RecoveryCodeService(new RecoveryCodeStore(), secretBox, otpHasher, members, clock);
        TotpService totp = new TotpService(new TotpStore(), recoveryCodes, secretBox, members, clock);
        PasswordService passwords = new PasswordService(
                db,
                new PasswordStore(),
                new PasswordHasher(PasswordHasher.Argon2Params.OWASP, config.hashing()),
                new PasswordStrength(),
                members,
                organizations,
                clock);
        PasswordResets passwordResets =
                new PasswordResets(new PasswordResetStore(), members, organizations, outbox, clock);
        MagicLinks magicLinks = new MagicLinks(
                db,
                new MagicLinkStore(),
                organizations,
                members,
                emailUpdates,
                redirectUrls,
                throttle,
                outbox,
                templates,
                primary,
                discovery,
                clock);
        EmailOtps emailOtps = new EmailOtps(
                db,
                new EmailOtpStore(),
                organizations,
                members,
                emailUpdates,
                throttle,
                outbox,
                templates,
                otpHasher,
                primary,
                discovery,
                clock);
        PublicUrl publicUrl = new PublicUrl(config.publicUrl());
        SsoConnectionStore ssoStore = new SsoConnectionStore();
        SsoConnections ssoConnections = new SsoConnections(ssoStore, secretBox, publicUrl);
        OidcClient oidcClient = new OidcClient(clock);
        OAuthProviders oauthProviders =
                new OAuthProviders(db, new OAuthProviderStore(), secretBox, oidcClient, publicUrl::resolve, clock);
        OAuthStateStore oauthStates = new OAuthStateStore();
        OAuthTokenStore oauthTokens = new OAuthTokenStore();
        OAuthRegistrations oauthRegistrations = new OAuthRegistrations(new OAuthRegistrationStore(), secretBox);
        return new Services(
                projects,
                new AuthorizedOrigins(db, new AuthorizedOriginStore(), new ProjectStore(), clock),
                organizations,
                members,
                new MemberSearchService(db, new MemberStore(), organizations),
                passwords,
                passwordResets,
                devOutbox,
                outbox,
                outboxWorker,
                templates,
                secretBox,
                otpHasher,
                signingKeys,
                jwts,
                db,
                lockout,
                sessions,
                new SessionAuthenticator(db, sessions, members),
                secondFactors,
                sms,
                primary,
                new SessionExchange(db, sessions, organizations, members, primary),
                new TotpFlows(db, totp, members, secondFactors, attempts, clock),
                new RecoveryCodeFlows(db, recoveryCodes, members, secondFactors, attempts, clock),
                new PasswordLogins(
                        db,
                        passwords,
                        passwordResets,
                        organizations,
                        members,
                        sessions,
                        intermediate,
                        primary,
                        lockout,
                        redirectUrls,
                        discovery,
                        throttle,
                        clock),
                redirectUrls,
                magicLinks,
                emailOtps,
                discovery,
                throttle,
                new MemberAdminService(db, new MemberStore(), members, organizations, clock),
                new EmailUpdateFlows(
                        db, members, emailUpdates, magicLinks::sendEmailUpdate, emailOtps::sendEmailUpdate),
                projectPolicies,
                new RbacPolicies(db, projectPolicies, organizations),
                new PasswordResetRequirements(db, new PasswordStore(), members, organizations, clock),
                new PasswordDiscoveryResets(
                        db,
                        passwords,
                        passwordResets,
                        organizations,
                        members,
                        sessions,
                        intermediate,
                        redirectUrls,
                        discovery,
                        throttle,
                        clock),
                new ExternalSessions(db, organizations),
                publicUrl,
                ssoConnections,
                new SsoConnectionAdmin(db, organizations, ssoStore, ssoConnections),
                new SamlConnections(
                        db,
                        organizations,
                        projectPolicies,
                        ssoStore,
                        new SsoCertificateStore(),
                        ssoConnections,
                        new SamlMetadataFetcher(),
                        clock),
                new OidcConnections(db, organizations, ssoStore, ssoConnections, oidcClient, clock),
                new ExternalConnections(db, organizations, projectPolicies, ssoStore, ssoConnections, clock),
                SsoFlow.create(
                        db,
                        projects,
                        organizations,
                        members,
                        ssoConnections,
                        redirectUrls,
                        primary,
                        SamlServiceProvider.standard(),
                        oidcClient,
                        secretBox,
                        clock),
                oidcClient,
                oauthProviders,
                new OAuthStarts(
                        db, oauthProviders, oauthStates, secretBox, oidcClient, organizations, redirectUrls, clock),
                new OAuthCallbacks(
                        db,
                        oauthProviders,
                        oauthStates,
                        oauthTokens,
                        oauthRegistrations,
                        secretBox,
                        oidcClient,
                        projects,
                        organizations,
                        members,
                        clock),
                new OAuthLogins(
                        db,
                        oauthTokens,
                        oauthRegistrations,
                        organizations,
                        members,
                        primary,
                        discovery,
                        oauthDiscoveryTenants,
                        clock));
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
