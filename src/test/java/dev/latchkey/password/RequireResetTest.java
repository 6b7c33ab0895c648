package dev.latchkey.password;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.passwordsemail.RequireResetRequest;
import com.stytch.java.b2b.models.passwordsemail.RequireResetResponse;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code passwords/email/require_reset} through the official Java SDK: a marked password still matches but is refused
 * by every way of using it, until a reset sets a new one.
 */
class RequireResetTest {
    private static final String NEW_PASSWORD = "a brand new passphrase for 2026!";
    private static final String REDIRECT = "http://localhost:3000/reset";

    static TestServer server;
    static StytchB2BClient sdk;
    static Flows flows;
    static String org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        org = flows.organization("mfa_policy", "OPTIONAL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String email() {
        return "compromised-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static RequireResetResponse requireReset(String email, String orgId, String memberId) {
        return ok(sdk.getPasswords()
                .getEmail()
                .requireResetCompletable(new RequireResetRequest(email, orgId, memberId), null));
    }

    @Test
    @DisplayName("a marked password is refused with member_reset_password until an email reset sets a new one")
    void requireResetWhenPasswordMarkedThenLoginRefusedUntilReset() {
        String email = email();
        String member = flows.member(org, email);

        RequireResetResponse marked = requireReset(email, org, null);

        assertThat(marked.getMemberId()).isEqualTo(member);
        assertThat(marked.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(marked.getOrganization().getOrganizationId()).isEqualTo(org);
        Flows.fails(flows.login(org, email), 401, "member_reset_password");
        // A wrong password is still just wrong: the mark is told only to someone who knows the password.
        Flows.fails(
                flows.post(
                        "/v1/b2b/passwords/authenticate",
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "password",
                        "not the password 42!"),
                401,
                "unauthorized_credentials");
        Flows.fails(
                flows.post(
                        "/v1/b2b/passwords/existing_password/reset",
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "existing_password",
                        PASSWORD,
                        "new_password",
                        NEW_PASSWORD),
                400,
                "cannot_reset_password_with_existing_password");

        Flows.ok(flows.post(
                "/v1/b2b/passwords/email/reset/start",
                "organization_id",
                org,
                "email_address",
                email,
                "reset_password_redirect_url",
                REDIRECT));
        String token = flows.latestMessageTo(email).get("token").asText();
        Flows.ok(flows.post("/v1/b2b/passwords/email/reset", "password_reset_token", token, "password", NEW_PASSWORD));

        Flows.ok(flows.post(
                "/v1/b2b/passwords/authenticate",
                "organization_id",
                org,
                "email_address",
                email,
                "password",
                NEW_PASSWORD));
    }

    @Test
    void requireResetByMemberIdMarksThatMember() {
        String email = email();
        String member = flows.member(org, email);

        assertThat(requireReset(email, null, member).getMemberId()).isEqualTo(member);

        Flows.fails(flows.login(org, email), 401, "member_reset_password");
    }

    @Test
    @DisplayName("with no organization or member, every member of the address is marked (cross-organization passwords)")
    void requireResetWithOnlyTheAddressMarksEveryMemberOfIt() {
        String email = email();
        String other = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        flows.member(other, email);

        requireReset(email, null, null);

        Flows.fails(flows.login(org, email), 401, "member_reset_password");
        Flows.fails(flows.login(other, email), 401, "member_reset_password");
        Flows.fails(
                flows.post("/v1/b2b/passwords/discovery/authenticate", "email_address", email, "password", PASSWORD),
                401,
                "member_reset_password");
    }

    @Test
    void requireResetMarksOnlyTheNamedOrganizationsMember() {
        String email = email();
        String other = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        flows.member(other, email);

        requireReset(email, org, null);

        Flows.fails(flows.login(org, email), 401, "member_reset_password");
        Flows.ok(flows.login(other, email));
    }

    @Test
    void requireResetWhenAnotherProjectsMemberThenNotFound() {
        String email = email();
        String member = flows.member(org, email);
        var otherProject = server.sdk(server.newProject());

        var e = error(otherProject
                .getPasswords()
                .getEmail()
                .requireResetCompletable(new RequireResetRequest(email, org, member), null));

        assertThat(e.getStatusCode()).isIn(404);
        Flows.ok(flows.login(org, email));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
        "'{}', 400, bad_request",
        "'{\"email_address\":\"not an address\",\"organization_id\":\"ORG\"}', 400, invalid_email",
        "'{\"email_address\":\"nobody@example.com\",\"organization_id\":\"ORG\"}', 404, member_not_found",
        "'{\"email_address\":\"nobody@example.com\"}', 404, member_password_not_found",
        "'{\"email_address\":\"nobody@example.com\",\"organization_id\":\"organization-test-nope\"}', 404,"
                + " organization_not_found",
        "'{\"email_address\":\"nobody@example.com\",\"member_id\":\"MEMBER\"}', 404, member_not_found",
        "'{\"email_address\":\"nopassword@example.com\",\"organization_id\":\"ORG\"}', 404, member_password_not_found",
    })
    void requireResetWhenBadInputThenRefusedAndNothingMarked(String body, int status, String errorType) {
        String email = email();
        String member = flows.member(org, email);
        if (body.contains("nopassword@")) {
            var r = flows.post("/v1/b2b/organizations/" + org + "/members", "email_address", "nopassword@example.com");
            assertThat(r.status()).isIn(200, 400); // created once; a duplicate on a rerun is fine
        }

        var r = server.call(
                "POST",
                "/v1/b2b/passwords/email/require_reset",
                body.replace("ORG", org).replace("MEMBER", member));

        Flows.fails(r, status, errorType);
        Flows.ok(flows.login(org, email));
    }
}
