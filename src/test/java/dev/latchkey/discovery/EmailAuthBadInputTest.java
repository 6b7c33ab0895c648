package dev.latchkey.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Sql;
import dev.latchkey.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of issue 4 (email magic links, email OTP, discovery) fed bad input: a 4xx error envelope whose
 * {@code status_code} is the HTTP status and whose {@code error_type} fits, never a 500, and no row of any table
 * the endpoints touch changes — not even the other project's live tokens, which stay usable.
 */
class EmailAuthBadInputTest {
    private static final List<String> TABLES = List.of(
            "organizations",
            "members",
            "magic_links",
            "email_otps",
            "intermediate_sessions",
            "member_sessions",
            "dev_messages");
    private static final String UNKNOWN_ORG = "organization-test-00000000-0000-4000-8000-000000000000";
    private static final String EMAIL = "member@bad-input.test";

    private static final List<String> JSON_SHAPE_CASES = List.of("malformed JSON", "array body", "string body");

    static TestServer server;
    static ProjectCredentials other;
    static Connection db;
    /** Placeholders of the bodies: {org}, {ist}, and the other project's {otherOrg}, {otherToken}, … */
    static final Map<String, String> ids = new HashMap<>();

    record Endpoint(String name, String path, String body) {}

    record Case(String name, Endpoint endpoint, String body, boolean authenticated, int status, String errorType) {
        @Override
        public String toString() {
            return endpoint.name() + ": " + name;
        }
    }

    static final Endpoint ML_LOGIN = new Endpoint(
            "magic_links.email.login_or_signup",
            "/v1/b2b/magic_links/email/login_or_signup",
            "{\"organization_id\":\"{org}\",\"email_address\":\"" + EMAIL + "\","
                    + "\"login_redirect_url\":\"http://localhost:3000/l\",\"signup_redirect_url\":\"http://localhost:3000/s\"}");
    static final Endpoint ML_INVITE = new Endpoint(
            "magic_links.email.invite",
            "/v1/b2b/magic_links/email/invite",
            "{\"organization_id\":\"{org}\",\"email_address\":\"invitee@bad-input.test\","
                    + "\"invite_redirect_url\":\"http://localhost:3000/i\"}");
    static final Endpoint ML_AUTH = new Endpoint(
            "magic_links.authenticate", "/v1/b2b/magic_links/authenticate", "{\"magic_links_token\":\"{otherToken}\"}");
    static final Endpoint ML_DISCOVERY_SEND = new Endpoint(
            "magic_links.email.discovery.send",
            "/v1/b2b/magic_links/email/discovery/send",
            "{\"email_address\":\"" + EMAIL + "\",\"discovery_redirect_url\":\"http://localhost:3000/d\"}");
    static final Endpoint ML_DISCOVERY_AUTH = new Endpoint(
            "magic_links.discovery.authenticate",
            "/v1/b2b/magic_links/discovery/authenticate",
            "{\"discovery_magic_links_token\":\"{otherDiscoveryToken}\"}");
    static final Endpoint OTP_LOGIN = new Endpoint(
            "otps.email.login_or_signup",
            "/v1/b2b/otps/email/login_or_signup",
            "{\"organization_id\":\"{org}\",\"email_address\":\"" + EMAIL + "\"}");
    static final Endpoint OTP_AUTH = new Endpoint(
            "otps.email.authenticate",
            "/v1/b2b/otps/email/authenticate",
            "{\"organization_id\":\"{org}\",\"email_address\":\"" + EMAIL + "\",\"code\":\"{otherCode}\"}");
    static final Endpoint OTP_DISCOVERY_SEND = new Endpoint(
            "otps.email.discovery.send", "/v1/b2b/otps/email/discovery/send", "{\"email_address\":\"" + EMAIL + "\"}");
    static final Endpoint OTP_DISCOVERY_AUTH = new Endpoint(
            "otps.email.discovery.authenticate",
            "/v1/b2b/otps/email/discovery/authenticate",
            "{\"email_address\":\"" + EMAIL + "\",\"code\":\"{otherDiscoveryCode}\"}");
    static final Endpoint LIST = new Endpoint(
            "discovery.organizations.list",
            "/v1/b2b/discovery/organizations",
            "{\"intermediate_session_token\":\"{ist}\"}");
    static final Endpoint EXCHANGE = new Endpoint(
            "discovery.intermediate_sessions.exchange",
            "/v1/b2b/discovery/intermediate_sessions/exchange",
            "{\"intermediate_session_token\":\"{ist}\",\"organization_id\":\"{org}\"}");
    static final Endpoint CREATE = new Endpoint(
            "discovery.organizations.create",
            "/v1/b2b/discovery/organizations/create",
            "{\"intermediate_session_token\":\"{ist}\",\"organization_name\":\"Brand New\"}");

    static final List<Endpoint> ENDPOINTS = List.of(
            ML_LOGIN,
            ML_INVITE,
            ML_AUTH,
            ML_DISCOVERY_SEND,
            ML_DISCOVERY_AUTH,
            OTP_LOGIN,
            OTP_AUTH,
            OTP_DISCOVERY_SEND,
            OTP_DISCOVERY_AUTH,
            LIST,
            EXCHANGE,
            CREATE);

    @BeforeAll
    static void start() throws SQLException {
        server = new TestServer();
        db = Sql.connect(server.databaseUrl);
        other = server.newProject();

        String org = created(
                        server.call(
                                "POST",
                                "/v1/b2b/organizations",
                                "{\"organization_name\":\"Bad Input\",\"organization_slug\":\"bad-input\","
                                        + "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"bad-input.test\"]}"))
                .at("/organization/organization_id");
        created(server.call(
                "POST", "/v1/b2b/organizations/" + org + "/members", "{\"email_address\":\"" + EMAIL + "\"}"));
        String noInvites = created(server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        "{\"organization_name\":\"No Invites\",\"organization_slug\":\"no-invites\","
                                + "\"email_invites\":\"NOT_ALLOWED\"}"))
                .at("/organization/organization_id");
        ids.put("{org}", org);
        ids.put("{noInvitesOrg}", noInvites);

        // A discovery IST of this project, for the discovery endpoints to get past the token.
        created(server.call("POST", ML_DISCOVERY_SEND.path(), ML_DISCOVERY_SEND.body()));
        String discoveryToken = latest(server.project).path("token").asText();
        ids.put(
                "{ist}",
                created(server.call(
                                "POST",
                                ML_DISCOVERY_AUTH.path(),
                                "{\"discovery_magic_links_token\":\"" + discoveryToken + "\"}"))
                        .at("/intermediate_session_token"));

        // Live tokens and codes of the other project, for the same address.
        String otherOrg = created(otherCall(
                        "/v1/b2b/organizations",
                        "{\"organization_name\":\"Other\",\"organization_slug\":\"other-org\"}"))
                .at("/organization/organization_id");
        created(otherCall("/v1/b2b/organizations/" + otherOrg + "/members", "{\"email_address\":\"" + EMAIL + "\"}"));
        ids.put("{otherOrg}", otherOrg);
        created(otherCall(
                "/v1/b2b/magic_links/email/login_or_signup", ML_LOGIN.body().replace("{org}", otherOrg)));
        ids.put("{otherToken}", latest(other).path("token").asText());
        server.clock.advance(Duration.ofSeconds(1));
        created(otherCall(ML_DISCOVERY_SEND.path(), ML_DISCOVERY_SEND.body()));
        ids.put("{otherDiscoveryToken}", latest(other).path("token").asText());
        server.clock.advance(Duration.ofSeconds(1));
        created(otherCall(OTP_LOGIN.path(), OTP_LOGIN.body().replace("{org}", otherOrg)));
        ids.put("{otherCode}", latest(other).path("code").asText());
        server.clock.advance(Duration.ofSeconds(1));
        created(otherCall(OTP_DISCOVERY_SEND.path(), OTP_DISCOVERY_SEND.body()));
        ids.put("{otherDiscoveryCode}", latest(other).path("code").asText());
        server.clock.advance(Duration.ofSeconds(1));
        created(otherCall(
                ML_DISCOVERY_SEND.path(),
                "{\"email_address\":\"ist@other.test\"," + "\"discovery_redirect_url\":\"http://localhost:3000/d\"}"));
        String token = latest(other).path("token").asText();
        ids.put(
                "{otherIst}",
                created(otherCall(ML_DISCOVERY_AUTH.path(), "{\"discovery_magic_links_token\":\"" + token + "\"}"))
                        .at("/intermediate_session_token"));
        // The bad requests below come within this second: a send that got through would also hit the send limit.
        server.clock.advance(Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() throws SQLException {
        db.close();
        server.close();
    }

    private static TestServer.Response created(TestServer.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    private static TestServer.Response otherCall(String path, String body) {
        return server.call("POST", path, body, other.project().id(), other.secret());
    }

    private static JsonNode latest(ProjectCredentials p) {
        var r = server.call("GET", "/dev/v1/messages?limit=1", null, p.project().id(), p.secret());
        return r.json().get("messages").get(0);
    }

    static String fill(String body) {
        String out = body;
        for (var e : ids.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsA4xxEnvelopeAndChangesNothing(Case c) {
        Map<String, String> before = snapshot();

        TestServer.Response r = c.authenticated()
                ? server.call("POST", c.endpoint().path(), fill(c.body()))
                : server.call("POST", c.endpoint().path(), fill(c.body()), server.projectId(), "wrong-secret");

        assertThat(r.status()).as(c + " -> " + r.text()).isBetween(400, 499);
        JsonNode body = r.json();
        assertThat(body).as("a JSON envelope: " + r.text()).isNotNull();
        assertThat(body.path("status_code").intValue()).isEqualTo(r.status());
        assertThat(body.path("request_id").asText()).startsWith("request-id-");
        assertThat(body.path("error_message").asText()).isNotBlank();
        assertThat(body.path("error_url").asText())
                .endsWith("#" + body.path("error_type").asText());
        assertThat(body.path("error_type").asText()).as(c + " -> " + r.text()).isEqualTo(c.errorType());
        assertThat(r.status()).as(c + " -> " + r.text()).isEqualTo(c.status());
        if (!JSON_SHAPE_CASES.contains(c.name())) {
            // the case must fail for its own reason, not because the test built broken JSON
            assertThat(body.path("error_message").asText()).as(r.text()).doesNotContain("not valid JSON");
        }
        assertThat(snapshot()).as(c.toString()).isEqualTo(before);
    }

    @Test
    void theOtherProjectsTokensStillWorkInTheirOwnProject() {
        String[][] uses = {
            {ML_AUTH.path(), "{\"magic_links_token\":\"{otherToken}\"}"},
            {ML_DISCOVERY_AUTH.path(), "{\"discovery_magic_links_token\":\"{otherDiscoveryToken}\"}"},
            {
                OTP_AUTH.path(),
                "{\"organization_id\":\"{otherOrg}\",\"email_address\":\"" + EMAIL + "\",\"code\":\"{otherCode}\"}"
            },
            {OTP_DISCOVERY_AUTH.path(), "{\"email_address\":\"" + EMAIL + "\",\"code\":\"{otherDiscoveryCode}\"}"},
            {LIST.path(), "{\"intermediate_session_token\":\"{otherIst}\"}"}
        };
        Map<String, String> before = snapshot();
        // Probe in this project first (must fail, changing nothing) — then they still work in theirs.
        for (String[] u : uses) {
            var r = server.call("POST", u[0], fill(u[1]));
            assertThat(r.status()).as(u[0] + " " + r.text()).isBetween(400, 499);
        }
        assertThat(snapshot()).isEqualTo(before);
        for (String[] u : uses) {
            var r = otherCall(u[0], fill(u[1]));
            assertThat(r.status()).as(u[0] + " " + r.text()).isEqualTo(200);
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            out.add(new Case("wrong secret", e, e.body(), false, 401, "unauthorized_credentials"));
            out.add(bad(e, "malformed JSON", "{\"email_address\": "));
            out.add(bad(e, "array body", "[" + e.body() + "]"));
            out.add(bad(e, "string body", "\"text\""));
            for (String field : requiredFields(e)) {
                out.add(bad(e, "no " + field, without(e.body(), field)));
                out.add(bad(
                        e,
                        "numeric " + field,
                        e.body().replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":7")));
                out.add(bad(
                        e,
                        "object " + field,
                        e.body().replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":{}")));
            }
            if (e.body().contains("\"email_address\"")) {
                for (String email : List.of("not-an-email", "a@b", "two@@bad-input.test", "", "   ")) {
                    out.add(new Case(
                            "malformed email '" + email + "'",
                            e,
                            e.body()
                                    .replaceFirst(
                                            "\"email_address\":\"[^\"]*\"", "\"email_address\":\"" + email + "\""),
                            true,
                            400,
                            "invalid_email"));
                }
            }
            if (e.body().contains("{org}")) {
                for (var key : Map.of(
                                "unknown organization", UNKNOWN_ORG,
                                "other project's organization", "{otherOrg}",
                                "other project's organization slug", "other-org")
                        .entrySet()) {
                    out.add(new Case(
                            key.getKey(),
                            e,
                            e.body().replace("{org}", key.getValue()),
                            true,
                            404,
                            "organization_not_found"));
                }
            }
            if (e.body().contains("{ist}")) {
                out.add(new Case(
                        "other project's IST",
                        e,
                        e.body().replace("{ist}", "{otherIst}"),
                        true,
                        404,
                        "intermediate_session_not_found"));
                out.add(new Case(
                        "unknown IST",
                        e,
                        e.body().replace("{ist}", "ist-nope"),
                        true,
                        404,
                        "intermediate_session_not_found"));
            }
        }
        out.addAll(specificCases());
        return out.stream();
    }

    private static List<Case> specificCases() {
        List<Case> out = new ArrayList<>();
        // magic links
        out.add(new Case(
                "other project's login token", ML_AUTH, ML_AUTH.body(), true, 401, "unable_to_auth_magic_link"));
        out.add(new Case(
                "unknown token", ML_AUTH, "{\"magic_links_token\":\"nope\"}", true, 401, "unable_to_auth_magic_link"));
        out.add(new Case(
                "empty token", ML_AUTH, "{\"magic_links_token\":\"\"}", true, 401, "unable_to_auth_magic_link"));
        out.add(new Case(
                "other project's discovery token",
                ML_DISCOVERY_AUTH,
                ML_DISCOVERY_AUTH.body(),
                true,
                401,
                "unable_to_auth_magic_link"));
        out.add(bad(
                ML_AUTH,
                "string session_duration_minutes",
                "{\"magic_links_token\":\"x\",\"session_duration_minutes\":\"long\"}"));
        out.add(bad(ML_AUTH, "numeric pkce_code_verifier", "{\"magic_links_token\":\"x\",\"pkce_code_verifier\":5}"));
        for (String minutes : List.of("4", "10081", "-1")) {
            out.add(new Case(
                    "login_expiration_minutes " + minutes,
                    ML_LOGIN,
                    plus(ML_LOGIN.body(), ",\"login_expiration_minutes\":" + minutes),
                    true,
                    400,
                    "invalid_expiration"));
        }
        out.add(new Case(
                "invite_expiration_minutes 10081",
                ML_INVITE,
                plus(ML_INVITE.body(), ",\"invite_expiration_minutes\":10081"),
                true,
                400,
                "invalid_expiration"));
        out.add(new Case(
                "discovery_expiration_minutes 1",
                ML_DISCOVERY_SEND,
                plus(ML_DISCOVERY_SEND.body(), ",\"discovery_expiration_minutes\":1"),
                true,
                400,
                "invalid_expiration"));
        out.add(bad(
                ML_LOGIN,
                "string login_expiration_minutes",
                plus(ML_LOGIN.body(), ",\"login_expiration_minutes\":\"soon\"")));
        out.add(new Case(
                "malformed pkce_code_challenge",
                ML_LOGIN,
                plus(ML_LOGIN.body(), ",\"pkce_code_challenge\":\"abc\""),
                true,
                400,
                "invalid_pkce_code_challenge"));
        out.add(new Case(
                "malformed pkce_code_challenge",
                ML_DISCOVERY_SEND,
                plus(ML_DISCOVERY_SEND.body(), ",\"pkce_code_challenge\":\"" + "!".repeat(43) + "\""),
                true,
                400,
                "invalid_pkce_code_challenge"));
        out.add(new Case(
                "relative login_redirect_url",
                ML_LOGIN,
                ML_LOGIN.body().replace("http://localhost:3000/l", "/login"),
                true,
                400,
                "invalid_login_redirect_url"));
        out.add(new Case(
                "ftp signup_redirect_url for a new address",
                ML_LOGIN,
                ML_LOGIN.body()
                        .replace(EMAIL, "newcomer@bad-input.test")
                        .replace("http://localhost:3000/s", "ftp://app.example.com/s"),
                true,
                400,
                "invalid_signup_redirect_url"));
        out.add(new Case(
                "javascript discovery_redirect_url",
                ML_DISCOVERY_SEND,
                ML_DISCOVERY_SEND.body().replace("http://localhost:3000/d", "javascript:alert(1)"),
                true,
                400,
                "invalid_discovery_redirect_url"));
        out.add(new Case(
                "address of a domain that may not join",
                ML_LOGIN,
                ML_LOGIN.body().replace(EMAIL, "stranger@elsewhere.test"),
                true,
                403,
                "invalid_email_for_jit_provisioning"));
        out.add(new Case(
                "an active member",
                ML_INVITE,
                ML_INVITE.body().replace("invitee@bad-input.test", EMAIL),
                true,
                400,
                "duplicate_member_email"));
        out.add(new Case(
                "organization without invites",
                ML_INVITE,
                ML_INVITE.body().replace("{org}", "{noInvitesOrg}"),
                true,
                400,
                "invalid_email_for_invites"));
        out.add(new Case(
                "unknown role",
                ML_INVITE,
                plus(ML_INVITE.body(), ",\"roles\":[\"overlord\"]"),
                true,
                400,
                "invalid_role"));
        out.add(bad(ML_INVITE, "string roles", plus(ML_INVITE.body(), ",\"roles\":\"stytch_admin\"")));
        out.add(bad(ML_INVITE, "string trusted_metadata", plus(ML_INVITE.body(), ",\"trusted_metadata\":\"m\"")));
        out.add(bad(ML_INVITE, "numeric name", plus(ML_INVITE.body(), ",\"name\":5")));
        // email OTP
        out.add(new Case("other project's code", OTP_AUTH, OTP_AUTH.body(), true, 404, "otp_code_not_found"));
        out.add(new Case(
                "other project's discovery code",
                OTP_DISCOVERY_AUTH,
                OTP_DISCOVERY_AUTH.body(),
                true,
                404,
                "otp_code_not_found"));
        for (String code : List.of("12345", "1234567", "abcdef", "", "12 456")) {
            out.add(new Case(
                    "code '" + code + "'",
                    OTP_AUTH,
                    OTP_AUTH.body().replace("{otherCode}", code),
                    true,
                    400,
                    "invalid_code"));
            out.add(new Case(
                    "code '" + code + "'",
                    OTP_DISCOVERY_AUTH,
                    OTP_DISCOVERY_AUTH.body().replace("{otherDiscoveryCode}", code),
                    true,
                    400,
                    "invalid_code"));
        }
        out.add(bad(OTP_AUTH, "numeric code", OTP_AUTH.body().replace("\"{otherCode}\"", "123456")));
        for (String minutes : List.of("1", "16")) {
            out.add(new Case(
                    "login_expiration_minutes " + minutes,
                    OTP_LOGIN,
                    plus(OTP_LOGIN.body(), ",\"login_expiration_minutes\":" + minutes),
                    true,
                    400,
                    "invalid_expiration"));
            out.add(new Case(
                    "discovery_expiration_minutes " + minutes,
                    OTP_DISCOVERY_SEND,
                    plus(OTP_DISCOVERY_SEND.body(), ",\"discovery_expiration_minutes\":" + minutes),
                    true,
                    400,
                    "invalid_expiration"));
        }
        out.add(new Case(
                "signup_expiration_minutes 16 for a new address",
                OTP_LOGIN,
                plus(OTP_LOGIN.body().replace(EMAIL, "newcomer@bad-input.test"), ",\"signup_expiration_minutes\":16"),
                true,
                400,
                "invalid_expiration"));
        // discovery
        out.add(new Case("no token at all", LIST, "{}", true, 400, "no_session_arguments"));
        out.add(new Case(
                "IST and session token",
                LIST,
                "{\"intermediate_session_token\":\"{ist}\",\"session_token\":\"abc\"}",
                true,
                400,
                "too_many_session_arguments"));
        out.add(new Case(
                "unknown session token", LIST, "{\"session_token\":\"nope\"}", true, 404, "session_not_found"));
        out.add(new Case("garbage session JWT", LIST, "{\"session_jwt\":\"a.b.c\"}", true, 404, "session_not_found"));
        out.add(bad(LIST, "numeric IST", "{\"intermediate_session_token\":5}"));
        out.add(bad(
                EXCHANGE,
                "string session_duration_minutes",
                plus(EXCHANGE.body(), ",\"session_duration_minutes\":\"x\"")));
        out.add(new Case(
                "session_duration_minutes 1",
                EXCHANGE,
                plus(EXCHANGE.body(), ",\"session_duration_minutes\":1"),
                true,
                400,
                "invalid_session_duration_minutes"));
        out.add(new Case(
                "malformed slug",
                CREATE,
                plus(CREATE.body(), ",\"organization_slug\":\"Not A Slug!\""),
                true,
                400,
                "invalid_organization_slug"));
        out.add(new Case(
                "slug already used",
                CREATE,
                plus(CREATE.body(), ",\"organization_slug\":\"bad-input\""),
                true,
                400,
                "organization_slug_already_used"));
        out.add(bad(
                CREATE,
                "numeric organization_name",
                "{\"intermediate_session_token\":\"{ist}\",\"organization_name\":5}"));
        out.add(bad(
                CREATE, "string email_allowed_domains", plus(CREATE.body(), ",\"email_allowed_domains\":\"a.test\"")));
        return out;
    }

    /** The body with more fields before its final brace. */
    private static String plus(String body, String fields) {
        int end = body.lastIndexOf('}');
        return body.substring(0, end) + fields + body.substring(end);
    }

    private static Case bad(Endpoint e, String name, String body) {
        return new Case(name, e, body, true, 400, "bad_request");
    }

    private static List<String> requiredFields(Endpoint e) {
        return switch (e.name()) {
            case "magic_links.email.login_or_signup", "magic_links.email.invite", "otps.email.login_or_signup" ->
                List.of("organization_id", "email_address");
            case "magic_links.authenticate" -> List.of("magic_links_token");
            case "magic_links.email.discovery.send", "otps.email.discovery.send" -> List.of("email_address");
            case "magic_links.discovery.authenticate" -> List.of("discovery_magic_links_token");
            case "otps.email.authenticate" -> List.of("organization_id", "email_address", "code");
            case "otps.email.discovery.authenticate" -> List.of("email_address", "code");
            case "discovery.intermediate_sessions.exchange" -> List.of("intermediate_session_token", "organization_id");
            case "discovery.organizations.create" -> List.of("intermediate_session_token");
            default -> List.of();
        };
    }

    private static String without(String body, String field) {
        return body.replaceFirst("\"" + field + "\":\"[^\"]*\",?", "").replace(",}", "}");
    }

    private static Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            try (PreparedStatement s = db.prepareStatement("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text,"
                            + " ',' ORDER BY t::text)), '') FROM " + table + " t");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                out.put(table, rs.getString(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
