package dev.latchkey.app;

import dev.latchkey.delivery.OutboxRoutes;
import dev.latchkey.discovery.DiscoveryRoutes;
import dev.latchkey.emailotp.EmailOtpRoutes;
import dev.latchkey.http.Authorizer;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Route;
import dev.latchkey.magiclink.MagicLinkRoutes;
import dev.latchkey.member.EmailUpdateRoutes;
import dev.latchkey.member.MemberAdminRoutes;
import dev.latchkey.member.MemberRoutes;
import dev.latchkey.mfa.SessionExchangeRoutes;
import dev.latchkey.oauth.OAuthRoutes;
import dev.latchkey.organization.OrganizationExternalIdRoutes;
import dev.latchkey.organization.OrganizationRoutes;
import dev.latchkey.password.PasswordDiscoveryResetRoutes;
import dev.latchkey.password.PasswordLoginRoutes;
import dev.latchkey.password.PasswordRoutes;
import dev.latchkey.password.RequireResetRoutes;
import dev.latchkey.project.DebugRoutes;
import dev.latchkey.project.SdkBootstrapRoutes;
import dev.latchkey.rbac.RbacRoutes;
import dev.latchkey.recoverycode.RecoveryCodeRoutes;
import dev.latchkey.session.ExternalSessionRoutes;
import dev.latchkey.session.SessionJwksRoutes;
import dev.latchkey.session.SessionRoutes;
import dev.latchkey.smsotp.SmsOtpRoutes;
import dev.latchkey.sso.SsoConnectionRoutes;
import dev.latchkey.sso.flow.SsoFlowRoutes;
import dev.latchkey.totp.TotpRoutes;
import java.time.Clock;
import java.util.List;

/** Every feature's routes, declared once for both surfaces: the endpoint inventory the server registers. */
final class Inventory {
    private Inventory() {}

    /**
     * The endpoint inventory: every feature's routes, each declared once for both surfaces ({@link Endpoints}).
     * {@code docs/endpoints.md} is generated from it.
     */
    public static List<Route> of(Services s, Authorizer authorizer, Clock clock) {
        MemberRoutes members = new MemberRoutes(s.members(), s.memberSearch(), clock);
        List<FeatureRoutes> features = List.of(
                new OrganizationRoutes(s.organizations()),
                members,
                new SessionRoutes(s.sessionAuthenticator(), authorizer, clock),
                new SessionExchangeRoutes(s.sessionExchange(), clock),
                new SessionJwksRoutes(s.projects(), s.signingKeys()),
                new SmsOtpRoutes(s.smsOtps(), members, s.throttle(), clock),
                new TotpRoutes(s.totps(), members, s.throttle(), clock),
                new RecoveryCodeRoutes(s.recoveryCodes(), s.throttle(), clock),
                new PasswordRoutes(s.passwords(), members, clock),
                new PasswordLoginRoutes(s.passwordLogins(), s.passwordResetStarts(), s.throttle(), clock),
                new MagicLinkRoutes(s.magicLinks(), s.throttle(), clock),
                new EmailOtpRoutes(s.emailOtps(), s.throttle(), clock),
                new DiscoveryRoutes(s.discovery(), clock),
                new SdkBootstrapRoutes(
                        s.passwords()
                                .ludsRules()
                                .map(l -> new SdkBootstrapRoutes.PasswordConfig(l.minComplexity(), l.minLength()))
                                .orElse(null),
                        project -> s.projectPolicies().policy(project)),
                new OutboxRoutes(s.outbox()),
                new RbacRoutes(s.rbac()),
                new RequireResetRoutes(s.passwordResetRequirements(), clock),
                new PasswordDiscoveryResetRoutes(s.passwordDiscoveryResets(), s.throttle(), clock),
                new ExternalSessionRoutes(s.externalSessions()),
                new MemberAdminRoutes(s.memberAdmin(), clock),
                new EmailUpdateRoutes(s.emailUpdates(), clock),
                new OrganizationExternalIdRoutes(s.organizations()),
                new SsoConnectionRoutes(
                        s.ssoConnectionAdmin(), s.samlConnections(), s.oidcConnections(), s.externalConnections()),
                new SsoFlowRoutes(s.ssoFlow(), clock),
                new DebugRoutes(),
                new OAuthRoutes(s.oauthStarts(), s.oauthCallbacks(), s.oauthLogins(), s.projects(), clock));
        Endpoints e = new Endpoints();
        for (FeatureRoutes feature : features) {
            feature.declare(e);
        }
        return e.routes();
    }
}
