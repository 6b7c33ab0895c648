package dev.latchkey.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /sdk/v1/b2b/sessions/revoke/{member_id}} (the browser SDK's {@code session.revokeForMember}, SDK.md §3):
 * a caller revokes every session of a member of its own organization, and can reach no other organization's member.
 * It needs {@code stytch.member revoke-sessions}, which Stytch's default policy grants to admins.
 */
class RevokeForMemberTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;
    static String publicToken;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        publicToken = server.project.project().publicToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String email() {
        return "revoke-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A member holding stytch_admin. */
    static String admin(String org, String email) {
        String id = flows.member(org, email);
        Flows.ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + org + "/members/" + id,
                Flows.json("roles", List.of("stytch_admin"))));
        return id;
    }

    static boolean alive(String sessionToken) {
        return server.call("POST", "/v1/b2b/sessions/authenticate", Flows.json("session_token", sessionToken))
                        .status()
                == 200;
    }

    static TestServer.Response revokeFor(String memberId, String callerSession) {
        return server.call("POST", "/sdk/v1/b2b/sessions/revoke/" + memberId, null, publicToken, callerSession);
    }

    @Test
    @DisplayName("revokes every session of the member, and no one else's")
    void revokeForMemberEndsAllOfThatMembersSessions() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String adminEmail = email();
        String targetEmail = email();
        admin(org, adminEmail);
        String target = flows.member(org, targetEmail);
        String caller = flows.session(org, adminEmail).at("/session_token");
        String first = flows.session(org, targetEmail).at("/session_token");
        String second = flows.session(org, targetEmail).at("/session_token");

        var r = revokeFor(target, caller);

        Flows.ok(r);
        assertThat(r.at("/data/request_id")).isNotEmpty();
        assertThat(alive(first)).isFalse();
        assertThat(alive(second)).isFalse();
        assertThat(alive(caller)).isTrue();
    }

    @Test
    void revokeForMemberOfAnotherOrganizationIsNotFoundAndChangesNothing() {
        String mine = flows.organization("mfa_policy", "OPTIONAL");
        String theirs = flows.organization("mfa_policy", "OPTIONAL");
        String callerEmail = email();
        String otherEmail = email();
        admin(mine, callerEmail);
        String other = flows.member(theirs, otherEmail);
        String caller = flows.session(mine, callerEmail).at("/session_token");
        String victim = flows.session(theirs, otherEmail).at("/session_token");

        Flows.fails(tables.unchanged(() -> revokeFor(other, caller)), 404, "member_not_found");

        assertThat(alive(victim)).isTrue();
    }

    @Test
    void revokeForMemberWithoutASessionIsRefused() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String target = flows.member(org, email());

        var r = tables.unchanged(() -> revokeFor(target, publicToken));

        assertThat(r.status()).as(r.text()).isEqualTo(401);
    }

    @Test
    void revokeForUnknownMemberIsNotFound() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String callerEmail = email();
        admin(org, callerEmail);
        String caller = flows.session(org, callerEmail).at("/session_token");

        Flows.fails(tables.unchanged(() -> revokeFor("member-test-nope", caller)), 404, "member_not_found");
    }

    @Test
    void aPlainMemberMayEndOnlyItsOwnSessions() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String callerEmail = email();
        String targetEmail = email();
        String self = flows.member(org, callerEmail);
        String target = flows.member(org, targetEmail);
        String caller = flows.session(org, callerEmail).at("/session_token");
        String victim = flows.session(org, targetEmail).at("/session_token");

        Flows.fails(tables.unchanged(() -> revokeFor(target, caller)), 403, "session_authorization_error");
        assertThat(alive(victim)).isTrue();

        Flows.ok(revokeFor(self, caller));
        assertThat(alive(caller)).isFalse();
    }
}
