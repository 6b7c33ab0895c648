package dev.latchkey.sso.flow;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.member.MemberService;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.sso.SsoConnections;
import dev.latchkey.sso.saml.SamlServiceProvider;
import dev.latchkey.store.Database;
import java.time.Clock;

/** The SSO sign-in's services, wired together once (the application holds this one object). */
public record SsoFlow(
        SsoStart start,
        SamlCallback samlCallback,
        OidcCallback oidcCallback,
        SsoTokens tokens,
        SsoDiscovery discovery) {

    public static SsoFlow create(
            Database db,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            SsoConnections connections,
            RedirectUrls redirectUrls,
            PrimaryAuth primary,
            SamlServiceProvider saml,
            OidcClient oidc,
            SecretBox box,
            Clock clock) {
        SsoRequestStore requests = new SsoRequestStore();
        SsoRedirects redirects = new SsoRedirects(redirectUrls);
        SsoTokens tokens = new SsoTokens(db, new SsoTokenStore(), organizations, members, primary, clock);
        SsoLanding landing =
                new SsoLanding(organizations, new SsoProvisioning(members, new SsoRegistrationStore(), clock), tokens);
        return new SsoFlow(
                new SsoStart(db, projects, organizations, connections, redirects, requests, saml, oidc, box, clock),
                new SamlCallback(
                        db, projects, connections, requests, new UsedAssertionStore(), redirects, landing, saml, clock),
                new OidcCallback(db, projects, connections, requests, landing, oidc, box, clock),
                tokens,
                new SsoDiscovery(db, organizations, connections));
    }
}
