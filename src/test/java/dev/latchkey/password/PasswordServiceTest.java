package dev.latchkey.password;

import static dev.latchkey.password.PasswordFixtures.member;
import static dev.latchkey.password.PasswordFixtures.organization;
import static dev.latchkey.password.PasswordFixtures.passwordRows;
import static dev.latchkey.password.PasswordFixtures.reload;
import static dev.latchkey.password.PasswordFixtures.storedHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.store.Database;
import dev.latchkey.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PasswordServiceTest {
    private static final String STRONG = "correct horse battery staple";
    private static TestServer server;
    private static PasswordService passwords;
    private static Database db;
    private static ProjectCredentials project;
    private static Organization org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        passwords = server.app.services().passwords();
        db = server.app.services().database();
        project = server.project;
        org = organization(server, project);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void setPasswordStoresAnOwaspArgon2idHashInANewRowAndSavesTheMember() {
        Member m = member(server, project, org);
        Member updated = db.inTransaction(h -> passwords.setPassword(h, project.project(), m, STRONG));

        assertThat(updated.passwordId()).startsWith("member-password-test-");
        assertThat(reload(server, project, m).passwordId()).isEqualTo(updated.passwordId());
        String hash = storedHash(server, updated.passwordId());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(STRONG);
    }

    @Test
    void verifyWhenRightThenPassesElseUnauthorizedCredentials() {
        Member m = withPassword(STRONG);
        assertThatCode(() -> db.inTransaction(h -> {
                    passwords.verify(h, project.project(), m, STRONG);
                    return null;
                }))
                .doesNotThrowAnyException();
        assertError(() -> verify(m, "correct horse battery stapler"), ErrorType.UNAUTHORIZED_CREDENTIALS);
    }

    @Test
    void verifyWhenMemberHasNoPasswordThenUnauthorizedCredentials() {
        Member m = member(server, project, org);
        assertError(() -> verify(m, STRONG), ErrorType.UNAUTHORIZED_CREDENTIALS);
    }

    @Test
    void verifyUnderAnotherProjectThenUnauthorizedCredentials() {
        Member m = withPassword(STRONG);
        ProjectCredentials other = server.newProject();
        assertThatThrownBy(() -> db.inTransaction(h -> {
                    passwords.verify(h, other.project(), m, STRONG);
                    return null;
                }))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.UNAUTHORIZED_CREDENTIALS));
    }

    @Test
    void setPasswordWhenWeakOrBreachedThenRejectedAndNothingChanged() {
        Member m = member(server, project, org);
        assertError(
                () -> db.inTransaction(h -> passwords.setPassword(h, project.project(), m, "Password1!")),
                ErrorType.WEAK_PASSWORD);
        assertError(
                () -> db.inTransaction(h -> passwords.setPassword(h, project.project(), m, "iloveyou")),
                ErrorType.BREACHED_PASSWORD);
        assertThat(reload(server, project, m).passwordId()).isEmpty();
        assertThat(passwordRows(server, m)).isZero();
    }

    @Test
    void setPasswordAgainReplacesTheOldPasswordAndDeletesItsRow() {
        Member first = withPassword(STRONG);
        Member second =
                db.inTransaction(h -> passwords.setPassword(h, project.project(), first, "violet mountain echo 42"));

        assertThat(second.passwordId()).isNotEqualTo(first.passwordId());
        assertThat(passwordRows(server, first)).isEqualTo(1);
        assertThat(storedHash(server, first.passwordId())).isNull();
        assertError(() -> verify(second, STRONG), ErrorType.UNAUTHORIZED_CREDENTIALS);
        assertThatCode(() -> verify(second, "violet mountain echo 42")).doesNotThrowAnyException();
    }

    @Test
    void importedHashVerifiesAndAfterAGoodLoginIsStoredAsArgon2id() {
        Member m = member(server, project, org);
        String bcrypt =
                BcryptFunction.getInstance(Bcrypt.B, 4).hash("legacy pass 1").getResult();
        Member imported = db.inTransaction(h -> passwords.importHash(
                h, project.project(), m, new HashImport("bcrypt", bcrypt, null, null, null, null, null, null)));
        assertThat(storedHash(server, imported.passwordId())).isEqualTo(bcrypt);

        assertError(() -> verify(imported, "legacy pass 2"), ErrorType.UNAUTHORIZED_CREDENTIALS);
        assertThat(storedHash(server, imported.passwordId())).isEqualTo(bcrypt);

        verify(imported, "legacy pass 1");
        String rehashed = storedHash(server, imported.passwordId());
        assertThat(rehashed).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(reload(server, project, m).passwordId()).isEqualTo(imported.passwordId());
        assertThatCode(() -> verify(imported, "legacy pass 1")).doesNotThrowAnyException();
        assertThat(storedHash(server, imported.passwordId())).isEqualTo(rehashed);
    }

    @Test
    void importHashWhenMalformedThenHashErrorAndNothingChanged() {
        Member m = member(server, project, org);
        assertError(
                () -> db.inTransaction(h -> passwords.importHash(
                        h, project.project(), m, new HashImport("bcrypt", "nope", null, null, null, null, null, null))),
                ErrorType.INVALID_BCRYPT_HASH);
        assertThat(passwordRows(server, m)).isZero();
    }

    private Member withPassword(String password) {
        Member m = member(server, project, org);
        return db.inTransaction(h -> passwords.setPassword(h, project.project(), m, password));
    }

    private static Object verify(Member m, String password) {
        return db.inTransaction(h -> {
            passwords.verify(h, project.project(), m, password);
            return null;
        });
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .isEqualTo(type));
    }
}
