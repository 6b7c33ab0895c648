package dev.latchkey.password;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.passwords.StrengthCheckRequest;
import com.stytch.java.b2b.models.passwords.StrengthCheckResponse;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sdk;
import dev.latchkey.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ASVS 2.1.1: a password has at least 12 characters, on top of the strength policy (issue 8). */
class PasswordLengthTest {
    /** Eleven random characters: zxcvbn scores this 3 or more, so only the length rule refuses it. */
    private static final String ELEVEN = "Vq8#Lz2!mRt";

    private static final String TWELVE = "Vq8#Lz2!mRtK";

    static TestServer server;
    static Flows flows;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String email() {
        return "len-" + UUID.randomUUID().toString().substring(0, 8) + "@length.test";
    }

    @Test
    @DisplayName("a password of 11 characters is refused (weak_password) on every path that sets one; 12 are enough")
    void passwordShorterThanTwelveCharactersIsRefusedOnEveryPathThatSetsOne() {
        assertThat(new PasswordStrength().check(ELEVEN, null).score()).isGreaterThanOrEqualTo(3);
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = email();
        flows.member(org, email);

        ok(flows.post(
                "/v1/b2b/passwords/email/reset/start",
                "organization_id",
                org,
                "email_address",
                email,
                "reset_password_redirect_url",
                "http://localhost:3000/reset"));
        String token = flows.latestMessageTo(email).get("token").asText();
        fails(
                flows.post("/v1/b2b/passwords/email/reset", "password_reset_token", token, "password", ELEVEN),
                400,
                "weak_password");

        fails(
                flows.post(
                        "/v1/b2b/passwords/existing_password/reset",
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "existing_password",
                        Fixtures.PASSWORD,
                        "new_password",
                        ELEVEN),
                400,
                "weak_password");

        String session = flows.session(org, email).at("/session_token");
        fails(
                flows.post(
                        "/v1/b2b/passwords/session/reset",
                        "organization_id",
                        org,
                        "password",
                        ELEVEN,
                        "session_token",
                        session),
                400,
                "weak_password");

        // The refused reset left its token usable; twelve characters pass.
        ok(flows.post("/v1/b2b/passwords/email/reset", "password_reset_token", token, "password", TWELVE));
    }

    @Test
    @DisplayName("passwords/strength_check reports a password under 12 characters as invalid and says why")
    void strengthCheckReportsTheTwelveCharacterMinimum() {
        StrengthCheckResponse shortOne =
                Sdk.ok(server.sdk().getPasswords().strengthCheckCompletable(new StrengthCheckRequest(ELEVEN, null)));
        assertThat(shortOne.getValidPassword()).isFalse();
        assertThat(shortOne.getZxcvbnFeedback().getSuggestions()).contains("Use at least 12 characters.");
        assertThat(shortOne.getZxcvbnFeedback().getWarning()).isNotEmpty();

        StrengthCheckResponse longer =
                Sdk.ok(server.sdk().getPasswords().strengthCheckCompletable(new StrengthCheckRequest(TWELVE, null)));
        assertThat(longer.getValidPassword()).isTrue();
    }

    @Test
    @DisplayName("under LUDS the minimum length is at least 12, and missing_characters counts up to it")
    void ludsMinimumLengthIsAtLeastTwelve() {
        PasswordStrength luds = new PasswordStrength(PasswordStrength.Policy.LUDS, PasswordStrength.LudsRules.DEFAULT);
        assertThat(luds.ludsRules().orElseThrow().minLength()).isEqualTo(12);

        StrengthCheck c = luds.check("Ab1!xyzw", null); // all four classes, 8 characters: LUDS.DEFAULT's minimum
        assertThat(c.validPassword()).isFalse();
        assertThat(c.ludsFeedback().missingCharacters()).isEqualTo(4);
        assertThat(c.ludsFeedback().missingComplexity()).isZero();
        assertThat(luds.check("Ab1!xyzwvuts", null).validPassword()).isTrue();
    }
}
