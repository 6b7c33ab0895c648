package dev.latchkey.delivery;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Inbox;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The member is emailed when its password is changed or reset and when a second factor is added or removed (issue 8,
 * ASVS 2.2.3 / 2.5.5), read from a real SMTP server as the member would.
 */
class SecurityNoticesTest {
    private static final String NEW_PASSWORD = "a fresh passphrase nobody guessed 2026";
    private static final String RESET_URL = "http://localhost:3000/reset";

    static Inbox inbox;
    static TestServer server;
    static Flows flows;

    @BeforeAll
    static void start() {
        inbox = new Inbox();
        server = inbox.startServer();
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        inbox.close();
    }

    static String email() {
        return "n-" + UUID.randomUUID().toString().substring(0, 8) + "@notices.test";
    }

    static List<String> subjects(String email) {
        return inbox.to(email).stream().map(Inbox.Email::subject).toList();
    }

    static String startReset(String org, String email, String locale) {
        ok(flows.post(
                "/v1/b2b/passwords/email/reset/start",
                "organization_id",
                org,
                "email_address",
                email,
                "reset_password_redirect_url",
                RESET_URL,
                "locale",
                locale));
        return inbox.latestTo(email).token();
    }

    @Test
    @DisplayName("an email reset, an existing-password reset and a session reset each email the member, in the"
            + " request's language")
    void passwordChangeOrResetEmailsTheMember() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = email();
        flows.member(org, email);

        String token = startReset(org, email, "fr");
        ok(flows.post(
                "/v1/b2b/passwords/email/reset",
                "password_reset_token",
                token,
                "password",
                NEW_PASSWORD,
                "locale",
                "fr"));
        Inbox.Email french = inbox.latestTo(email);
        assertThat(french.subject()).startsWith("Votre mot de passe").endsWith("a été modifié");
        assertThat(french.text()).doesNotContain(NEW_PASSWORD, token);

        ok(flows.post(
                "/v1/b2b/passwords/existing_password/reset",
                "organization_id",
                org,
                "email_address",
                email,
                "existing_password",
                NEW_PASSWORD,
                "new_password",
                NEW_PASSWORD + " again"));
        assertThat(inbox.latestTo(email).subject()).endsWith("password was changed");

        String session = flows.post(
                        "/v1/b2b/passwords/authenticate",
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "password",
                        NEW_PASSWORD + " again")
                .at("/session_token");
        int before = inbox.countTo(email);
        ok(flows.post(
                "/v1/b2b/passwords/session/reset",
                "organization_id",
                org,
                "password",
                Fixtures.PASSWORD,
                "session_token",
                session));
        assertThat(inbox.countTo(email)).isEqualTo(before + 1);
        assertThat(inbox.latestTo(email).subject()).endsWith("password was changed");
    }

    @Test
    @DisplayName("a password change that fails (a weak password) sends no notice")
    void failedPasswordChangeSendsNoNotice() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = email();
        flows.member(org, email);
        String token = startReset(org, email, null);
        int before = inbox.countTo(email);

        fails(
                flows.post("/v1/b2b/passwords/email/reset", "password_reset_token", token, "password", "password"),
                400,
                "breached_password");

        assertThat(inbox.countTo(email)).isEqualTo(before);
    }

    @Test
    @DisplayName("a replayed TOTP code is refused, counted as a wrong code, and the member is emailed (ASVS 2.8.5)")
    void totpCodeReplayedEmailsTheMemberAndCountsAsAWrongCode() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = email();
        String member = flows.member(org, email);
        Flows.Enrolled e = flows.enrollTotp(org, member, email);
        String code = flows.totpCode(e.secret());
        ok(totp(org, member, code, flows.ist(org, email)));
        int before = inbox.countTo(email);

        fails(totp(org, member, code, flows.ist(org, email)), 400, "totp_code_already_authenticated");

        assertThat(inbox.countTo(email)).isEqualTo(before + 1);
        assertThat(inbox.latestTo(email).subject()).startsWith("A used sign-in code was tried");
        assertThat(inbox.latestTo(email).text()).doesNotContain(code);
        int failures = server.app.services().database().inTransaction(h -> h.createQuery(
                        "SELECT second_factor_failed_attempts FROM members WHERE id = :m")
                .bind("m", member)
                .mapTo(Integer.class)
                .one());
        assertThat(failures).isEqualTo(1);
    }

    static TestServer.Response totp(String org, String member, String code, String ist) {
        return flows.authenticateTotp(org, member, code, "intermediate_session_token", ist);
    }

    @Test
    @DisplayName("a phone verified for the first time, an activated TOTP and a migrated TOTP each email the member")
    void secondFactorAddedEmailsTheMember() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = email();
        String member = flows.member(org, email);
        String ist = flows.ist(org, email);
        String phone = flows.newPhone();
        String code = flows.sendSms(org, member, phone, "intermediate_session_token", ist);
        ok(flows.authenticateSms(org, member, code, "intermediate_session_token", ist));
        Inbox.Email sms = inbox.latestTo(email);
        assertThat(sms.subject()).startsWith("A sign-in factor was added");
        assertThat(sms.text()).contains("SMS").contains(phone.substring(phone.length() - 2));
        assertThat(sms.text()).doesNotContain(phone);

        // A second SMS login on the same phone adds nothing.
        int afterPhone = inbox.countTo(email);
        String ist2 = flows.ist(org, email);
        String code2 = flows.sendSms(org, member, null, "intermediate_session_token", ist2);
        ok(flows.authenticateSms(org, member, code2, "intermediate_session_token", ist2));
        assertThat(inbox.countTo(email)).isEqualTo(afterPhone);

        String other = email();
        String otherMember = flows.member(org, other);
        flows.enrollTotp(org, otherMember, other);
        assertThat(subjects(other))
                .filteredOn(s -> s.startsWith("A sign-in factor was added"))
                .hasSize(1);
        assertThat(inbox.latestTo(other).text()).contains("TOTP");

        String migrated = email();
        String migratedMember = flows.member(org, migrated);
        ok(flows.post(
                "/v1/b2b/totp/migrate",
                "organization_id",
                org,
                "member_id",
                migratedMember,
                "secret",
                "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                "recovery_codes",
                List.of()));
        assertThat(inbox.latestTo(migrated).subject()).startsWith("A sign-in factor was added");
        assertThat(inbox.latestTo(migrated).text()).contains("TOTP");
    }

    @Test
    @DisplayName("deleting a member's phone or TOTP through the members endpoints emails the member")
    void secondFactorRemovedEmailsTheMember() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = email();
        String member = flows.member(org, email);
        String ist = flows.ist(org, email);
        String phone = flows.newPhone();
        String code = flows.sendSms(org, member, phone, "intermediate_session_token", ist);
        ok(flows.authenticateSms(org, member, code, "intermediate_session_token", ist));

        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/mfa_phone_numbers/" + member, null));
        Inbox.Email removed = inbox.latestTo(email);
        assertThat(removed.subject()).startsWith("A sign-in factor was removed");
        assertThat(removed.text()).contains("SMS");

        String other = email();
        String otherMember = flows.member(org, other);
        flows.enrollTotp(org, otherMember, other);
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + otherMember + "/totp", null));
        assertThat(inbox.latestTo(other).subject()).startsWith("A sign-in factor was removed");
        assertThat(inbox.latestTo(other).text()).contains("TOTP");
    }
}
