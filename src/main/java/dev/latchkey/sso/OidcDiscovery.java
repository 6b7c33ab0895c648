package dev.latchkey.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * OpenID Connect Discovery 1.0: fetches {@code <issuer>/.well-known/openid-configuration} and reads the four
 * endpoints a connection needs. A failure is not an error of the update that asked (SSO_OAUTH.md §1.2): it becomes
 * the response's {@code warning}, and the admin may give the endpoints by hand.
 */
public final class OidcDiscovery {
    static final String WELL_KNOWN = "/.well-known/openid-configuration";

    private final RemoteDocuments remote = new RemoteDocuments();
    private final ObjectMapper json = new ObjectMapper();

    /** The endpoints an issuer publishes; any may be "" when the document omits it. */
    record Endpoints(String authorizationUrl, String tokenUrl, String userinfoUrl, String jwksUrl) {}

    /** The endpoints, or the warning that says why there are none. */
    record Outcome(Optional<Endpoints> endpoints, String warning) {}

    Outcome discover(String issuer, boolean httpsOnly) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        String url = base + WELL_KNOWN;
        JsonNode doc;
        try {
            doc = json.readTree(remote.fetch(url, httpsOnly));
        } catch (RemoteDocuments.FetchFailed e) {
            return failed("OIDC discovery failed: " + e.getMessage() + ". Set the endpoint URLs yourself.");
        } catch (Exception e) {
            return failed("OIDC discovery failed: " + url + " is not a JSON document. Set the endpoint URLs yourself.");
        }
        if (doc == null || !doc.isObject()) {
            return failed("OIDC discovery failed: " + url + " is not a JSON object. Set the endpoint URLs yourself.");
        }
        // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one it was fetched for.
        String published = doc.path("issuer").asText("");
        if (!published.equals(issuer) && !published.equals(base)) {
            return failed("OIDC discovery failed: the document at " + url + " names issuer '" + published + "', not '"
                    + issuer + "'. Set the endpoint URLs yourself.");
        }
        return new Outcome(
                Optional.of(new Endpoints(
                        doc.path("authorization_endpoint").asText(""),
                        doc.path("token_endpoint").asText(""),
                        doc.path("userinfo_endpoint").asText(""),
                        doc.path("jwks_uri").asText(""))),
                "");
    }

    private static Outcome failed(String warning) {
        return new Outcome(Optional.empty(), warning);
    }
}
