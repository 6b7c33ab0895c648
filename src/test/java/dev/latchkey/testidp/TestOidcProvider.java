package dev.latchkey.testidp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.oidc.OidcEndpoints;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenID Connect provider (or a GitHub-like plain OAuth 2.0 provider) on 127.0.0.1 for tests, on the JDK's
 * HTTP server. It issues real RS256 ID tokens through real code flows, so the server under test runs its production
 * code against it.
 *
 * <pre>{@code
 * try (var idp = TestOidcProvider.startOidc(clock)) {           // or startPlainOAuth2(clock)
 *     idp.nextUser(TestOidcProviderUser.withEmail("ada@acme.com").claim("hd", "acme.com"));
 *     // configure the server with idp.issuer() (discovery), TestOidcProvider.CLIENT_ID and CLIENT_SECRET
 *     URI callback = idp.callbackFor(authorizationUrlTheServerRedirectedTo);  // "logs in", returns the 302 target
 *     // GET callback at the server under test ...
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code /.well-known/openid-configuration} (OIDC mode only), {@code /jwks}.
 *   <li>{@code /authorize}: no UI; logs in the user given to {@link #nextUser} (it stays the user until changed)
 *       and 302s to {@code redirect_uri?code&state&iss} ({@code iss} in OIDC mode, RFC 9207). The client must be
 *       registered and the response type {@code code}, else HTTP 400.
 *   <li>{@code /token}: {@code client_secret_basic} only (401 {@code invalid_client}); the code is single use, lives
 *       10 minutes of the clock and is bound to its client and {@code redirect_uri}; when the authorize request
 *       carried an S256 {@code code_challenge}, the {@code code_verifier} must match (400 {@code invalid_grant}).
 *       Answers access, refresh and (OIDC mode) ID token, {@code expires_in: 3600}, the requested scope.
 *   <li>{@code /userinfo} and {@code /user} (bearer): OIDC claims, or in plain mode {@code {id, login, email,
 *       name}}; {@code /user/emails}: GitHub's {@code [{email, primary, verified, visibility}]}; {@code /user/orgs}:
 *       {@code [{login}]} from the user's {@code orgs} claim (a list of names).
 * </ul>
 *
 * ID tokens carry iss, sub, aud, exp (1 hour), iat, auth_time, nonce (when sent), email, email_verified, name,
 * given_name, family_name and the user's extra claims (hd, tid, groups, ...). For negative tests,
 * {@link #misbehave(Misbehavior)} spoils every ID token issued afterwards in one way. Time comes from the clock given
 * at start, so it agrees with a test server's {@code MutableClock}.
 */
public final class TestOidcProvider implements AutoCloseable {
    /** The client registered at start; {@link #registerClient} adds more. */
    public static final String CLIENT_ID = "latchkey-test-client";

    public static final String CLIENT_SECRET = "latchkey-test-client-secret";

    /** Ways to spoil the ID tokens issued from now on (or, for the last two, the flow). */
    public enum Misbehavior {
        NONE,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        EXPIRED,
        WRONG_NONCE,
        /** Signed by a key that is not in the JWK set, under the published key's {@code kid}. */
        FOREIGN_KEY,
        /** An unsigned JWT ({@code alg: none}). */
        ALG_NONE,
        /** The token response carries no {@code id_token}. */
        NO_ID_TOKEN,
        /** {@code /authorize} answers {@code redirect_uri?error=access_denied&state}, as when the user declines. */
        DENY_AT_AUTHORIZE
    }

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(
            String clientId,
            String redirectUri,
            String scope,
            String nonce,
            String codeChallenge,
            TestOidcProviderUser user,
            Instant issuedAt) {}

    private final HttpServer server;
    private final Clock clock;
    private final boolean oidc;
    private final boolean multiTenant;
    private final String base;
    private final RSAKey signingKey;
    private final RSAKey foreignKey;
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, TestOidcProviderUser> accessTokens = new ConcurrentHashMap<>();
    private final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile TestOidcProviderUser nextUser = TestOidcProviderUser.withEmail("ada@example.com");
    private volatile Misbehavior misbehavior = Misbehavior.NONE;

    private TestOidcProvider(Clock clock, boolean oidc, boolean multiTenant, int port)
            throws IOException, JOSEException {
        this.clock = clock;
        this.oidc = oidc;
        this.multiTenant = multiTenant;
        this.signingKey = new RSAKeyGenerator(2048).keyID("test-idp-key").generate();
        this.foreignKey = new RSAKeyGenerator(2048).keyID("test-idp-key").generate();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
        clients.put(CLIENT_ID, CLIENT_SECRET);
        server.createContext("/", this::handle);
        server.start();
    }

    /** An OpenID Connect provider on a free port. */
    public static TestOidcProvider startOidc(Clock clock) {
        return start(clock, true, false, 0);
    }

    /**
     * A Microsoft-like multi-tenant OpenID Connect provider: {@code <base>/common/v2.0} is the issuer to configure;
     * its discovery document names the issuer template {@code <base>/{tenantid}/v2.0}, and each ID token's issuer is
     * {@code <base>/<tid>/v2.0} with the user's {@code tid} claim (give users one).
     */
    public static TestOidcProvider startMultiTenant(Clock clock) {
        return start(clock, true, true, 0);
    }

    /** A GitHub-like plain OAuth 2.0 provider on a free port: no discovery, no ID token, a user API. */
    public static TestOidcProvider startPlainOAuth2(Clock clock) {
        return start(clock, false, false, 0);
    }

    private static TestOidcProvider start(Clock clock, boolean oidc, boolean multiTenant, int port) {
        try {
            return new TestOidcProvider(clock, oidc, multiTenant, port);
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException("the test OIDC provider did not start", e);
        }
    }

    /** The issuer to configure, e.g. {@code http://127.0.0.1:41234} ({@code .../common/v2.0} when multi-tenant). */
    public String issuer() {
        return multiTenant ? base + "/common/v2.0" : base;
    }

    public String authorizationUrl() {
        return base + "/authorize";
    }

    public String tokenUrl() {
        return base + "/token";
    }

    /** {@code /userinfo} in OIDC mode, GitHub's {@code /user} in plain mode. */
    public String userinfoUrl() {
        return base + (oidc ? "/userinfo" : "/user");
    }

    public String jwksUrl() {
        return base + "/jwks";
    }

    /** The endpoints as discovery would give them (issuer and JWKS null in plain mode). */
    public OidcEndpoints endpoints() {
        return new OidcEndpoints(
                oidc ? base : null, authorizationUrl(), tokenUrl(), userinfoUrl(), oidc ? jwksUrl() : null);
    }

    public TestOidcProvider registerClient(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
        return this;
    }

    /** The user {@code /authorize} logs in from now on. */
    public TestOidcProvider nextUser(TestOidcProviderUser user) {
        this.nextUser = user;
        return this;
    }

    /** Spoils what is issued from now on; {@code Misbehavior.NONE} restores good behaviour. */
    public TestOidcProvider misbehave(Misbehavior how) {
        this.misbehavior = how;
        return this;
    }

    /** The query parameters of every {@code /authorize} request so far, oldest first. */
    public List<Map<String, String>> authorizeRequests() {
        return List.copyOf(authorizeRequests);
    }

    /** The query parameters of the last {@code /authorize} request. */
    public Map<String, String> lastAuthorizeRequest() {
        return authorizeRequests.getLast();
    }

    /** How many requests reached {@code /token}, good or bad. */
    public int tokenRequestCount() {
        return tokenRequests.get();
    }

    /**
     * Plays the browser at the provider: GETs {@code authorizationUrl} (which must point at this provider) and
     * returns where the provider redirects, i.e. the relying party's callback with {@code code} and {@code state}.
     */
    public URI callbackFor(URI authorizationUrl) {
        try (HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(authorizationUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 302) {
                throw new IllegalStateException(
                        "/authorize answered " + response.statusCode() + ": " + response.body());
            }
            return URI.create(response.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/.well-known/openid-configuration", "/common/v2.0/.well-known/openid-configuration" -> {
                    if (oidc) {
                        json(exchange, 200, discoveryDocument());
                    } else {
                        json(exchange, 404, Map.of("error", "not_found"));
                    }
                }
                case "/jwks" -> json(exchange, 200, new JWKSet(signingKey).toJSONObject(true));
                case "/authorize" -> authorize(exchange);
                case "/token" -> token(exchange);
                case "/userinfo", "/user" -> userinfo(exchange);
                case "/user/emails" -> emails(exchange);
                case "/user/orgs" -> orgs(exchange);
                default -> json(exchange, 404, Map.of("error", "not_found"));
            }
        }
    }

    private Map<String, Object> discoveryDocument() {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("issuer", declaredIssuer());
        doc.put("authorization_endpoint", authorizationUrl());
        doc.put("token_endpoint", tokenUrl());
        doc.put("userinfo_endpoint", userinfoUrl());
        doc.put("jwks_uri", jwksUrl());
        doc.put("response_types_supported", List.of("code"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("scopes_supported", List.of("openid", "email", "profile", "groups"));
        return doc;
    }

    private String declaredIssuer() {
        return multiTenant ? base + "/{tenantid}/v2.0" : base;
    }

    /** The issuer of a token for {@code user}: the tenant's own in multi-tenant mode. */
    private String issuerFor(TestOidcProviderUser user) {
        return multiTenant ? base + "/" + user.extraClaims().getOrDefault("tid", "no-tenant") + "/v2.0" : base;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        authorizeRequests.add(q);
        String redirectUri = q.get("redirect_uri");
        if (!clients.containsKey(q.getOrDefault("client_id", ""))
                || redirectUri == null
                || !"code".equals(q.get("response_type"))) {
            text(exchange, 400, "unknown client, no redirect_uri or a response_type other than code");
            return;
        }
        String state = q.get("state");
        StringBuilder target = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        if (misbehavior == Misbehavior.DENY_AT_AUTHORIZE) {
            target.append("error=access_denied");
        } else {
            String code = random();
            codes.put(
                    code,
                    new Grant(
                            q.get("client_id"),
                            redirectUri,
                            q.getOrDefault("scope", ""),
                            q.get("nonce"),
                            q.get("code_challenge"),
                            nextUser,
                            clock.instant()));
            target.append("code=").append(enc(code));
        }
        if (state != null) {
            target.append("&state=").append(enc(state));
        }
        if (oidc && !multiTenant) { // RFC 9207; Microsoft's multi-tenant endpoint sends none
            target.append("&iss=").append(enc(base));
        }
        exchange.getResponseHeaders().set("Location", target.toString());
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        String clientId = authenticatedClient(exchange.getRequestHeaders().getFirst("Authorization"));
        if (clientId == null) {
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        String refusal = grant == null
                ? "unknown or used code"
                : !"authorization_code".equals(form.get("grant_type"))
                        ? "grant_type"
                        : !grant.clientId().equals(clientId)
                                ? "code issued to another client"
                                : !grant.redirectUri().equals(form.get("redirect_uri"))
                                        ? "redirect_uri mismatch"
                                        : clock.instant()
                                                        .isAfter(
                                                                grant.issuedAt().plus(CODE_LIFETIME))
                                                ? "code expired"
                                                : !pkceHolds(grant.codeChallenge(), form.get("code_verifier"))
                                                        ? "PKCE verifier mismatch"
                                                        : null;
        if (refusal != null) {
            json(exchange, 400, Map.of("error", "invalid_grant", "error_description", refusal));
            return;
        }
        String accessToken = random();
        accessTokens.put(accessToken, grant.user());
        var body = new LinkedHashMap<String, Object>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", 3600);
        body.put("refresh_token", random());
        body.put("scope", grant.scope());
        if (oidc && misbehavior != Misbehavior.NO_ID_TOKEN) {
            body.put("id_token", idToken(grant));
        }
        json(exchange, 200, body);
    }

    private String idToken(Grant grant) {
        Misbehavior how = misbehavior;
        Instant now = clock.instant();
        Instant issued = how == Misbehavior.EXPIRED ? now.minus(Duration.ofHours(2)) : now;
        TestOidcProviderUser user = grant.user();
        var claims = new JWTClaimsSet.Builder()
                .issuer(
                        how == Misbehavior.WRONG_ISSUER
                                ? (multiTenant ? base + "/another-tenant/v2.0" : base + "/someone-else")
                                : issuerFor(user))
                .subject(user.subject())
                .audience(how == Misbehavior.WRONG_AUDIENCE ? "another-client" : grant.clientId())
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(1))))
                .claim("auth_time", issued.getEpochSecond())
                .claim("email", user.email())
                .claim("email_verified", user.emailVerified())
                .claim("name", user.name())
                .claim("given_name", user.givenName())
                .claim("family_name", user.familyName());
        if (grant.nonce() != null) {
            claims.claim("nonce", how == Misbehavior.WRONG_NONCE ? "not-the-nonce" : grant.nonce());
        }
        user.extraClaims().forEach(claims::claim);
        if (how == Misbehavior.ALG_NONE) {
            return new PlainJWT(claims.build()).serialize();
        }
        RSAKey key = how == Misbehavior.FOREIGN_KEY ? foreignKey : signingKey;
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        TestOidcProviderUser user = bearer(exchange);
        if (user == null) {
            json(exchange, 401, Map.of("error", "invalid_token"));
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        if (oidc) {
            body.put("sub", user.subject());
            body.put("email", user.email());
            body.put("email_verified", user.emailVerified());
            body.put("name", user.name());
            body.put("given_name", user.givenName());
            body.put("family_name", user.familyName());
        } else {
            body.put("id", user.subject());
            body.put("login", user.email().substring(0, user.email().indexOf('@')));
            body.put("email", user.email());
            body.put("name", user.name());
        }
        body.putAll(user.extraClaims());
        json(exchange, 200, body);
    }

    private void emails(HttpExchange exchange) throws IOException {
        TestOidcProviderUser user = bearer(exchange);
        if (user == null) {
            json(exchange, 401, Map.of("message", "Bad credentials"));
            return;
        }
        json(
                exchange,
                200,
                List.of(Map.of(
                        "email",
                        user.email(),
                        "primary",
                        true,
                        "verified",
                        user.emailVerified(),
                        "visibility",
                        "public")));
    }

    /** GitHub's {@code /user/orgs}: one {@code {login}} per name in the user's {@code orgs} claim. */
    private void orgs(HttpExchange exchange) throws IOException {
        TestOidcProviderUser user = bearer(exchange);
        if (user == null) {
            json(exchange, 401, Map.of("message", "Bad credentials"));
            return;
        }
        Object orgs = user.extraClaims().getOrDefault("orgs", List.of());
        json(
                exchange,
                200,
                ((List<?>) orgs).stream().map(o -> Map.of("login", o)).toList());
    }

    private TestOidcProviderUser bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        return accessTokens.get(header.substring("Bearer ".length()));
    }

    /** RFC 6749 §2.3.1: Basic with the form-urlencoded client id and secret. */
    private String authenticatedClient(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        return secret.equals(clients.get(id)) ? id : null;
    }

    /** RFC 7636 §4.6: without a challenge there is nothing to check; with one, S256 of the verifier must match. */
    private static boolean pkceHolds(String challenge, String verifier) {
        if (challenge == null) {
            return true;
        }
        if (verifier == null) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .equals(challenge);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        var params = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Runs the provider standalone, e.g. for browser tests: {@code TestOidcProvider <port> [oidc|plain]}. The client
     * is {@link #CLIENT_ID}/{@link #CLIENT_SECRET} unless {@code TEST_IDP_CLIENT_ID}/{@code TEST_IDP_CLIENT_SECRET}
     * are set; the user is {@code TEST_IDP_USER_EMAIL} (default ada@example.com), unverified when
     * {@code TEST_IDP_USER_UNVERIFIED=true}.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        boolean oidc = args.length < 2 || !"plain".equals(args[1]);
        TestOidcProvider idp = start(Clock.systemUTC(), oidc, false, port);
        String clientId = System.getenv("TEST_IDP_CLIENT_ID");
        if (clientId != null) {
            idp.registerClient(clientId, System.getenv().getOrDefault("TEST_IDP_CLIENT_SECRET", CLIENT_SECRET));
        }
        var user =
                TestOidcProviderUser.withEmail(System.getenv().getOrDefault("TEST_IDP_USER_EMAIL", "ada@example.com"));
        idp.nextUser("true".equals(System.getenv("TEST_IDP_USER_UNVERIFIED")) ? user.unverified() : user);
        System.out.println("test OIDC provider (" + (oidc ? "oidc" : "plain OAuth2") + ") at " + idp.issuer());
        Thread.currentThread().join();
    }
}
