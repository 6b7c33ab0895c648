package dev.latchkey.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.sessions.AuthorizationCheck;
import com.stytch.java.common.StytchResult;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every gated endpoint, on each surface (the browser SDK with the caller's session, and the backend with the
 * member-session header), called by each default role and two custom roles of the project's custom policy: allowed exactly when the role's permissions, written out below independently of
 * the server's policy code, grant the action; and on a refusal, a 403 {@code session_authorization_error} with the
 * target member, the organization and their sessions just as they were.
 */
class PermissionMatrixTest {
    /** What each persona's roles grant, as Stytch's defaults and the policy file below define them. */
    static final Map<String, Map<String, Set<String>>> GRANTS = Map.of(
            "member",
            Map.of(),
            "admin",
            Map.of(
                    "stytch.organization", Set.of("*"),
                    "stytch.member", Set.of("*"),
                    "stytch.sso", Set.of("*"),
                    "stytch.scim", Set.of("*")),
            "editor",
            Map.of("stytch.member", Set.of("update.info.name", "search")),
            "renamer",
            Map.of("stytch.organization", Set.of("update.info.name")));

    static final String POLICY =
            """
            {"roles": [
              {"role_id": "member-editor", "description": "renames and finds members",
               "permissions": [{"resource_id": "stytch.member", "actions": ["update.info.name", "search"]}]},
              {"role_id": "org-renamer", "description": "renames the organization",
               "permissions": [{"resource_id": "stytch.organization", "actions": ["update.info.name"]}]}
            ], "resources": [], "scopes": []}
            """;

    static TestServer server;
    static Flows flows;
    static String org;
    static final Map<String, String> tokens = new LinkedHashMap<>();
    static final Map<String, String> jwts = new LinkedHashMap<>();
    static StytchB2BClient sdk;

    /** One gated call: what it needs, and how to make it on each surface against a fresh target member. */
    record Case(
            String name, String resource, String action, Function<String, Call> sdk, Function<String, Call> backend) {}

    record Call(String method, String path, String body) {}

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer();
        // The Java SDK checks a JWT's expiry against the real clock, so the server's clock is the real one here.
        server.clock.set(java.time.Clock.systemUTC().instant());
        // as `latchkey rbac set <project> policy.json` does (LATCHKEY_RBAC_POLICY_FILE, for the bootstrap project, is
        // RbacPolicyFileTest's)
        server.app
                .services()
                .projectPolicies()
                .set(server.projectId(), PolicyDocument.parse(new ObjectMapper().readTree(POLICY)));
        flows = new Flows(server);
        sdk = server.sdk();
        org = flows.organization("mfa_policy", "OPTIONAL");
        Map<String, List<String>> roles = Map.of(
                "member", List.of(),
                "admin", List.of("stytch_admin"),
                "editor", List.of("member-editor"),
                "renamer", List.of("org-renamer"));
        roles.forEach((persona, explicit) -> {
            String email = persona + "@matrix.example";
            String id = flows.member(org, email);
            if (!explicit.isEmpty()) {
                Flows.ok(server.call(
                        "PUT", "/v1/b2b/organizations/" + org + "/members/" + id, Flows.json("roles", explicit)));
            }
            TestServer.Response login = flows.session(org, email);
            tokens.put(persona, login.at("/session_token"));
            jwts.put(persona, login.at("/session_jwt"));
        });
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    static List<Case> cases() {
        String members = "/v1/b2b/organizations/" + org + "/members/";
        return List.of(
                new Case(
                        "rename a member",
                        "stytch.member",
                        "update.info.name",
                        t -> new Call("PUT", "/sdk/v1/b2b/organizations/members/" + t, "{\"name\":\"Renamed\"}"),
                        t -> new Call("PUT", members + t, "{\"name\":\"Renamed\"}")),
                new Case(
                        "change a member's roles",
                        "stytch.member",
                        "update.settings.roles",
                        t -> new Call(
                                "PUT", "/sdk/v1/b2b/organizations/members/" + t, "{\"roles\":[\"member-editor\"]}"),
                        t -> new Call("PUT", members + t, "{\"roles\":[\"member-editor\"]}")),
                new Case(
                        "change a member's untrusted metadata",
                        "stytch.member",
                        "update.info.untrusted-metadata",
                        t -> new Call(
                                "PUT", "/sdk/v1/b2b/organizations/members/" + t, "{\"untrusted_metadata\":{\"a\":1}}"),
                        t -> new Call("PUT", members + t, "{\"untrusted_metadata\":{\"a\":1}}")),
                new Case(
                        "delete a member",
                        "stytch.member",
                        "delete",
                        t -> new Call("DELETE", "/sdk/v1/b2b/organizations/members/" + t, null),
                        t -> new Call("DELETE", members + t, null)),
                new Case(
                        "delete a member's MFA phone",
                        "stytch.member",
                        "update.info.delete.mfa-phone",
                        t -> new Call("DELETE", "/sdk/v1/b2b/organizations/members/mfa_phone_numbers/" + t, null),
                        t -> new Call("DELETE", members.replace("/members/", "/members/mfa_phone_numbers/") + t, null)),
                new Case(
                        "create a member",
                        "stytch.member",
                        "create",
                        t -> new Call("POST", "/sdk/v1/b2b/organizations/members", newMember()),
                        t -> new Call("POST", "/v1/b2b/organizations/" + org + "/members", newMember())),
                new Case(
                        "invite a member",
                        "stytch.member",
                        "create",
                        t -> new Call("POST", "/sdk/v1/b2b/magic_links/email/invite", invite()),
                        t -> new Call(
                                "POST",
                                "/v1/b2b/magic_links/email/invite",
                                invite().replace("{", "{\"organization_id\":\"" + org + "\","))),
                new Case(
                        "search members",
                        "stytch.member",
                        "search",
                        t -> new Call("POST", "/sdk/v1/b2b/organizations/me/members/search", "{}"),
                        t -> new Call(
                                "POST",
                                "/v1/b2b/organizations/members/search",
                                "{\"organization_ids\":[\"" + org + "\"]}")),
                new Case(
                        "revoke a member's sessions",
                        "stytch.member",
                        "revoke-sessions",
                        t -> new Call("POST", "/sdk/v1/b2b/sessions/revoke/" + t, null),
                        t -> new Call("POST", "/v1/b2b/sessions/revoke", "{\"member_id\":\"" + t + "\"}")),
                new Case(
                        "rename the organization",
                        "stytch.organization",
                        "update.info.name",
                        t -> new Call("PUT", "/sdk/v1/b2b/organizations/me", "{\"organization_name\":\"Matrix\"}"),
                        t -> new Call("PUT", "/v1/b2b/organizations/" + org, "{\"organization_name\":\"Matrix\"}")),
                new Case(
                        "change the organization's MFA policy",
                        "stytch.organization",
                        "update.settings.mfa-policy",
                        t -> new Call("PUT", "/sdk/v1/b2b/organizations/me", "{\"mfa_policy\":\"OPTIONAL\"}"),
                        t -> new Call("PUT", "/v1/b2b/organizations/" + org, "{\"mfa_policy\":\"OPTIONAL\"}")));
    }

    @Test
    void everyGatedCallIsAllowedExactlyAsThePolicySaysAndARefusalChangesNothing() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Case c : cases()) {
            for (String persona : GRANTS.keySet()) {
                boolean allowed = grants(persona, c.resource(), c.action());
                for (boolean sdk : List.of(true, false)) {
                    String target = target();
                    Call call = sdk ? c.sdk().apply(target) : c.backend().apply(target);
                    String before = state(target);
                    TestServer.Response r =
                            sdk ? asBrowser(call, tokens.get(persona)) : asMember(call, tokens.get(persona));
                    checked++;
                    String where = c.name() + " by " + persona + (sdk ? " (SDK)" : " (backend)") + ": ";
                    if (allowed && r.status() != 200) {
                        mismatches.add(where + "expected 200, got " + r.text());
                    } else if (!allowed) {
                        if (r.status() != 403 || !"session_authorization_error".equals(r.errorType())) {
                            mismatches.add(where + "expected 403 session_authorization_error, got " + r.text());
                        } else if (!state(target).equals(before)) {
                            mismatches.add(where + "refused, but the member or organization changed");
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isEqualTo(cases().size() * GRANTS.size() * 2);
    }

    @Test
    void authorizationCheckAgreesWithThePolicyForEveryRole() {
        List<String[]> checks = List.of(
                new String[] {"stytch.member", "update.info.name"},
                new String[] {"stytch.member", "search"},
                new String[] {"stytch.member", "delete"},
                new String[] {"stytch.organization", "update.info.name"},
                new String[] {"stytch.organization", "delete"},
                new String[] {"stytch.sso", "create"},
                new String[] {"stytch.self", "update.info.name"});
        List<String> mismatches = new ArrayList<>();
        for (String persona : GRANTS.keySet()) {
            for (String[] check : checks) {
                boolean expected = check[0].equals("stytch.self") || grants(persona, check[0], check[1]);
                TestServer.Response r = server.call(
                        "POST",
                        "/v1/b2b/sessions/authenticate",
                        Flows.json(
                                "session_token",
                                tokens.get(persona),
                                "authorization_check",
                                Map.of("organization_id", org, "resource_id", check[0], "action", check[1])));
                boolean authorized =
                        r.status() == 200 && r.json().at("/verdict/authorized").asBoolean();
                if (authorized != expected) {
                    mismatches.add(persona + " " + check[0] + " " + check[1] + ": " + r.text());
                }
                // The Java SDK decides locally from GET /v1/b2b/rbac/policy and the JWT's roles claim, and must agree.
                StytchResult<?> local = await(sdk.getSessions()
                        .authenticateJwtLocalCompletable(
                                jwts.get(persona), null, new AuthorizationCheck(org, check[0], check[1]), 0));
                if ((local instanceof StytchResult.Success<?>) != expected) {
                    mismatches.add("Java SDK locally: " + persona + " " + check[0] + " " + check[1] + ": " + local);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the persona's roles grant the action, by the table above: the action itself or "*". */
    static boolean grants(String persona, String resource, String action) {
        Set<String> actions = GRANTS.get(persona).getOrDefault(resource, Set.of());
        return actions.contains(action) || actions.contains("*");
    }

    /** A fresh member of the organization, with a verified address and an MFA phone, logged in once. */
    static String target() {
        String email = "target-" + UUID.randomUUID().toString().substring(0, 8) + "@matrix.example";
        String id = flows.member(org, email);
        Flows.ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + org + "/members/" + id,
                Flows.json("mfa_phone_number", flows.newPhone())));
        flows.session(org, email);
        return id;
    }

    static String newMember() {
        return "{\"email_address\":\"new-" + UUID.randomUUID().toString().substring(0, 8) + "@matrix.example\"}";
    }

    static String invite() {
        return newMember().replace("}", ",\"invite_redirect_url\":\"http://localhost:3000/invite\"}");
    }

    /** The target member, the organization and the target's live sessions, as the backend reads them. */
    static String state(String target) {
        JsonNode member = server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + target, null)
                .json();
        JsonNode organization =
                server.call("GET", "/v1/b2b/organizations/" + org, null).json();
        JsonNode sessions = server.call("GET", "/v1/b2b/sessions?organization_id=" + org + "&member_id=" + target, null)
                .json();
        return member.at("/member") + "|" + organization.at("/organization") + "|" + sessions.at("/member_sessions")
                + "|"
                + server.call("GET", "/dev/v1/messages", null)
                        .json()
                        .at("/messages")
                        .size();
    }

    static TestServer.Response asBrowser(Call call, String sessionToken) {
        String publicToken = server.project.project().publicToken();
        return server.send(
                call.method(),
                call.path(),
                call.body(),
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((publicToken + ":" + sessionToken).getBytes(StandardCharsets.UTF_8)));
    }

    static TestServer.Response asMember(Call call, String sessionToken) {
        String basic = Base64.getEncoder()
                .encodeToString((server.project.project().id() + ":" + server.project.secret())
                        .getBytes(StandardCharsets.UTF_8));
        return server.sendWithHeaders(
                call.method(),
                call.path(),
                call.body(),
                Map.of("Authorization", "Basic " + basic, "X-Stytch-Member-Session", sessionToken));
    }
}
