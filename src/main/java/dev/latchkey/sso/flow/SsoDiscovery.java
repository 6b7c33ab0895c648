package dev.latchkey.sso.flow;

import dev.latchkey.member.EmailAddresses;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.sso.SsoConnection;
import dev.latchkey.sso.SsoConnections;
import dev.latchkey.store.Database;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /sdk/v1/b2b/sso/discovery/connections?email_address=} (SSO_OAUTH.md §1.2): the active SSO connections an
 * address may sign in through, so a login page can offer "Continue with SSO" from an email alone.
 *
 * <p>The browser holds only a public token, so the answer must not tell whether an address has an account: it is
 * derived from the address's <em>domain</em> only (organizations that list the domain in
 * {@code email_allowed_domains} or {@code claimed_email_domains}), never from membership. Any two addresses at one
 * domain get the same answer (docs/sso.md).
 */
public final class SsoDiscovery {
    private final Database db;
    private final OrganizationService organizations;
    private final SsoConnections connections;

    SsoDiscovery(Database db, OrganizationService organizations, SsoConnections connections) {
        this.db = db;
        this.organizations = organizations;
        this.connections = connections;
    }

    /** {@code ActiveSSOConnection}: {@code {connection_id, display_name, identity_provider}}. */
    public record ActiveConnection(String connectionId, String displayName, String identityProvider) {}

    /** Raises {@code invalid_email}. */
    public List<ActiveConnection> connections(Project project, String emailAddress) {
        String domain = EmailAddresses.domain(EmailAddresses.normalize(emailAddress));
        return db.withHandle(h -> {
            List<ActiveConnection> out = new ArrayList<>();
            for (Organization org : organizations.withEmailDomain(h, project, domain)) {
                for (SsoConnection c : connections.ofOrganization(h, project, org.id())) {
                    if (c.active()) {
                        out.add(new ActiveConnection(c.connectionId(), c.displayName(), c.identityProvider()));
                    }
                }
            }
            return out;
        });
    }
}
