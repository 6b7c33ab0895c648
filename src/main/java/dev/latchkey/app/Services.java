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
import dev.latchkey.http.HttpMetrics;
import dev.latchkey.http.PublicUrl;
import dev.latchkey.magiclink.MagicLinkStore;
import dev.latchkey.magiclink.MagicLinks;
import dev.latchkey.member.EmailUpdateFlows;
import dev.latchkey.member.EmailUpdateService;
import dev.latchkey.member.EmailUpdateStore;
import dev.latchkey.member.Lockout;
import dev.latchkey.member.MemberAdminService;
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
import dev.latchkey.password.PasswordResetStarts;
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
import dev.latchkey.throttle.Throttle;
import dev.latchkey.throttle.ThrottleStore;
import dev.latchkey.totp.TotpFlows;
import dev.latchkey.totp.TotpService;
import dev.latchkey.totp.TotpStore;
import java.time.Clock;

/** The services, for the CLI and for tests that set up state without HTTP, and how they are built. */
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
        PasswordResetStarts passwordResetStarts,
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
        OAuthLogins oauthLogins) {

    /** Every service, wired by hand over the database; nothing is started (the outbox worker starts later). */
    static Services build(Config config, Database db, HttpMetrics metrics, Clock clock) {
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
                        discovery,
                        clock),
                new PasswordResetStarts(db, organizations, members, redirectUrls, throttle, passwordResets),
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
}
