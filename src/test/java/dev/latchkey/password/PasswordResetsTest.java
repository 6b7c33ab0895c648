package dev.latchkey.password;

import static dev.latchkey.password.PasswordFixtures.member;
import static dev.latchkey.password.PasswordFixtures.organization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.crypto.Digests;
import dev.latchkey.delivery.OutboxMessage;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.store.Database;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PasswordResetsTest {
    private static final String REDIRECT = "https://app.example.com/reset";
    // RFC 7636 Appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static TestServer server;
    private static PasswordResets resets;
    private static Database db;
    private static ProjectCredentials project;
    private static Organization org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        resets = server.app.services().passwordResets();
        db = server.app.services().database();
        project = server.project;
        org = organization(server, project);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void s256MatchesRfc7636AppendixB() {
        assertThat(dev.latchkey.crypto.Pkce.s256(VERIFIER)).isEqualTo(CHALLENGE);
    }

    @Test
    void startEmailsALinkWithTheTokenAndStoresOnlyItsDigest() {
        Member m = member(server, project, org);
        PasswordResets.ResetStarted started = start(m, null, null);

        OutboxMessage mail = lastMail();
        assertThat(mail.to()).isEqualTo(m.email());
        assertThat(mail.token()).hasSize(44);
        assertThat(mail.link()).isEqualTo(REDIRECT + "?stytch_token_type=multi_tenant_passwords&token=" + mail.token());
        assertThat(mail.text()).contains(mail.link());
        assertThat(started.expiresAt()).isEqualTo(server.clock.instant().plus(Duration.ofMinutes(30)));
        String digest =
                db.withHandle(h -> h.createQuery("SELECT token_digest FROM password_reset_tokens WHERE id = :id")
                        .bind("id", started.resetId())
                        .mapTo(String.class)
                        .one());
        assertThat(digest).isEqualTo(Digests.sha256Hex(mail.token())).isNotEqualTo(mail.token());
    }

    @Test
    void startKeepsAnExistingQueryAndFragmentOfTheRedirectUrl() {
        Member m = member(server, project, org);
        server.clock.advance(Duration.ofMillis(1));
        db.inTransaction(h -> resets.start(
                h,
                project.project(),
                org,
                m,
                "https://a.example/r?x=1#top",
                null,
                PasswordResets.MAX_EXPIRATION_MINUTES,
                null,
                "fr"));
        OutboxMessage mail = lastMail();
        assertThat(mail.link())
                .isEqualTo("https://a.example/r?x=1&stytch_token_type=multi_tenant_passwords&token=" + mail.token()
                        + "#top");
        assertThat(mail.subject()).contains("mot de passe");
    }

    @Test
    void consumeReturnsTheMemberOnceThenRejects() {
        Member m = member(server, project, org);
        start(m, null, null);
        String token = lastMail().token();

        assertThat(consume(token, null).id()).isEqualTo(m.id());
        assertError(() -> consume(token, null), ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN);
    }

    @Test
    void consumeWhenUnknownOrEmptyTokenThenUnableToAuth() {
        assertError(() -> consume("not-a-token", null), ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN);
        assertError(() -> consume("", null), ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN);
    }

    @Test
    void consumeWhenExpiredThenUnableToAuth() {
        Member m = member(server, project, org);
        start(m, 5, null);
        String shortLived = lastMail().token();
        start(m, null, null);
        String defaultLived = lastMail().token();

        server.clock.advance(Duration.ofMinutes(5));
        assertError(() -> consume(shortLived, null), ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN);
        server.clock.advance(Duration.ofMinutes(24));
        assertThat(consume(defaultLived, null).id()).isEqualTo(m.id());
    }

    @Test
    void consumeWhenThirtyMinutesPassedThenUnableToAuth() {
        Member m = member(server, project, org);
        start(m, null, null);
        String token = lastMail().token();
        server.clock.advance(Duration.ofMinutes(30));
        assertError(() -> consume(token, null), ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN);
    }

    @Test
    void startWhenExpirationOutOfRangeOrChallengeMalformedThenRejected() {
        Member m = member(server, project, org);
        assertError(() -> start(m, 4, null), ErrorType.INVALID_EXPIRATION);
        assertError(() -> start(m, 10_081, null), ErrorType.INVALID_EXPIRATION);
        assertError(() -> start(m, null, "short"), ErrorType.INVALID_PKCE_CODE_CHALLENGE);
        assertError(() -> start(m, null, CHALLENGE.replace('-', '+')), ErrorType.INVALID_PKCE_CODE_CHALLENGE);
    }

    @Test
    void consumeWithPkceWhenVerifierMissingOrWrongThenRejectedWithoutConsuming() {
        Member m = member(server, project, org);
        start(m, null, CHALLENGE);
        String token = lastMail().token();

        assertError(() -> consume(token, null), ErrorType.PKCE_EXPECTED_CODE_VERIFIER);
        assertError(() -> consume(token, VERIFIER + "x"), ErrorType.PKCE_MISMATCH);
        assertThat(consume(token, VERIFIER).id()).isEqualTo(m.id());
        assertError(() -> consume(token, VERIFIER), ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN);
    }

    @Test
    void consumeWhenVerifierGivenWithoutChallengeThenRejectedWithoutConsuming() {
        Member m = member(server, project, org);
        start(m, null, null);
        String token = lastMail().token();

        assertError(() -> consume(token, VERIFIER), ErrorType.PKCE_DID_NOT_EXPECT_CODE_VERIFIER);
        assertThat(consume(token, null).id()).isEqualTo(m.id());
    }

    @Test
    void consumeUnderAnotherProjectThenUnableToAuthAndTokenStillUsable() {
        Member m = member(server, project, org);
        start(m, null, null);
        String token = lastMail().token();
        ProjectCredentials other = server.newProject();

        assertError(
                () -> db.inTransaction(h -> resets.consume(h, other.project(), token, null)),
                ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN);
        assertThat(consume(token, null).id()).isEqualTo(m.id());
    }

    @Test
    void consumeWhenCallerRollsBackThenTokenStaysUsable() {
        Member m = member(server, project, org);
        start(m, null, null);
        String token = lastMail().token();

        assertThatThrownBy(() -> db.inTransaction(h -> {
                    resets.consume(h, project.project(), token, null);
                    throw new ApiException(ErrorType.WEAK_PASSWORD, "the new password was too weak");
                }))
                .isInstanceOf(ApiException.class);
        assertThat(consume(token, null).id()).isEqualTo(m.id());
    }

    @Test
    void concurrentConsumptionSucceedsExactlyOnce() throws Exception {
        Member m = member(server, project, org);
        start(m, null, null);
        String token = lastMail().token();
        int n = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return consume(token, null).id();
                    } catch (ApiException e) {
                        return e.type().wireName();
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).filteredOn(m.id()::equals).hasSize(1);
            assertThat(results)
                    .filteredOn(r -> !r.equals(m.id()))
                    .hasSize(n - 1)
                    .allMatch("unable_to_auth_password_reset_token"::equals);
        }
    }

    private static PasswordResets.ResetStarted start(Member m, Integer minutes, String challenge) {
        server.clock.advance(Duration.ofMillis(1)); // so the outbox lists this test's mail first
        return db.inTransaction(h -> resets.start(
                h,
                project.project(),
                org,
                m,
                REDIRECT,
                minutes,
                PasswordResets.MAX_EXPIRATION_MINUTES,
                challenge,
                null));
    }

    private static Member consume(String token, String verifier) {
        return db.inTransaction(h -> resets.consume(h, project.project(), token, verifier));
    }

    private static OutboxMessage lastMail() {
        return server.app.services().outbox().list(project.project(), 1).get(0);
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .isEqualTo(type));
    }
}
