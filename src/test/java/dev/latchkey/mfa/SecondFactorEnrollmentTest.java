package dev.latchkey.mfa;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, enrollment: a proof made only of primary factors (what a stolen password gives) may enroll a second
 * factor only for a member who has none; a member with a verified phone or an active TOTP adds or replaces one only
 * with a proof that already holds one of their second factors. On {@code /v1} and {@code /sdk/v1}, for SMS send to a
 * number that is not the verified one, TOTP create and TOTP migrate.
 */
class SecondFactorEnrollmentTest {
    private static final String APP = "https://app.enrollment.test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestServer server;
    static Flows flows;
    static Tables tables;
    static String required;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        required = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        server.app.services().authorizedOrigins().add(server.projectId(), APP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A member of the REQUIRED_FOR_ALL organization who enrolled SMS on first login; returns the phone. */
    static String enrolledSms(String member, String email) {
        String ist = flows.ist(required, email);
        String phone = flows.newPhone();
        String code = flows.sendSms(required, member, phone, "intermediate_session_token", ist);
        ok(flows.authenticateSms(required, member, code, "intermediate_session_token", ist));
        return phone;
    }

    static TestServer.Response smsSend(Object... fields) {
        return flows.post("/v1/b2b/otps/sms/send", with("organization_id", required, fields));
    }

    static TestServer.Response totpCreate(Object... fields) {
        return flows.post("/v1/b2b/totp", with("organization_id", required, fields));
    }

    private static Object[] with(String key, Object value, Object... more) {
        Object[] out = new Object[more.length + 2];
        out[0] = key;
        out[1] = value;
        System.arraycopy(more, 0, out, 2, more.length);
        return out;
    }

    /** A call to {@code /sdk/v1} as the browser SDK makes it while logged out: public token, SDK header, Origin. */
    static TestServer.Response browser(String path, String body) {
        String publicToken = server.project.project().publicToken();
        String basic =
                Base64.getEncoder().encodeToString((publicToken + ":" + publicToken).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic)
                .header("X-SDK-Client", Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)))
                .header("X-SDK-Parent-Host", APP)
                .header("Origin", APP)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new TestServer.Response(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("SMS send to a new number with a password-only IST, for a member who has TOTP: insufficient_factors")
    void smsSendToNewNumberWithPasswordOnlyIstWhenMemberHasTotpThenRefused() {
        String email = "totp-then-phone@example.com";
        String member = flows.member(required, email);
        flows.enrollTotp(required, member, email);
        String attackerIst = flows.ist(required, email);
        String attackerPhone = flows.newPhone();

        fails(
                tables.unchanged(() -> smsSend(
                        "member_id",
                        member,
                        "mfa_phone_number",
                        attackerPhone,
                        "intermediate_session_token",
                        attackerIst)),
                400,
                "insufficient_factors");
        assertThat(flows.messagesTo(attackerPhone)).isZero();
    }

    @Test
    @DisplayName("TOTP create with a password-only IST, for a member with a verified phone: insufficient_factors")
    void totpCreateWithPasswordOnlyIstWhenMemberHasVerifiedPhoneThenRefused() {
        String email = "phone-then-totp@example.com";
        String member = flows.member(required, email);
        enrolledSms(member, email);
        String attackerIst = flows.ist(required, email); // pre-sends a code to the member's phone

        fails(
                tables.unchanged(() -> totpCreate("member_id", member, "intermediate_session_token", attackerIst)),
                400,
                "insufficient_factors");
    }

    @Test
    @DisplayName("On /sdk/v1 too: TOTP create and SMS send to a new number with a password-only IST are refused")
    void browserEnrollmentWithPasswordOnlyIstWhenMemberHasSecondFactorThenRefused() {
        String email = "browser-enroll@example.com";
        String member = flows.member(required, email);
        enrolledSms(member, email);
        String attackerIst = flows.ist(required, email);

        fails(
                tables.unchanged(() -> browser(
                        "/sdk/v1/b2b/totp",
                        Flows.json(
                                "organization_id",
                                required,
                                "member_id",
                                member,
                                "intermediate_session_token",
                                attackerIst))),
                400,
                "insufficient_factors");

        String other = "totp-browser@example.com";
        String otherMember = flows.member(required, other);
        flows.enrollTotp(required, otherMember, other);
        String otherIst = flows.ist(required, other);
        String attackerPhone = flows.newPhone();
        fails(
                tables.unchanged(() -> browser(
                        "/sdk/v1/b2b/otps/sms/send",
                        Flows.json(
                                "organization_id",
                                required,
                                "member_id",
                                otherMember,
                                "mfa_phone_number",
                                attackerPhone,
                                "intermediate_session_token",
                                otherIst))),
                400,
                "insufficient_factors");
        assertThat(flows.messagesTo(attackerPhone)).isZero();
    }

    @Test
    @DisplayName("A number linked but never verified is enrolled, not authenticated: a password-only IST may not use it"
            + " once the member has TOTP")
    void smsSendToUnverifiedLinkedNumberWithPasswordOnlyIstWhenMemberHasTotpThenRefused() {
        String email = "linked-early@example.com";
        String member = flows.member(required, email);
        // Before the member enrolls anything, a password holder links a phone of their own and leaves it unverified.
        String attackerPhone = flows.newPhone();
        flows.sendSms(required, member, attackerPhone, "intermediate_session_token", flows.ist(required, email));
        flows.enrollTotp(required, member, email);
        int sent = flows.messagesTo(attackerPhone);

        String attackerIst = flows.ist(required, email);
        fails(
                tables.unchanged(() -> smsSend("member_id", member, "intermediate_session_token", attackerIst)),
                400,
                "insufficient_factors");
        assertThat(flows.messagesTo(attackerPhone)).isEqualTo(sent);
    }

    @Test
    @DisplayName("Returning MFA keeps working: SMS send to the member's verified phone with a password-only IST")
    void smsSendToVerifiedPhoneWithPasswordOnlyIstThenSentAndCompletesTheLogin() {
        String email = "returning-sms@example.com";
        String member = flows.member(required, email);
        String phone = enrolledSms(member, email);
        String ist = flows.ist(required, email);

        flows.sendSms(required, member, null, "intermediate_session_token", ist);
        String code = flows.sendSms(required, member, phone, "intermediate_session_token", ist);
        TestServer.Response done = ok(flows.authenticateSms(required, member, code, "intermediate_session_token", ist));
        assertThat(done.at("/member_session/member_id")).isEqualTo(member);
    }

    @Test
    @DisplayName("A session that completed MFA with TOTP may add a phone: send, authenticate, phone verified")
    void smsSendToNewNumberWithSessionHoldingTotpThenEnrolls() {
        String email = "totp-adds-phone@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled enrolled = flows.enrollTotp(required, member, email);
        String phone = flows.newPhone();

        String code = flows.sendSms(required, member, phone, "session_token", enrolled.sessionToken());
        TestServer.Response done =
                ok(flows.authenticateSms(required, member, code, "session_token", enrolled.sessionToken()));
        assertThat(done.json().at("/member/mfa_phone_number_verified").asBoolean())
                .isTrue();
    }

    @Test
    @DisplayName("TOTP migrate carries no proof: refused for a member with a verified phone (insufficient_factors)")
    void totpMigrateWhenMemberHasVerifiedPhoneThenRefused() {
        String email = "migrate-over-phone@example.com";
        String member = flows.member(required, email);
        enrolledSms(member, email);

        fails(
                tables.unchanged(() -> flows.post(
                        "/v1/b2b/totp/migrate",
                        "organization_id",
                        required,
                        "member_id",
                        member,
                        "secret",
                        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")),
                400,
                "insufficient_factors");
    }

    @Test
    @DisplayName("TOTP migrate for a member with no second factor still brings an active registration")
    void totpMigrateWhenMemberHasNoSecondFactorThenActive() {
        String member = flows.member(required, "migrate-first@example.com");

        TestServer.Response r = ok(flows.post(
                "/v1/b2b/totp/migrate",
                "organization_id",
                required,
                "member_id",
                member,
                "secret",
                "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
        assertThat(r.at("/member/totp_registration_id")).isNotEmpty();
    }
}
