package dev.latchkey.password;

import static dev.latchkey.password.PasswordFixtures.member;
import static dev.latchkey.password.PasswordFixtures.organization;
import static dev.latchkey.password.PasswordFixtures.reload;
import static dev.latchkey.password.PasswordFixtures.storedHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import com.stytch.java.b2b.models.passwords.MigrateRequest;
import com.stytch.java.b2b.models.passwords.MigrateRequestHashType;
import com.stytch.java.b2b.models.passwords.MigrateResponse;
import com.stytch.java.b2b.models.passwords.StrengthCheckRequest;
import com.stytch.java.b2b.models.passwords.StrengthCheckResponse;
import com.stytch.java.common.ErrorResponse;
import com.stytch.java.common.StytchException;
import com.stytch.java.common.StytchResult;
import com.stytch.java.consumer.models.passwords.MD5Config;
import com.stytch.java.consumer.models.passwords.PBKDF2Config;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.TestServer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** strength_check and migrate over HTTP, driven by the official Java SDK where it can express the call. */
class PasswordRoutesTest {
    private static TestServer server;
    private static ProjectCredentials project;
    private static Organization org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        project = server.project;
        org = organization(server, project);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void strengthCheckThroughSdkReportsAWeakPassword() throws Exception {
        StrengthCheckResponse r = success(server.sdk()
                .getPasswords()
                .strengthCheckCompletable(new StrengthCheckRequest("Password1!", "alice@example.com"))
                .get());
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getRequestId()).startsWith("request-id-test-");
        assertThat(r.getValidPassword()).isFalse();
        assertThat(r.getScore()).isLessThan(3);
        assertThat(r.getStrengthPolicy()).isEqualTo("zxcvbn");
        assertThat(r.getBreachDetectionOnCreate()).isTrue();
        assertThat(r.getZxcvbnFeedback().getWarning()).isNotEmpty();
        assertThat(r.getLudsFeedback().getHasUpperCase()).isTrue();
        assertThat(r.getLudsFeedback().getHasSymbol()).isTrue();
    }

    @Test
    void strengthCheckThroughSdkAcceptsAStrongPassword() throws Exception {
        StrengthCheckResponse r = success(server.sdk()
                .getPasswords()
                .strengthCheckCompletable(new StrengthCheckRequest("correct horse battery staple"))
                .get());
        assertThat(r.getValidPassword()).isTrue();
        assertThat(r.getScore()).isEqualTo(4);
        assertThat(r.getBreachedPassword()).isFalse();
        assertThat(r.getZxcvbnFeedback().getSuggestions()).isEmpty();
    }

    @Test
    void strengthCheckWhenPasswordMissingThenBadRequest() {
        TestServer.Response r =
                server.call("POST", "/v1/b2b/passwords/strength_check", "{\"email_address\":\"a@b.co\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("bad_request");
    }

    @Test
    void migrateBcryptThroughSdkCreatesAVerifiedMemberWhosePasswordWorks() throws Exception {
        String email = "new-" + UUID.randomUUID() + "@example.com";
        String bcrypt =
                BcryptFunction.getInstance(Bcrypt.B, 4).hash("old system pw").getResult();
        MigrateRequest req = new MigrateRequest(
                email,
                bcrypt,
                MigrateRequestHashType.BCRYPT,
                org.id(),
                null,
                null,
                null,
                null,
                null,
                null,
                "Ada Lovelace",
                Map.of("tier", "gold"),
                Map.of("theme", "dark"),
                List.of("stytch_admin"),
                false,
                "+14155550123",
                true,
                "ext-" + UUID.randomUUID());
        MigrateResponse r =
                success(server.sdk().getPasswords().migrateCompletable(req).get());

        assertThat(r.getMemberCreated()).isTrue();
        assertThat(r.getOrganization().getOrganizationId()).isEqualTo(org.id());
        var m = r.getMember();
        assertThat(m.getMemberId()).isEqualTo(r.getMemberId());
        assertThat(m.getEmailAddress()).isEqualTo(email);
        assertThat(m.getEmailAddressVerified()).isTrue();
        assertThat(m.getStatus()).isEqualTo("active");
        assertThat(m.getName()).isEqualTo("Ada Lovelace");
        assertThat(m.getTrustedMetadata()).containsEntry("tier", "gold");
        assertThat(m.getMfaPhoneNumber()).isEqualTo("+14155550123");
        assertThat(m.getMfaPhoneNumberVerified()).isTrue();
        assertThat(m.getRoles()).extracting(role -> role.getRoleId()).contains("stytch_admin");
        assertThat(m.getMemberPasswordId()).startsWith("member-password-test-");
        assertThat(storedHash(server, m.getMemberPasswordId())).isEqualTo(bcrypt);

        Member member = server.app
                .services()
                .members()
                .get(project.project(), org.id(), r.getMemberId())
                .member();
        verify(member, "old system pw");
        assertThat(storedHash(server, m.getMemberPasswordId())).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void migrateForAnExistingMemberReplacesItsPasswordAndKeepsTheMember() throws Exception {
        Member existing = member(server, project, org);
        // MD5("salt" + "pw!" + "pepper") computed by the JDK, given as hex
        String md5 = HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest("saltpw!pepper".getBytes()));
        MigrateRequest req = new MigrateRequest(
                existing.email(),
                md5,
                MigrateRequestHashType.MD_5,
                org.slug(), // the organization may be named by its slug
                new MD5Config("salt", "pepper"));
        MigrateResponse r =
                success(server.sdk().getPasswords().migrateCompletable(req).get());

        assertThat(r.getMemberCreated()).isFalse();
        assertThat(r.getMemberId()).isEqualTo(existing.id());
        assertThat(r.getMember().getName()).isEqualTo(existing.name());
        assertThat(r.getMember().getEmailAddressVerified()).isTrue();
        Member after = reload(server, project, existing);
        assertThat(after.passwordId()).isEqualTo(r.getMember().getMemberPasswordId());
        verify(after, "pw!");
        assertThatThrownBy(() -> verify(after, "pw"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.UNAUTHORIZED_CREDENTIALS));
    }

    @Test
    void migratePbkdf2ThroughSdkSendsItsConfig() throws Exception {
        String email = "pb-" + UUID.randomUUID() + "@example.com";
        javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
        byte[] salt = "NaCl-salt-16byte".getBytes();
        byte[] dk = f.generateSecret(new javax.crypto.spec.PBEKeySpec("hunter2 long".toCharArray(), salt, 1000, 256))
                .getEncoded();
        MigrateRequest req = new MigrateRequest(
                email,
                Base64.getEncoder().encodeToString(dk),
                MigrateRequestHashType.PBKDF_2,
                org.id(),
                null,
                null,
                null,
                null,
                null,
                new PBKDF2Config(Base64.getEncoder().encodeToString(salt), 1000, 32, "sha512"));
        MigrateResponse r =
                success(server.sdk().getPasswords().migrateCompletable(req).get());
        Member member = server.app
                .services()
                .members()
                .get(project.project(), org.id(), r.getMemberId())
                .member();
        verify(member, "hunter2 long");
    }

    @Test
    void migrateWhenHashMalformedThenTypedErrorAndNoMemberCreated() throws Exception {
        String email = "bad-" + UUID.randomUUID() + "@example.com";
        ErrorResponse e = error(server.sdk()
                .getPasswords()
                .migrateCompletable(new MigrateRequest(email, "$2a$10$nope", MigrateRequestHashType.BCRYPT, org.id()))
                .get());
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrorType()).isEqualTo("invalid_bcrypt_hash");
        assertNoMember(email);
    }

    @Test
    void migrateWhenHashTypeUnknownThenInvalidHashTypeAndNoMemberCreated() {
        String email = "unknown-" + UUID.randomUUID() + "@example.com";
        TestServer.Response r = server.call(
                "POST",
                "/v1/b2b/passwords/migrate",
                "{\"organization_id\":\"" + org.id() + "\",\"email_address\":\"" + email
                        + "\",\"hash\":\"abc\",\"hash_type\":\"md_4\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("invalid_hash_type");
        assertThat(r.at("/error_url")).isNotEmpty();
        assertNoMember(email);
    }

    @Test
    void migrateWhenRequiredFieldMissingOrWrongTypeThenBadRequest() {
        String base = "\"organization_id\":\"" + org.id() + "\",\"email_address\":\"x@example.com\"";
        TestServer.Response noHash =
                server.call("POST", "/v1/b2b/passwords/migrate", "{" + base + ",\"hash_type\":\"bcrypt\"}");
        assertThat(noHash.status()).isEqualTo(400);
        assertThat(noHash.errorType()).isEqualTo("bad_request");
        TestServer.Response badConfig = server.call(
                "POST",
                "/v1/b2b/passwords/migrate",
                "{" + base
                        + ",\"hash_type\":\"scrypt\",\"hash\":\"YQ==\",\"scrypt_config\":{\"n_parameter\":\"many\"}}");
        assertThat(badConfig.status()).isEqualTo(400);
        assertThat(badConfig.errorType()).isEqualTo("bad_request");
        assertNoMember("x@example.com");
    }

    @Test
    void migrateWhenOrganizationUnknownThenNotFound() {
        TestServer.Response r = server.call(
                "POST",
                "/v1/b2b/passwords/migrate",
                "{\"organization_id\":\"organization-test-00000000-0000-4000-8000-000000000000\","
                        + "\"email_address\":\"y@example.com\",\"hash_type\":\"md_5\","
                        + "\"hash\":\"900150983cd24fb0d6963f7d28e17f72\"}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("organization_not_found");
    }

    @Test
    void migrateWhenMalformedForAMemberWithAPasswordThenItsPasswordIsUnchanged() throws Exception {
        Member m = member(server, project, org);
        Member withPassword = server.app.services().database().inTransaction(h -> server.app
                .services()
                .passwords()
                .setPassword(h, project.project(), m, "correct horse battery staple"));
        ErrorResponse e = error(server.sdk()
                .getPasswords()
                .migrateCompletable(new MigrateRequest(m.email(), "zz", MigrateRequestHashType.SHA_1, org.id()))
                .get());
        assertThat(e.getErrorType()).isEqualTo("invalid_sha_1_hash");
        assertThat(reload(server, project, m).passwordId()).isEqualTo(withPassword.passwordId());
        assertThatCode(() -> verify(withPassword, "correct horse battery staple"))
                .doesNotThrowAnyException();
    }

    private static void verify(Member member, String password) {
        server.app.services().database().inTransaction(h -> {
            server.app.services().passwords().verify(h, project.project(), member, password);
            return null;
        });
    }

    private static void assertNoMember(String email) {
        assertThatThrownBy(() -> server.app.services().members().getByEmail(project.project(), org.id(), email))
                .isInstanceOfSatisfying(
                        ApiException.class, ex -> assertThat(ex.type()).isEqualTo(ErrorType.MEMBER_NOT_FOUND));
    }

    private static <T> T success(StytchResult<T> r) {
        if (r instanceof StytchResult.Success<T> s) {
            return s.getValue();
        }
        throw new AssertionError("expected success, got " + describe(r));
    }

    private static ErrorResponse error(StytchResult<?> r) {
        if (r instanceof StytchResult.Error e && e.getException() instanceof StytchException.Response resp) {
            return resp.getReason();
        }
        throw new AssertionError("expected an API error, got " + describe(r));
    }

    private static String describe(StytchResult<?> r) {
        if (r instanceof StytchResult.Error e) {
            if (e.getException() instanceof StytchException.Response resp) {
                return resp.getReason().getErrorType() + ": " + resp.getReason().getErrorMessage();
            }
            if (e.getException() instanceof StytchException.Critical c) {
                return "critical " + c.getReason() + " " + c.getResponse();
            }
        }
        return String.valueOf(r);
    }
}
