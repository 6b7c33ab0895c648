package dev.latchkey.sso.flow;

import dev.latchkey.delivery.Links;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import org.jdbi.v3.core.Handle;

/**
 * The end of every accepted IdP answer, SAML or OIDC (SSO_OAUTH.md §1.3 step 4): the member is resolved or provisioned
 * in the connection's organization, a single-use sso_token is minted, and the browser goes to the signup URL when the
 * member was created now, else to the login URL, with {@code ?stytch_token_type=sso&token=…}.
 */
final class SsoLanding {
    static final String TOKEN_TYPE = "sso";

    private final OrganizationService organizations;
    private final SsoProvisioning provisioning;
    private final SsoTokens tokens;

    SsoLanding(OrganizationService organizations, SsoProvisioning provisioning, SsoTokens tokens) {
        this.organizations = organizations;
        this.provisioning = provisioning;
        this.tokens = tokens;
    }

    /**
     * Inside the callback's transaction; returns the app URL carrying the token. {@code memberConnectionId} is the
     * connection the member signs in through (an external connection of {@code organizationId}, or the connection the
     * IdP answered at): its registrations, roles and JIT setting apply, and the session's SSO factor names it.
     */
    String land(
            Handle h,
            Project project,
            String organizationId,
            String memberConnectionId,
            boolean saml,
            SsoIdentity identity,
            SsoRedirects.Pair urls,
            String codeChallenge) {
        Organization org = organizations.require(h, project, organizationId);
        SsoProvisioning.Provisioned who = provisioning.provision(h, project, org, memberConnectionId, identity);
        String token =
                tokens.mint(h, project, org.id(), who, memberConnectionId, saml, identity.externalId(), codeChallenge);
        return Links.withToken(who.created() ? urls.signup() : urls.login(), TOKEN_TYPE, token);
    }
}
