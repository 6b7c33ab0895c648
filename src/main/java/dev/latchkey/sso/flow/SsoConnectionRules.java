package dev.latchkey.sso.flow;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.oidc.OidcEndpoints;
import dev.latchkey.project.Project;
import dev.latchkey.sso.ExternalConnection;
import dev.latchkey.sso.OidcConnection;
import dev.latchkey.sso.SamlConnection;
import dev.latchkey.sso.SsoConnection;
import dev.latchkey.sso.SsoConnections;
import dev.latchkey.sso.saml.SamlSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** What a connection must be to sign in through, and how its settings become the protocol layers' inputs. */
final class SsoConnectionRules {
    private SsoConnectionRules() {}

    /**
     * The connection, if it is a SAML or OIDC connection that is active and whose IdP URL is https on a live project
     * (a test project may use http IdPs on any host, for local IdPs). Raises {@code sso_connection_not_found} and
     * {@code requires_active_sso_connection}.
     */
    static SsoConnection requireUsable(Optional<SsoConnection> found, Project project) {
        SsoConnection c = found.orElseThrow(
                () -> new ApiException(ErrorType.SSO_CONNECTION_NOT_FOUND, "No SSO connection has this id."));
        if (!(c instanceof SamlConnection || c instanceof OidcConnection)) {
            throw new ApiException(ErrorType.SSO_CONNECTION_NOT_FOUND, "No SAML or OIDC connection has this id.");
        }
        if (!c.active()) {
            throw new ApiException(
                    ErrorType.REQUIRES_ACTIVE_SSO_CONNECTION,
                    "The SSO connection is not active yet: finish its configuration first.");
        }
        String idpUrl = c instanceof SamlConnection s ? s.idpSsoUrl() : ((OidcConnection) c).authorizationUrl();
        if (!project.isTest() && !isHttps(idpUrl)) {
            throw new ApiException(
                    ErrorType.REQUIRES_ACTIVE_SSO_CONNECTION, "A live project signs in only through https IdP URLs.");
        }
        return c;
    }

    /**
     * Where a login through {@code connectionId} goes: the SAML or OIDC connection the IdP answers at, and the
     * organization and connection the member signs in through. For an external connection (an organization reusing
     * another's, SSO_OAUTH.md §1.1) that is the external connection and its organization; the reused connection
     * must be usable. Raises {@code sso_connection_not_found}, {@code requires_active_sso_connection}.
     */
    static Target target(Handle h, SsoConnections connections, Project project, String connectionId) {
        Optional<SsoConnection> found = connections.find(h, project, connectionId);
        if (found.orElse(null) instanceof ExternalConnection x) {
            SsoConnection reused = requireUsable(connections.find(h, project, x.externalConnectionId()), project);
            return new Target(reused, x.organizationId(), x.connectionId());
        }
        SsoConnection c = requireUsable(found, project);
        return new Target(c, c.organizationId(), c.connectionId());
    }

    /**
     * @param connection the SAML or OIDC connection the IdP answers at
     * @param organizationId the organization the member signs in to
     * @param memberConnectionId the connection whose registrations, roles and JIT setting apply
     */
    record Target(SsoConnection connection, String organizationId, String memberConnectionId) {}

    /** What the SAML layer checks a response against, and builds the AuthnRequest from (SAML helper's contract). */
    static SamlSettings settings(SamlConnection c) {
        List<String> audiences = new ArrayList<>(List.of(c.audienceUri()));
        if (notEmpty(c.alternativeAudienceUri())) {
            audiences.add(c.alternativeAudienceUri());
        }
        List<String> destinations = new ArrayList<>(List.of(c.acsUrl()));
        if (notEmpty(c.alternativeAcsUrl())) {
            destinations.add(c.alternativeAcsUrl());
        }
        return new SamlSettings(
                c.audienceUri(),
                audiences,
                notEmpty(c.alternativeAcsUrl()) ? c.alternativeAcsUrl() : c.acsUrl(),
                destinations,
                c.idpEntityId(),
                c.idpSsoUrl(),
                c.verificationCertificates(),
                c.spSigningKey(),
                c.spSigningCertificate(),
                notEmpty(c.nameidFormat()) ? c.nameidFormat() : null);
    }

    static OidcEndpoints endpoints(OidcConnection c) {
        return new OidcEndpoints(c.issuer(), c.authorizationUrl(), c.tokenUrl(), c.userinfoUrl(), c.jwksUrl());
    }

    /** The associated data our sealed PKCE verifier toward the IdP is bound to: its project and request. */
    static byte[] verifierData(Project project, String requestId) {
        return ("sso-request-verifier:" + project.id() + ":" + requestId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code provider_*} parameters to pass on (prefix removed), at most {@link SsoLimits#MAX_PROVIDER_PARAMS} of
     * at most {@link SsoLimits#MAX_PROVIDER_VALUE_LENGTH} characters. The OIDC layer drops the ones that carry the
     * flow's security (state, nonce, PKCE, client, redirect). Raises {@code bad_request}.
     */
    static Map<String, String> providerParams(Map<String, String> given) {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        if (given.size() > SsoLimits.MAX_PROVIDER_PARAMS) {
            throw new ApiException(
                    ErrorType.BAD_REQUEST, "At most " + SsoLimits.MAX_PROVIDER_PARAMS + " provider_* parameters.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (k.isEmpty() || v.length() > SsoLimits.MAX_PROVIDER_VALUE_LENGTH) {
                throw new ApiException(ErrorType.BAD_REQUEST, "A provider_* parameter is empty or too long.");
            }
            out.put(k, v);
        });
        return out;
    }

    private static boolean isHttps(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() != null
                    && u.getScheme().toLowerCase(Locale.ROOT).equals("https");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
