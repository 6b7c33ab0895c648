package dev.latchkey.sso.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testidp.TestOidcProvider;
import dev.latchkey.testidp.TestOidcProviderUser;
import dev.latchkey.testidp.TestSamlIdp;
import dev.latchkey.testidp.TestSamlIdpResponse;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The SSO sign-in driven as a browser would: connections set up through the management API, {@code sso/start}
 * followed to the IdP, the test IdPs answering, the callback's redirect to the app read for its token.
 */
final class SsoLogins {
    static final String APP = "http://localhost:3000/authenticate";
    static final String APP_SIGNUP = "http://localhost:3000/welcome";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // never follows redirects

    final TestServer server;
    final dev.latchkey.testing.Tables tables;
    final TestSamlIdp samlIdp = TestSamlIdp.create();
    final TestOidcProvider oidcIdp;

    SsoLogins(TestServer server) {
        this.server = server;
        this.tables = new dev.latchkey.testing.Tables(server.databaseUrl);
        this.oidcIdp = TestOidcProvider.startOidc(server.clock);
        server.app
                .services()
                .redirectUrls()
                .add(server.project.project(), APP, List.of(dev.latchkey.project.RedirectKind.LOGIN), true);
        server.app
                .services()
                .redirectUrls()
                .add(server.project.project(), APP_SIGNUP, List.of(dev.latchkey.project.RedirectKind.SIGNUP), true);
    }

    /** An active SAML connection of {@code org} trusting the test IdP; {@code extra} adds update fields. */
    String samlConnection(String org, Object... extra) {
        String id = Flows.ok(server.call("POST", "/v1/b2b/sso/saml/" + org, Flows.json("display_name", "Okta")))
                .at("/connection/connection_id");
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("email", "email");
        mapping.put("full_name", "name");
        mapping.put("groups", "groups");
        mapping.put("department", "dept");
        Object[] fields = concat(
                new Object[] {
                    "idp_entity_id", samlIdp.entityId(),
                    "idp_sso_url", samlIdp.ssoUrl(),
                    "x509_certificate", samlIdp.certificatePem(),
                    "attribute_mapping", mapping
                },
                extra);
        TestServer.Response r =
                Flows.ok(server.call("PUT", "/v1/b2b/sso/saml/" + org + "/connections/" + id, Flows.json(fields)));
        assertThat(r.at("/connection/status")).as(r.text()).isEqualTo("active");
        return id;
    }

    /** An active OIDC connection of {@code org} at the test provider (endpoints by discovery). */
    String oidcConnection(String org) {
        String id = Flows.ok(server.call("POST", "/v1/b2b/sso/oidc/" + org, Flows.json("display_name", "Entra")))
                .at("/connection/connection_id");
        TestServer.Response r = Flows.ok(server.call(
                "PUT",
                "/v1/b2b/sso/oidc/" + org + "/connections/" + id,
                Flows.json(
                        "issuer", oidcIdp.issuer(),
                        "client_id", TestOidcProvider.CLIENT_ID,
                        "client_secret", TestOidcProvider.CLIENT_SECRET)));
        assertThat(r.at("/connection/status")).as(r.text()).isEqualTo("active");
        return id;
    }

    /** {@code GET /v1/public/sso/start} with these query parameters (the public token added). */
    Raw start(Object... query) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("public_token", server.project.project().publicToken());
        for (int i = 0; i < query.length; i += 2) {
            if (query[i + 1] != null) {
                q.put((String) query[i], query[i + 1].toString());
            }
        }
        return get("/v1/public/sso/start?" + form(q));
    }

    /** Starts a SAML login and reads the AuthnRequest out of the redirect to the IdP. */
    TestSamlIdp.AuthnRequestSeen startSaml(String connectionId, Object... query) {
        Raw r = start(concat(new Object[] {"connection_id", connectionId}, query));
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        assertThat(r.location()).startsWith(samlIdp.ssoUrl());
        return TestSamlIdp.readAuthnRequest(URI.create(r.location()));
    }

    /** The IdP's signed answer to an AuthnRequest for this user. */
    TestSamlIdpResponse answer(String connectionId, TestSamlIdp.AuthnRequestSeen request, String email) {
        String acs = server.app.services().publicUrl().resolve("/v1/b2b/sso/callback/" + connectionId);
        TestSamlIdpResponse r = samlIdp.response(server.clock.instant())
                .to(acs, acs)
                .nameId("subject-" + email)
                .attribute("email", email)
                .attribute("name", "Ada Lovelace");
        return request == null ? r : r.inResponseTo(request.id());
    }

    /** Posts a SAML response to the ACS as the IdP's auto-submitting form would. */
    Raw post(String connectionId, String samlResponse, String relayState) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("SAMLResponse", samlResponse);
        if (relayState != null) {
            f.put("RelayState", relayState);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/b2b/sso/callback/" + connectionId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(f)))
                .build();
        return send(req);
    }

    /** A full SP-initiated SAML login up to the app's URL; {@code tweak} may change the IdP's response. */
    Raw saml(String connectionId, String email, UnaryOperator<TestSamlIdpResponse> tweak, Object... startQuery) {
        TestSamlIdp.AuthnRequestSeen request = startSaml(connectionId, startQuery);
        String response = tweak.apply(answer(connectionId, request, email)).build();
        return post(connectionId, response, request.relayState());
    }

    Raw saml(String connectionId, String email, Object... startQuery) {
        return saml(connectionId, email, r -> r, startQuery);
    }

    /** A full OIDC login of {@code user} up to the app's URL. */
    Raw oidc(String connectionId, TestOidcProviderUser user, Object... startQuery) {
        oidcIdp.nextUser(user);
        Raw started = start(concat(new Object[] {"connection_id", connectionId}, startQuery));
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        URI callback = oidcIdp.callbackFor(URI.create(started.location()));
        return get(callback.getRawPath() + "?" + callback.getRawQuery());
    }

    /** The sso_token of a redirect to the app, checking the token type. */
    static String token(Raw landed) {
        assertThat(landed.status()).as(landed.body()).isEqualTo(302);
        Map<String, String> q = query(URI.create(landed.location()));
        assertThat(q).containsEntry("stytch_token_type", "sso");
        return q.get("token");
    }

    /** {@code POST /v1/b2b/sso/authenticate} over raw HTTP. */
    TestServer.Response authenticate(String token, Object... extra) {
        return server.call(
                "POST", "/v1/b2b/sso/authenticate", Flows.json(concat(new Object[] {"sso_token", token}, extra)));
    }

    Raw get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .GET()
                .build());
    }

    /** A response as a browser sees it: status, Location, body (an error envelope when refused). */
    record Raw(int status, String location, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String errorType() {
            return json().path("error_type").asText(null);
        }
    }

    static Map<String, String> query(URI u) {
        Map<String, String> out = new LinkedHashMap<>();
        if (u.getRawQuery() == null) {
            return out;
        }
        for (String pair : u.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(
                    URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Raw send(HttpRequest req) {
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            return new Raw(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }

    static Object[] concat(Object[] a, Object[] b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Runs a call that must be refused (a 4xx envelope, no redirect) and asserts that no state table changed. */
    Raw unchanged(java.util.function.Supplier<Raw> call) {
        Map<String, List<String>> before = tables.snapshot();
        Raw r = call.get();
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.location()).isNull();
        assertThat(r.json().path("status_code").asInt()).isEqualTo(r.status());
        assertThat(tables.snapshot()).isEqualTo(before);
        return r;
    }

    void close() {
        oidcIdp.close();
    }
}
