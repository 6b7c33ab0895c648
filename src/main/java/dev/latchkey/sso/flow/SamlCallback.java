package dev.latchkey.sso.flow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.sso.SamlConnection;
import dev.latchkey.sso.SsoConnection;
import dev.latchkey.sso.SsoConnections;
import dev.latchkey.sso.saml.SamlAssertion;
import dev.latchkey.sso.saml.SamlServiceProvider;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SAML assertion consumer service, {@code POST /v1/b2b/sso/callback/{connection_id}} (SSO_OAUTH.md §1.3 step 3).
 *
 * <p>SP-initiated: the RelayState names a live login started here, the response must answer that login's
 * AuthnRequest (InResponseTo), and the RelayState is then used up. IdP-initiated: no RelayState, or one this server
 * never issued (an IdP may carry its own value there); allowed only while the connection's
 * {@code idp_initiated_auth_disabled} is false, the response must then answer no request, and the login ends at the
 * project's default URLs. A RelayState this server issued that was used or expired is refused, never downgraded to
 * IdP-initiated. An assertion is accepted once ({@code duplicate_saml_response}).
 */
public final class SamlCallback {
    private final Database db;
    private final ProjectService projects;
    private final SsoConnections connections;
    private final SsoRequestStore requests;
    private final UsedAssertionStore usedAssertions;
    private final SsoRedirects redirects;
    private final SsoLanding landing;
    private final SamlServiceProvider saml;
    private final Clock clock;

    SamlCallback(
            Database db,
            ProjectService projects,
            SsoConnections connections,
            SsoRequestStore requests,
            UsedAssertionStore usedAssertions,
            SsoRedirects redirects,
            SsoLanding landing,
            SamlServiceProvider saml,
            Clock clock) {
        this.db = db;
        this.projects = projects;
        this.connections = connections;
        this.requests = requests;
        this.usedAssertions = usedAssertions;
        this.redirects = redirects;
        this.landing = landing;
        this.saml = saml;
        this.clock = clock;
    }

    /**
     * Raises {@code missing_saml_response}, {@code saml_csrf_cookie_mismatch} (a spent or expired RelayState),
     * {@code sso_connection_not_found}, {@code requires_active_sso_connection},
     * {@code saml_idp_initiated_auth_disabled}, the SAML layer's response errors, {@code duplicate_saml_response},
     * {@code invalid_saml_response_email}, {@code invalid_connection_for_jit_provisioning} and the default redirect
     * URL errors of an IdP-initiated login. Nothing is written when it raises.
     */
    public Landed accept(String connectionId, String samlResponse, String relayState) {
        if (samlResponse == null || samlResponse.isBlank()) {
            throw new ApiException(ErrorType.MISSING_SAML_RESPONSE, "The POST carries no SAMLResponse.");
        }
        return db.inTransaction(h -> {
            Instant now = now();
            Optional<SsoRequest> started = Optional.empty();
            if (relayState != null && !relayState.isEmpty()) {
                String digest = SsoStart.digest(relayState);
                started = requests.consume(h, digest, connectionId, now);
                if (started.isEmpty() && requests.exists(h, digest, connectionId)) {
                    throw new ApiException(
                            ErrorType.SAML_CSRF_COOKIE_MISMATCH,
                            "This RelayState was already used or has expired: start the login again.");
                }
            }
            Project project = started.map(r -> projects.find(r.projectId()))
                    .orElseGet(() -> connections.projectIdOf(h, connectionId).flatMap(projects::find))
                    .orElseThrow(SamlCallback::noConnection);
            SsoConnection c = SsoConnectionRules.requireUsable(connections.find(h, project, connectionId), project);
            if (!(c instanceof SamlConnection s)) {
                throw noConnection();
            }
            if (started.isEmpty() && s.idpInitiatedAuthDisabled()) {
                throw new ApiException(
                        ErrorType.SAML_IDP_INITIATED_AUTH_DISABLED,
                        "This connection accepts only logins started at Latchkey (IdP-initiated login is disabled).");
            }
            SamlAssertion a = saml.validate(
                    SsoConnectionRules.settings(s),
                    samlResponse,
                    started.map(SsoRequest::samlRequestId).orElse(null),
                    now);
            if (!usedAssertions.record(h, project.id(), connectionId, a.assertionId(), a.notOnOrAfter(), now)) {
                throw new ApiException(ErrorType.DUPLICATE_SAML_RESPONSE, "This SAML assertion was already used.");
            }
            SsoIdentity identity = AttributeMapping.saml(s.attributeMapping(), a.nameId(), attributes(a));
            SsoRedirects.Pair urls = started.map(
                            r -> new SsoRedirects.Pair(r.loginRedirectUrl(), r.signupRedirectUrl()))
                    .orElseGet(() -> redirects.resolve(h, project, null, null));
            // SP-initiated through an external connection signs in to that connection's organization; IdP-initiated
            // logins always go to the connection's own organization.
            String url = landing.land(
                    h,
                    project,
                    started.map(SsoRequest::organizationId).orElse(s.organizationId()),
                    started.map(SsoRequest::memberConnectionId).orElse(connectionId),
                    true,
                    identity,
                    urls,
                    started.map(SsoRequest::codeChallenge).orElse(null));
            return new Landed(project, url);
        });
    }

    /** The assertion's attributes as JSON: one value as a string, several as an array (the registration keeps them). */
    static ObjectNode attributes(SamlAssertion a) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, List<String>> e : a.attributes().entrySet()) {
            List<String> values = e.getValue();
            if (values.size() == 1) {
                out.put(e.getKey(), values.get(0));
            } else {
                values.forEach(out.putArray(e.getKey())::add);
            }
        }
        return out;
    }

    private static ApiException noConnection() {
        return new ApiException(ErrorType.SSO_CONNECTION_NOT_FOUND, "No SAML connection has this id.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
