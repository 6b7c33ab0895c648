package dev.latchkey.session;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.json;
import static dev.latchkey.testing.Flows.ok;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input on {@code sessions/authenticate}, {@code GET sessions}, {@code sessions/revoke} and
 * {@code sessions/exchange} (SPEC §5): each refused with a 4xx envelope of the fitting error type, no table
 * changed.
 */
class SessionBadInputTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;
    static ProjectCredentials otherProject;
    static String org;
    static String otherOrg;
    static String foreignMember;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        otherProject = server.newProject();
        org = flows.organization("mfa_policy", "OPTIONAL");
        otherOrg = flows.organization("mfa_policy", "OPTIONAL");
        foreignMember = flows.member(otherOrg, "foreign@example.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response unchanged(Supplier<TestServer.Response> call) {
        return tables.unchanged(call);
    }

    static TestServer.Response asOtherProject(String method, String path, String body) {
        return server.call(method, path, body, otherProject.project().id(), otherProject.secret());
    }

    static TestServer.Response authenticate(Object... fields) {
        return flows.post("/v1/b2b/sessions/authenticate", fields);
    }

    /** A JWT of the same claims, with the header replaced. */
    static String withHeader(String jwt, String headerJson) {
        String[] parts = jwt.split("\\.");
        return b64(headerJson) + "." + parts[1] + "." + parts[2];
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A session JWT minted by another project of the same server. */
    static String otherProjectJwt() {
        String id = otherProject.project().id();
        String secret = otherProject.secret();
        String o = server.call("POST", "/v1/b2b/organizations", json("organization_name", "Elsewhere Inc"), id, secret)
                .at("/organization/organization_id");
        String hash =
                com.password4j.Password.hash(Fixtures.PASSWORD).withBcrypt().getResult();
        ok(server.call(
                "POST",
                "/v1/b2b/passwords/migrate",
                json("organization_id", o, "email_address", "x@example.com", "hash", hash, "hash_type", "bcrypt"),
                id,
                secret));
        return ok(server.call(
                        "POST",
                        "/v1/b2b/passwords/authenticate",
                        json("organization_id", o, "email_address", "x@example.com", "password", Fixtures.PASSWORD),
                        id,
                        secret))
                .at("/session_jwt");
    }

    @Test
    void authenticateWhenArgumentsMissingOrBothThenRefused() {
        flows.member(org, "args@example.com");
        TestServer.Response live = flows.session(org, "args@example.com");

        fails(unchanged(() -> authenticate()), 400, "no_session_arguments");
        fails(unchanged(() -> authenticate("session_token", "")), 400, "no_session_arguments");
        fails(
                unchanged(() -> authenticate(
                        "session_token", live.at("/session_token"), "session_jwt", live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        fails(unchanged(() -> authenticate("session_token", 42)), 400, "bad_request");
    }

    @Test
    void authenticateWhenTokenOrJwtIsNotALiveSessionOfThisProjectThenSessionNotFound() {
        flows.member(org, "forged@example.com");
        TestServer.Response live = flows.session(org, "forged@example.com");
        String jwt = live.at("/session_jwt");
        String kid = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);

        for (String bad : new String[] {
            "x",
            "a.b.c",
            jwt + "x",
            withHeader(jwt, "{\"alg\":\"none\",\"typ\":\"JWT\"}"),
            withHeader(jwt, kid.replace("RS256", "HS256")),
            withHeader(jwt, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"jwk-test-unknown\"}"),
            otherProjectJwt()
        }) {
            fails(unchanged(() -> authenticate("session_jwt", bad)), 404, "session_not_found");
        }
        fails(unchanged(() -> authenticate("session_token", "no-such-token")), 404, "session_not_found");
        fails(
                unchanged(() -> asOtherProject(
                        "POST", "/v1/b2b/sessions/authenticate", json("session_token", live.at("/session_token")))),
                404,
                "session_not_found");
        fails(
                unchanged(() -> asOtherProject("POST", "/v1/b2b/sessions/authenticate", json("session_jwt", jwt))),
                404,
                "session_not_found");
    }

    @Test
    void authenticateWhenOptionsBadThenRefused() {
        flows.member(org, "options@example.com");
        String token = flows.session(org, "options@example.com").at("/session_token");

        for (int minutes : new int[] {4, 527_041, -1}) {
            fails(
                    unchanged(() -> authenticate("session_token", token, "session_duration_minutes", minutes)),
                    400,
                    "invalid_session_duration_minutes");
        }
        fails(
                unchanged(() -> authenticate("session_token", token, "session_duration_minutes", "an hour")),
                400,
                "bad_request");
        fails(
                unchanged(() -> authenticate("session_token", token, "session_custom_claims", "claims")),
                400,
                "bad_request");
        fails(
                unchanged(() ->
                        authenticate("session_token", token, "session_custom_claims", Map.of("big", "x".repeat(5000)))),
                400,
                "custom_claims_too_large");
        ok(authenticate("session_token", token));
    }

    @Test
    void getWhenInputBadThenRefused() {
        String member = flows.member(org, "get@example.com");
        fails(unchanged(() -> flows.get("/v1/b2b/sessions?organization_id=" + org)), 400, "bad_request");
        fails(unchanged(() -> flows.get("/v1/b2b/sessions?member_id=" + member)), 400, "bad_request");
        fails(
                unchanged(() -> flows.get("/v1/b2b/sessions?organization_id=" + org + "&member_id=" + foreignMember)),
                404,
                "member_not_found");
        fails(
                unchanged(
                        () -> flows.get("/v1/b2b/sessions?organization_id=organization-test-nope&member_id=" + member)),
                404,
                "organization_not_found");
        fails(
                unchanged(() -> asOtherProject(
                        "GET", "/v1/b2b/sessions?organization_id=" + org + "&member_id=" + member, null)),
                404,
                "organization_not_found");
    }

    @Test
    void revokeWhenInputBadThenRefused() {
        String member = flows.member(org, "revoke@example.com");
        TestServer.Response live = flows.session(org, "revoke@example.com");
        String id = live.at("/member_session/member_session_id");
        String path = "/v1/b2b/sessions/revoke";

        fails(unchanged(() -> flows.post(path)), 400, "no_session_revoke_arguments");
        fails(
                unchanged(() -> flows.post(path, "member_session_id", id, "member_id", member)),
                400,
                "too_many_session_revoke_arguments");
        fails(
                unchanged(() -> flows.post(
                        path, "session_token", live.at("/session_token"), "session_jwt", live.at("/session_jwt"))),
                400,
                "too_many_session_revoke_arguments");
        fails(
                unchanged(() -> flows.post(path, "member_session_id", "member-session-test-nope")),
                404,
                "session_not_found");
        fails(unchanged(() -> flows.post(path, "session_token", "no-such-token")), 404, "session_not_found");
        fails(unchanged(() -> flows.post(path, "session_jwt", "a.b.c")), 404, "session_not_found");
        fails(unchanged(() -> flows.post(path, "member_id", "member-test-nope")), 404, "member_not_found");
        fails(unchanged(() -> asOtherProject("POST", path, json("member_session_id", id))), 404, "session_not_found");
        fails(unchanged(() -> asOtherProject("POST", path, json("member_id", member))), 404, "member_not_found");

        ok(flows.post(path, "member_session_id", id));
        fails(unchanged(() -> flows.post(path, "member_session_id", id)), 404, "session_not_found");
    }

    @Test
    void exchangeWhenInputBadThenRefused() {
        flows.member(org, "exchange@example.com");
        flows.member(otherOrg, "exchange@example.com");
        String lonely = flows.organization("mfa_policy", "OPTIONAL");
        TestServer.Response live = flows.session(org, "exchange@example.com");
        String token = live.at("/session_token");
        String path = "/v1/b2b/sessions/exchange";

        fails(unchanged(() -> flows.post(path, "session_token", token)), 400, "bad_request");
        fails(unchanged(() -> flows.post(path, "organization_id", otherOrg)), 400, "no_session_arguments");
        fails(
                unchanged(() -> flows.post(
                        path,
                        "organization_id",
                        otherOrg,
                        "session_token",
                        token,
                        "session_jwt",
                        live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        fails(
                unchanged(() -> flows.post(path, "organization_id", otherOrg, "session_token", "no-such-token")),
                404,
                "session_not_found");
        fails(
                unchanged(() -> flows.post(path, "organization_id", "organization-test-nope", "session_token", token)),
                404,
                "organization_not_found");
        fails(
                unchanged(() -> flows.post(path, "organization_id", lonely, "session_token", token)),
                404,
                "member_not_found");
        fails(
                unchanged(() -> flows.post(path, "organization_id", otherOrg, "session_token", token)),
                400,
                "insufficient_factors_for_session_exchange");
        fails(
                unchanged(
                        () -> asOtherProject("POST", path, json("organization_id", otherOrg, "session_token", token))),
                404,
                "session_not_found");

        String expired = ok(flows.login(org, "exchange@example.com", "session_duration_minutes", 5))
                .at("/session_token");
        server.clock.advance(Duration.ofMinutes(5));
        fails(
                unchanged(() -> flows.post(path, "organization_id", otherOrg, "session_token", expired)),
                404,
                "session_not_found");
    }
}
