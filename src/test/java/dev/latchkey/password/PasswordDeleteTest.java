package dev.latchkey.password;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.organizationsmembers.DeletePasswordRequest;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code DELETE …/members/passwords/{member_password_id}} through the official Java SDK. */
class PasswordDeleteTest {
    static TestServer server;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        server = new TestServer();
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void deletePasswordThenTheMemberHasNoneAndCannotLogInWithIt() {
        String org = fx.organization("OPTIONAL");
        String member = fx.memberWithPassword(org, "del@example.com");
        String passwordId = server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + member, null)
                .at("/member/member_password_id");
        assertThat(passwordId).startsWith("member-password-test-");

        var deleted = ok(server.sdk()
                .getOrganizations()
                .getMembers()
                .deletePasswordCompletable(new DeletePasswordRequest(org, passwordId), null));

        assertThat(deleted.getMember().getMemberPasswordId()).isEmpty();
        var login = server.call(
                "POST",
                "/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"del@example.com\",\"password\":\"" + PASSWORD
                        + "\"}");
        assertThat(login.status()).isEqualTo(401);
        var again = error(server.sdk()
                .getOrganizations()
                .getMembers()
                .deletePasswordCompletable(new DeletePasswordRequest(org, passwordId), null));
        assertThat(again.getErrorType()).isEqualTo("member_password_not_found");
    }

    @Test
    void anotherOrganizationsPasswordIsNotFound() {
        String org = fx.organization("OPTIONAL");
        String other = fx.organization("OPTIONAL");
        String member = fx.memberWithPassword(org, "owner@example.com");
        String passwordId = server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + member, null)
                .at("/member/member_password_id");

        var refused = error(server.sdk()
                .getOrganizations()
                .getMembers()
                .deletePasswordCompletable(new DeletePasswordRequest(other, passwordId), null));

        assertThat(refused.getErrorType()).isEqualTo("member_password_not_found");
        assertThat(server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + member, null)
                        .at("/member/member_password_id"))
                .isEqualTo(passwordId);
    }
}
