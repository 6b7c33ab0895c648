package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Sql;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every organization and member endpoint (issue 2) fed bad input: each answer is a 4xx error envelope whose
 * {@code status_code} is the HTTP status, with a fitting {@code error_type}, never a 500, and the database is
 * left exactly as it was.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UNKNOWN_ORG = "organization-test-00000000-0000-4000-8000-000000000000";
    private static final String UNKNOWN_MEMBER = "member-test-00000000-0000-4000-8000-000000000000";
    private static final String UNKNOWN_PASSWORD = "member-password-test-00000000-0000-4000-8000-000000000000";

    static TestServer server;
    static ProjectCredentials other;
    static Map<String, String> ids;
    static Connection db;

    /** One backend endpoint: method, path with {@code {org}}/{@code {member}}/{@code {password}}, a good body. */
    record Endpoint(String name, String method, String path, String body) {
        boolean hasBody() {
            return !method.equals("GET");
        }

        Endpoint withPath(String from, String to) {
            return new Endpoint(name, method, path.replace(from, to), body);
        }

        Endpoint withBody(String newBody) {
            return new Endpoint(name, method, path, newBody);
        }
    }

    enum Auth {
        PROJECT,
        WRONG_SECRET,
        OTHER_PROJECTS_ID_WITH_THIS_SECRET,
        NONE,
        BEARER,
        MALFORMED_BASIC,
        NUL_IN_PROJECT_ID
    }

    /** A bad request and the error it must get. */
    record Case(String name, Endpoint endpoint, Auth auth, int status, String errorType) {
        @Override
        public String toString() {
            return endpoint.name() + ": " + name;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(
                    "organizations.create", "POST", "/v1/b2b/organizations", "{\"organization_name\":\"New Org\"}"),
            new Endpoint("organizations.get", "GET", "/v1/b2b/organizations/{org}", null),
            new Endpoint(
                    "organizations.update",
                    "PUT",
                    "/v1/b2b/organizations/{org}",
                    "{\"organization_name\":\"Renamed\"}"),
            new Endpoint("organizations.delete", "DELETE", "/v1/b2b/organizations/{org}", null),
            new Endpoint("organizations.search", "POST", "/v1/b2b/organizations/search", "{}"),
            new Endpoint(
                    "members.create",
                    "POST",
                    "/v1/b2b/organizations/{org}/members",
                    "{\"email_address\":\"new@example.com\"}"),
            new Endpoint("members.get", "GET", "/v1/b2b/organizations/{org}/member?member_id={member}", null),
            new Endpoint("members.update", "PUT", "/v1/b2b/organizations/{org}/members/{member}", "{\"name\":\"N\"}"),
            new Endpoint("members.delete", "DELETE", "/v1/b2b/organizations/{org}/members/{member}", null),
            new Endpoint("members.reactivate", "PUT", "/v1/b2b/organizations/{org}/members/{member}/reactivate", "{}"),
            new Endpoint(
                    "members.deleteMFAPhoneNumber",
                    "DELETE",
                    "/v1/b2b/organizations/{org}/members/mfa_phone_numbers/{member}",
                    null),
            new Endpoint("members.deleteTOTP", "DELETE", "/v1/b2b/organizations/{org}/members/{member}/totp", null),
            new Endpoint(
                    "members.deletePassword",
                    "DELETE",
                    "/v1/b2b/organizations/{org}/members/passwords/{password}",
                    null),
            new Endpoint(
                    "members.search",
                    "POST",
                    "/v1/b2b/organizations/members/search",
                    "{\"organization_ids\":[\"{org}\"]}"));

    @BeforeAll
    static void start() throws SQLException {
        server = new TestServer();
        db = Sql.connect(server.databaseUrl);
        other = server.newProject();
        String org = createOrg(server.project, "Bad Input Org", "bad-input-org", "bad-input-ext");
        String member = createMember(server.project, org, "member@bad-input.example", "member-ext");
        String password = "member-password-test-11111111-1111-4111-8111-111111111111";
        Sql.update(server.databaseUrl, "UPDATE members SET password_id = ? WHERE id = ?", password, member);
        String otherOrg = createOrg(other, "Other Org", "other-org", "other-ext");
        String otherMember = createMember(other, otherOrg, "member@other.example", "other-member-ext");
        String otherPassword = "member-password-test-22222222-2222-4222-8222-222222222222";
        Sql.update(server.databaseUrl, "UPDATE members SET password_id = ? WHERE id = ?", otherPassword, otherMember);
        ids = Map.of(
                "{org}", org,
                "{member}", member,
                "{password}", password,
                "{otherOrg}", otherOrg,
                "{otherMember}", otherMember,
                "{otherPassword}", otherPassword);
    }

    @AfterAll
    static void stop() throws SQLException {
        db.close();
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsA4xxEnvelopeAndChangesNothing(Case c) {
        Map<String, String> before = Sql.snapshot(db);

        Answer answer = send(c);

        assertThat(answer.status()).as(c + " -> " + answer.text()).isBetween(400, 499);
        assertThat(answer.json()).as("a JSON envelope: " + answer.text()).isNotNull();
        JsonNode body = answer.json();
        assertThat(body.path("status_code").isInt()).as(answer.text()).isTrue();
        assertThat(body.path("status_code").intValue()).isEqualTo(answer.status());
        assertThat(body.path("request_id").asText()).startsWith("request-id-");
        assertThat(body.path("error_message").asText()).isNotBlank();
        assertThat(body.path("error_url").asText())
                .endsWith("#" + body.path("error_type").asText());
        assertThat(body.path("error_type").asText())
                .as(c + " -> " + answer.text())
                .isEqualTo(c.errorType());
        assertThat(answer.status()).as(c + " -> " + answer.text()).isEqualTo(c.status());
        assertThat(Sql.snapshot(db)).as(c.toString()).isEqualTo(before);
    }

    /** Targets java.net.URI refuses to build, sent over a raw socket: Jetty rejects them before any route. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/b2b/organizations/%zz", "/v1/b2b/organizations/%", "/v1/b2b/organizations/a%2"})
    void malformedRequestTargetGetsA400Envelope(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.app.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + authorization(Auth.PROJECT) + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400 ");
            JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(body.path("status_code").intValue()).isEqualTo(400);
            assertThat(body.path("error_type").asText()).isEqualTo("bad_request");
            assertThat(body.path("request_id").asText()).startsWith("request-id-");
            assertThat(body.path("error_url").asText()).endsWith("#bad_request");
            assertThat(body.path("error_message").asText()).isNotBlank();
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            out.addAll(authCases(e));
            if (e.hasBody()) {
                out.addAll(bodyCases(e));
            }
            out.addAll(idCases(e));
        }
        out.addAll(fieldCases());
        return out.stream();
    }

    private static List<Case> authCases(Endpoint e) {
        List<Case> out = new ArrayList<>();
        for (Auth auth : List.of(
                Auth.WRONG_SECRET,
                Auth.OTHER_PROJECTS_ID_WITH_THIS_SECRET,
                Auth.NONE,
                Auth.BEARER,
                Auth.MALFORMED_BASIC,
                Auth.NUL_IN_PROJECT_ID)) {
            out.add(new Case(auth.name().toLowerCase(java.util.Locale.ROOT), e, auth, 401, "unauthorized_credentials"));
        }
        return out;
    }

    private static List<Case> bodyCases(Endpoint e) {
        String bad = "bad_request";
        List<Case> out = new ArrayList<>();
        out.add(new Case("malformed JSON", e.withBody("{\"organization_name\": "), Auth.PROJECT, 400, bad));
        out.add(new Case("single quotes", e.withBody("{'organization_name': 'x'}"), Auth.PROJECT, 400, bad));
        out.add(new Case("trailing garbage", e.withBody(orEmpty(e.body()) + " }"), Auth.PROJECT, 400, bad));
        out.add(new Case("two objects", e.withBody(orEmpty(e.body()) + orEmpty(e.body())), Auth.PROJECT, 400, bad));
        out.add(new Case("JSON array body", e.withBody("[" + orEmpty(e.body()) + "]"), Auth.PROJECT, 400, bad));
        out.add(new Case("JSON number body", e.withBody("42"), Auth.PROJECT, 400, bad));
        out.add(new Case("JSON string body", e.withBody("\"text\""), Auth.PROJECT, 400, bad));
        out.add(new Case("JSON null body", e.withBody("null"), Auth.PROJECT, 400, bad));
        out.add(new Case("invalid UTF-8", e.withBody("{\"name\":\"\u00ff\u00fe\"}"), Auth.PROJECT, 400, bad));
        out.add(new Case("body over 1 MB", e.withBody(oversized()), Auth.PROJECT, 413, bad));
        out.add(new Case("200 levels of nesting", e.withBody(deeplyNested(200)), Auth.PROJECT, 400, bad));
        out.add(new Case(
                "NUL character in a string",
                e.withBody("{\"organization_name\":\"a\\u0000b\",\"email_address\":\"a\\u0000b@example.com\","
                        + "\"name\":\"a\\u0000b\",\"organization_ids\":[\"a\\u0000b\"]}"),
                Auth.PROJECT,
                400,
                bad));
        out.add(new Case(
                "NUL character in a metadata key",
                e.withBody(
                        "{\"organization_name\":\"x\",\"email_address\":\"x@example.com\","
                                + "\"organization_ids\":[\"{org}\"],\"trusted_metadata\":{\"a\\u0000\":1},"
                                + "\"query\":{\"operands\":[{\"filter_name\":\"member_emails\",\"filter_value\":[\"\\u0000\"]}]}}"),
                Auth.PROJECT,
                400,
                bad));
        out.add(new Case(
                "unpaired surrogate in a string",
                e.withBody("{\"organization_name\":\"a\\ud800b\",\"email_address\":\"a\\ud800@example.com\","
                        + "\"name\":\"a\\ud800\",\"organization_ids\":[\"a\\ud800\"]}"),
                Auth.PROJECT,
                400,
                bad));
        return out;
    }

    /** Unknown ids, and ids of another project's objects, in the path (or, for search, the body). */
    private static List<Case> idCases(Endpoint e) {
        List<Case> out = new ArrayList<>();
        String orgNotFound = "organization_not_found";
        boolean usesOrg = e.path().contains("{org}") || orEmpty(e.body()).contains("{org}");
        if (usesOrg) {
            for (var key : Map.of(
                            "unknown organization", UNKNOWN_ORG,
                            "other project's organization id", "{otherOrg}",
                            "other project's organization slug", "other-org",
                            "other project's organization external id", "other-ext",
                            "organization id with odd characters", "org%20%E2%9C%93%3B%27--")
                    .entrySet()) {
                Endpoint swapped = new Endpoint(
                        e.name(),
                        e.method(),
                        e.path().replace("{org}", key.getValue()),
                        e.body() == null ? null : e.body().replace("{org}", key.getValue()));
                out.add(new Case(key.getKey(), swapped, Auth.PROJECT, 404, orgNotFound));
            }
        }
        if (e.path().contains("{member}")) {
            String type = e.name().equals("members.reactivate")
                    ? "no_deleted_member_found_for_reactivation"
                    : "member_not_found";
            out.add(new Case("unknown member", e.withPath("{member}", UNKNOWN_MEMBER), Auth.PROJECT, 404, type));
            out.add(new Case(
                    "other project's member id", e.withPath("{member}", "{otherMember}"), Auth.PROJECT, 404, type));
            out.add(new Case(
                    "other project's member external id",
                    e.withPath("{member}", "other-member-ext"),
                    Auth.PROJECT,
                    404,
                    type));
            out.add(new Case(
                    "other project's organization and member",
                    e.withPath("{member}", "{otherMember}").withPath("{org}", "{otherOrg}"),
                    Auth.PROJECT,
                    404,
                    orgNotFound));
        }
        if (e.path().contains("{password}")) {
            String type = "member_password_not_found";
            out.add(new Case("unknown password", e.withPath("{password}", UNKNOWN_PASSWORD), Auth.PROJECT, 404, type));
            out.add(new Case(
                    "other project's password", e.withPath("{password}", "{otherPassword}"), Auth.PROJECT, 404, type));
        }
        return out;
    }

    /** Wrong field types and missing required fields, per endpoint. */
    private static List<Case> fieldCases() {
        Map<String, Endpoint> byName = new java.util.HashMap<>();
        ENDPOINTS.forEach(e -> byName.put(e.name(), e));
        List<Case> out = new ArrayList<>();
        String bad = "bad_request";
        Endpoint orgCreate = byName.get("organizations.create");
        out.add(body(orgCreate, "no organization_name", "{}", "invalid_organization_name"));
        out.add(body(
                orgCreate, "empty organization_name", "{\"organization_name\":\"\"}", "invalid_organization_name"));
        out.add(body(orgCreate, "numeric organization_name", "{\"organization_name\":5}", bad));
        out.add(body(
                orgCreate, "string trusted_metadata", "{\"organization_name\":\"X\",\"trusted_metadata\":\"m\"}", bad));
        out.add(body(
                orgCreate,
                "trusted_metadata over 4 KB",
                "{\"organization_name\":\"X\",\"trusted_metadata\":{\"k\":\"" + "m".repeat(5000) + "\"}}",
                "metadata_too_large"));
        out.add(body(
                orgCreate,
                "string domain list",
                "{\"organization_name\":\"X\",\"email_allowed_domains\":\"a.com\"}",
                bad));
        out.add(body(
                orgCreate,
                "numbers in domain list",
                "{\"organization_name\":\"X\",\"email_allowed_domains\":[1]}",
                bad));
        out.add(body(orgCreate, "boolean mfa_policy", "{\"organization_name\":\"X\",\"mfa_policy\":true}", bad));
        out.add(body(
                orgCreate,
                "unknown mfa_policy",
                "{\"organization_name\":\"X\",\"mfa_policy\":\"SOMETIMES\"}",
                "invalid_organization_mfa_policy"));
        out.add(body(
                orgCreate,
                "tenant list that is a string",
                "{\"organization_name\":\"X\",\"allowed_oauth_tenants\":{\"slack\":\"T1\"}}",
                bad));
        out.add(body(
                orgCreate,
                "role assignment without role",
                "{\"organization_name\":\"X\",\"rbac_email_implicit_role_assignments\":[{\"domain\":\"a.com\"}]}",
                bad));
        out.add(body(
                orgCreate,
                "invalid allowed domain",
                "{\"organization_name\":\"X\",\"email_allowed_domains\":[\"not a domain\"]}",
                "organization_settings_invalid_domain"));
        out.add(body(
                orgCreate,
                "organization_name over 128 characters",
                "{\"organization_name\":\"" + "n".repeat(129) + "\"}",
                "invalid_organization_name"));
        out.add(body(
                orgCreate,
                "slug already used",
                "{\"organization_name\":\"X\",\"organization_slug\":\"bad-input-org\"}",
                "organization_slug_already_used"));
        out.add(body(
                orgCreate,
                "external id already used",
                "{\"organization_name\":\"X\",\"organization_external_id\":\"bad-input-ext\"}",
                "organization_external_id_already_used"));

        Endpoint orgUpdate = byName.get("organizations.update");
        out.add(body(orgUpdate, "numeric slug", "{\"organization_slug\":7}", bad));
        out.add(body(orgUpdate, "array trusted_metadata", "{\"trusted_metadata\":[]}", bad));
        out.add(body(orgUpdate, "string allowed_mfa_methods", "{\"allowed_mfa_methods\":\"totp\"}", bad));
        out.add(body(orgUpdate, "invalid slug", "{\"organization_slug\":\"a\"}", "invalid_organization_slug"));
        out.add(body(
                orgUpdate,
                "unknown allowed_mfa_method",
                "{\"mfa_methods\":\"RESTRICTED\",\"allowed_mfa_methods\":[\"carrier_pigeon\"]}",
                "invalid_organization_allowed_mfa_methods"));

        Endpoint orgSearch = byName.get("organizations.search");
        out.add(body(orgSearch, "string limit", "{\"limit\":\"ten\"}", bad));
        out.add(body(orgSearch, "fractional limit", "{\"limit\":2.5}", bad));
        out.add(body(orgSearch, "limit over 1000", "{\"limit\":100000}", bad));
        out.add(body(orgSearch, "limit beyond int", "{\"limit\":1e400}", bad));
        out.add(body(orgSearch, "numeric cursor", "{\"cursor\":5}", bad));
        out.add(body(orgSearch, "garbage cursor", "{\"cursor\":\"not-a-cursor\"}", bad));
        out.add(body(
                orgSearch,
                "cursor of an absurd time",
                "{\"cursor\":\"" + cursor("9000000000000000000|x") + "\"}",
                bad));
        out.add(body(orgSearch, "cursor with a NUL id", "{\"cursor\":\"" + cursor("0|a\u0000b") + "\"}", bad));
        out.add(body(orgSearch, "string query", "{\"query\":\"all\"}", bad));
        out.add(body(orgSearch, "unknown operator", "{\"query\":{\"operator\":\"XOR\",\"operands\":[]}}", bad));
        out.add(body(orgSearch, "operands object", "{\"query\":{\"operands\":{}}}", bad));
        out.add(body(
                orgSearch,
                "string where array expected",
                "{\"query\":{\"operands\":[{\"filter_name\":\"organization_ids\",\"filter_value\":\"x\"}]}}",
                "organization_search_expected_array_of_strings"));
        out.add(body(
                orgSearch,
                "unknown filter",
                "{\"query\":{\"operands\":[{\"filter_name\":\"nope\",\"filter_value\":\"x\"}]}}",
                "organization_search_filter_name_not_recognized"));
        out.add(body(
                orgSearch,
                "operand without value",
                "{\"query\":{\"operands\":[{\"filter_name\":\"organization_ids\"}]}}",
                "organization_search_missing_filter_value"));

        Endpoint memberCreate = byName.get("members.create");
        out.add(body(memberCreate, "no email_address", "{}", bad));
        out.add(body(memberCreate, "numeric email_address", "{\"email_address\":5}", bad));
        out.add(body(memberCreate, "invalid email_address", "{\"email_address\":\"nobody\"}", "invalid_email"));
        out.add(body(memberCreate, "string roles", "{\"email_address\":\"a@b.co\",\"roles\":\"admin\"}", bad));
        out.add(body(
                memberCreate, "unknown role", "{\"email_address\":\"a@b.co\",\"roles\":[\"owner\"]}", "invalid_role"));
        out.add(body(
                memberCreate, "string is_breakglass", "{\"email_address\":\"a@b.co\",\"is_breakglass\":\"yes\"}", bad));
        out.add(body(
                memberCreate,
                "array untrusted_metadata",
                "{\"email_address\":\"a@b.co\",\"untrusted_metadata\":[1]}",
                bad));
        out.add(body(
                memberCreate,
                "invalid phone",
                "{\"email_address\":\"a@b.co\",\"mfa_phone_number\":\"12345\"}",
                "invalid_phone_number"));
        out.add(body(
                memberCreate,
                "email already a member",
                "{\"email_address\":\"MEMBER@bad-input.example\"}",
                "duplicate_member_email"));
        out.add(body(
                memberCreate,
                "external id already used",
                "{\"email_address\":\"a@b.co\",\"external_id\":\"member-ext\"}",
                "duplicate_member_external_id"));

        Endpoint memberUpdate = byName.get("members.update");
        out.add(body(memberUpdate, "numeric name", "{\"name\":5}", bad));
        out.add(body(memberUpdate, "string is_breakglass", "{\"is_breakglass\":\"maybe\"}", bad));
        out.add(body(memberUpdate, "numbers in roles", "{\"roles\":[1]}", bad));
        out.add(body(memberUpdate, "numeric preserve_existing_sessions", "{\"preserve_existing_sessions\":1}", bad));
        out.add(body(memberUpdate, "invalid email", "{\"email_address\":\"nobody\"}", "invalid_email"));
        out.add(body(
                memberUpdate,
                "unknown default MFA method",
                "{\"default_mfa_method\":\"fax\"}",
                "invalid_mfa_default_method"));

        Endpoint memberSearch = byName.get("members.search");
        out.add(body(memberSearch, "no organization_ids", "{}", "member_search_organization_ids_empty"));
        out.add(body(
                memberSearch,
                "empty organization_ids",
                "{\"organization_ids\":[]}",
                "member_search_organization_ids_empty"));
        out.add(body(memberSearch, "string organization_ids", "{\"organization_ids\":\"{org}\"}", bad));
        out.add(body(memberSearch, "numbers in organization_ids", "{\"organization_ids\":[1]}", bad));
        out.add(body(memberSearch, "string limit", "{\"organization_ids\":[\"{org}\"],\"limit\":\"x\"}", bad));
        out.add(body(
                memberSearch,
                "cursor of an absurd time",
                "{\"organization_ids\":[\"{org}\"],\"cursor\":\"" + cursor("-9000000000000000000|x") + "\"}",
                bad));
        out.add(body(
                memberSearch,
                "unknown status",
                "{\"organization_ids\":[\"{org}\"],\"query\":{\"operands\":"
                        + "[{\"filter_name\":\"statuses\",\"filter_value\":[\"sleeping\"]}]}}",
                "search_invalid_status_filter"));
        out.add(body(
                memberSearch,
                "string where boolean expected",
                "{\"organization_ids\":[\"{org}\"],\"query\":{\"operands\":"
                        + "[{\"filter_name\":\"member_is_breakglass\",\"filter_value\":\"true\"}]}}",
                "member_search_expected_boolean"));

        Endpoint memberGet = byName.get("members.get");
        String getPath = "/v1/b2b/organizations/{org}/member";
        out.add(new Case(
                "neither member_id nor email", memberGet.withPath(memberGet.path(), getPath), Auth.PROJECT, 400, bad));
        out.add(new Case(
                "both member_id and email",
                memberGet.withPath(
                        memberGet.path(), getPath + "?member_id={member}&email_address=member%40bad-input.example"),
                Auth.PROJECT,
                400,
                bad));
        out.add(new Case(
                "invalid email",
                memberGet.withPath(memberGet.path(), getPath + "?email_address=nobody"),
                Auth.PROJECT,
                400,
                "invalid_email"));
        out.add(new Case(
                "NUL in member_id",
                memberGet.withPath(memberGet.path(), getPath + "?member_id=a%00b"),
                Auth.PROJECT,
                400,
                bad));
        out.add(new Case(
                "NUL in organization id",
                byName.get("organizations.get").withPath("{org}", "a%00b"),
                Auth.PROJECT,
                400,
                bad));
        out.add(new Case(
                "no such route",
                new Endpoint("unknown route", "GET", "/v1/b2b/organisations/{org}", null),
                Auth.PROJECT,
                404,
                "route_not_found"));
        out.add(new Case(
                "method the route does not have",
                new Endpoint("organizations.patch", "PATCH", "/v1/b2b/organizations/{org}", "{}"),
                Auth.PROJECT,
                405,
                "method_not_allowed"));
        return out;
    }

    private static Case body(Endpoint e, String name, String body, String errorType) {
        return new Case(name, e.withBody(body), Auth.PROJECT, 400, errorType);
    }

    // ---- sending

    record Answer(int status, JsonNode json, String text) {}

    private static Answer send(Case c) {
        Endpoint e = c.endpoint();
        String path = resolve(e.path());
        String body = e.body() == null ? null : resolve(e.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        e.method(),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes(c.name(), body)));
        String authorization = authorization(c.auth());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Answer(r.statusCode(), json, r.body());
        } catch (IOException e1) {
            throw new AssertionError("no answer to " + c, e1);
        } catch (InterruptedException e1) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e1);
        }
    }

    /** The body's bytes; the "invalid UTF-8" case sends bytes 0xFF 0xFE, which no UTF-8 text contains. */
    private static byte[] bytes(String caseName, String body) {
        return caseName.equals("invalid UTF-8")
                ? body.getBytes(StandardCharsets.ISO_8859_1)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    private static String resolve(String template) {
        String out = template;
        for (var id : ids.entrySet()) {
            out = out.replace(id.getKey(), id.getValue());
        }
        return out;
    }

    private static String authorization(Auth auth) {
        String id = server.projectId();
        return switch (auth) {
            case PROJECT -> basic(id, server.project.secret());
            case WRONG_SECRET -> basic(id, server.project.secret() + "x");
            case OTHER_PROJECTS_ID_WITH_THIS_SECRET -> basic(other.project().id(), server.project.secret());
            case NONE -> null;
            case BEARER -> "Bearer " + server.project.secret();
            case MALFORMED_BASIC -> "Basic !!not-base64!!";
            case NUL_IN_PROJECT_ID -> basic(id + "\u0000", server.project.secret());
        };
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    // ---- fixtures

    private static String orEmpty(String body) {
        return body == null ? "{}" : body;
    }

    private static String oversized() {
        return "{\"organization_name\":\"Big\",\"email_address\":\"big@example.com\",\"padding\":\""
                + "x".repeat(1_100_000) + "\"}";
    }

    private static String deeplyNested(int depth) {
        return "{\"organization_name\":\"Deep\",\"email_address\":\"deep@example.com\",\"organization_ids\":[\"{org}\"],"
                + "\"trusted_metadata\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String createOrg(ProjectCredentials p, String name, String slug, String externalId) {
        var r = server.call(
                "POST",
                "/v1/b2b/organizations",
                "{\"organization_name\":\"" + name + "\",\"organization_slug\":\"" + slug
                        + "\",\"organization_external_id\":\"" + externalId + "\"}",
                p.project().id(),
                p.secret());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.at("/organization/organization_id");
    }

    private static String createMember(ProjectCredentials p, String org, String email, String externalId) {
        var r = server.call(
                "POST",
                "/v1/b2b/organizations/" + org + "/members",
                "{\"email_address\":\"" + email + "\",\"external_id\":\"" + externalId
                        + "\",\"mfa_phone_number\":\"+14155552671\"}",
                p.project().id(),
                p.secret());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.at("/member_id");
    }
}
