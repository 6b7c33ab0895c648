package dev.latchkey.mfa;

import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.crypto.Digests;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import dev.latchkey.totp.Base32;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Secrets at rest", read straight from the database after a whole MFA login: session and intermediate
 * session tokens as SHA-256 digests, SMS codes as keyed HMACs, TOTP secrets and recovery codes sealed or digested.
 */
class StoredSecretsTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noTokenCodeOrSecretOfAnMfaLoginIsStoredInPlainText() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = "secrets@example.com";
        String member = flows.member(org, email);
        String ist = flows.ist(org, email);
        String phone = flows.newPhone();
        String smsCode = flows.sendSms(org, member, phone, "intermediate_session_token", ist);
        Map<String, Object> otp = tables.row("SELECT * FROM sms_otps WHERE member_id = ?", member);
        TestServer.Response done = ok(flows.post(
                "/v1/b2b/otps/sms/authenticate",
                "organization_id",
                org,
                "member_id",
                member,
                "code",
                smsCode,
                "intermediate_session_token",
                ist));
        String token = done.at("/session_token");
        String jwt = done.at("/session_jwt");
        TestServer.Response totp =
                ok(flows.post("/v1/b2b/totp", "organization_id", org, "member_id", member, "session_token", token));
        String secret = totp.at("/secret");
        List<String> recoveryCodes = new ArrayList<>();
        totp.json().get("recovery_codes").forEach(c -> recoveryCodes.add(c.asText()));

        // Session token: its SHA-256 digest, and nothing else.
        Map<String, Object> session =
                tables.row("SELECT * FROM member_sessions WHERE member_id = ? AND revoked_at IS NULL", member);
        assertThat(session.get("token_digest")).isEqualTo(Digests.sha256Hex(token));
        // Intermediate session token: likewise.
        Map<String, Object> intermediate =
                tables.row("SELECT * FROM intermediate_sessions WHERE member_id = ?", member);
        assertThat(intermediate.get("token_digest")).isEqualTo(Digests.sha256Hex(ist));
        // SMS code: a keyed HMAC, not the code nor a bare digest of it (a million candidates would undo that).
        assertThat(otp.keySet())
                .containsExactlyInAnyOrder(
                        "id",
                        "project_id",
                        "member_id",
                        "phone",
                        "code_hmac",
                        "attempts",
                        "created_at",
                        "expires_at",
                        "consumed_at");
        assertThat((String) otp.get("code_hmac"))
                .hasSize(64)
                .isNotEqualTo(smsCode)
                .isNotEqualTo(Digests.sha256Hex(smsCode))
                .isNotEqualTo(Digests.sha256Hex(member + ":" + smsCode));
        // TOTP secret: sealed; neither its base32 text nor its bytes are in the row.
        Map<String, Object> registration = tables.row("SELECT * FROM totp_registrations WHERE member_id = ?", member);
        byte[] sealed = (byte[]) registration.get("secret_sealed");
        String sealedHex = HexFormat.of().formatHex(sealed);
        assertThat(sealedHex).doesNotContain(HexFormat.of().formatHex(Base32.decode(secret)));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        // Recovery codes: each matched by a keyed HMAC bound to the member (about 62 bits of code would not resist
        // an offline search of plain digests); the sealed copy is not the code.
        List<Map<String, Object>> codes =
                tables.rows("SELECT * FROM recovery_codes WHERE member_id = ? ORDER BY position", member);
        assertThat(codes).hasSize(recoveryCodes.size());
        String subject = "recovery-code\n" + server.projectId() + "\n" + member;
        for (int i = 0; i < codes.size(); i++) {
            String code = recoveryCodes.get(i);
            assertThat((String) codes.get(i).get("code_digest"))
                    .isEqualTo(server.app.services().otpHasher().hash(subject, code))
                    .isNotEqualTo(Digests.sha256Hex(code));
            assertThat(new String((byte[]) codes.get(i).get("code_sealed"), StandardCharsets.ISO_8859_1))
                    .doesNotContain(recoveryCodes.get(i));
        }

        // And no plaintext secret anywhere in the state tables (the dev outbox is meant to show codes).
        StringBuilder all = new StringBuilder();
        tables.snapshot().forEach((table, rows) -> {
            if (!table.equals("dev_messages")) {
                rows.forEach(all::append);
            }
        });
        assertThat(all.toString())
                .doesNotContain(token)
                .doesNotContain(ist)
                .doesNotContain(jwt)
                .doesNotContain(jwt.split("\\.")[2])
                .doesNotContain(secret)
                .doesNotContain(Fixtures.PASSWORD);
        recoveryCodes.forEach(c -> assertThat(all.toString()).doesNotContain(c));
    }
}
