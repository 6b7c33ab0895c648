package dev.latchkey.magiclink;

import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.magiclinks.AuthenticateRequest;
import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequest;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequestOptions;
import com.stytch.java.b2b.models.magiclinksemail.InviteResponse;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupRequest;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupResponse;
import com.stytch.java.b2b.models.sessions.ExchangeRequest;
import com.stytch.java.b2b.models.totps.CreateResponse;
import com.stytch.java.consumer.models.sessions.AuthenticationFactor;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Inbox;
import dev.latchkey.testing.TestServer;
import dev.latchkey.totp.Base32;
import dev.latchkey.totp.Totp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Email magic links end to end (issue 4): the official Java SDK drives the server, the server sends real email over
 * SMTP, and the test follows the link it finds in the email.
 */
class MagicLinkFlowsTest {
    static Inbox inbox;
    static TestServer server;
    static StytchB2BClient sdk;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        inbox = new Inbox();
        server = inbox.startServer();
        sdk = server.sdk();
        fx = new Fixtures(server);
        // The project's configured redirect URLs: a default for every kind, and separate signup and invite pages.
        RedirectUrls urls = server.app.services().redirectUrls();
        urls.add(server.project.project(), "https://app.example.com/login", List.of(RedirectKind.values()), true);
        urls.add(server.project.project(), "https://app.example.com/signup", List.of(RedirectKind.SIGNUP), false);
        urls.add(server.project.project(), "https://app.example.com/invite", List.of(RedirectKind.INVITE), false);
    }

    @AfterAll
    static void stop() {
        server.close();
        inbox.close();
    }

    @BeforeEach
    void nextSecond() {
        server.clock.advance(Duration.ofSeconds(1)); // one email per address per second
    }

    static String joinableOrg(String mfaPolicy, String domain) {
        return fx.organizationWith("\"mfa_policy\":\"" + mfaPolicy + "\",\"email_jit_provisioning\":\"RESTRICTED\","
                + "\"email_allowed_domains\":[\"" + domain + "\"]");
    }

    static AuthenticateResponse follow(Inbox.Email email) {
        assertThat(email.linkParameter("stytch_token_type")).isEqualTo("multi_tenant_magic_links");
        return ok(sdk.getMagicLinks().authenticateCompletable(new AuthenticateRequest(email.token())));
    }

    @Test
    @DisplayName("Signup into an OPTIONAL organization: pending member → emailed link → active, verified, session")
    void signupIntoOptionalOrganization() {
        String org = joinableOrg("OPTIONAL", "signup.test");

        LoginOrSignupResponse sent = ok(sdk.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(
                        new LoginOrSignupRequest(org, "Ada@Signup.test", null, "https://app.example.com/signup")));
        assertThat(sent.getMemberCreated()).isTrue();
        assertThat(sent.getMember().getStatus()).isEqualTo("pending");
        assertThat(sent.getMember().getEmailAddress()).isEqualTo("ada@signup.test");
        assertThat(sent.getMember().getEmailAddressVerified()).isFalse();

        Inbox.Email email = inbox.latestTo("ada@signup.test");
        assertThat(email.link()).startsWith("https://app.example.com/signup?stytch_token_type=");
        AuthenticateResponse done = follow(email);

        assertThat(done.getMemberAuthenticated()).isTrue();
        assertThat(done.getMemberId()).isEqualTo(sent.getMemberId());
        assertThat(done.getOrganizationId()).isEqualTo(org);
        assertThat(done.getMember().getStatus()).isEqualTo("active");
        assertThat(done.getMember().getEmailAddressVerified()).isTrue();
        assertThat(done.getMethodId())
                .startsWith("email-test-")
                .isEqualTo(done.getMemberSession()
                        .getAuthenticationFactors()
                        .get(0)
                        .getEmailFactor()
                        .getEmailId());
        assertThat(done.getIntermediateSessionToken()).isEmpty();
        assertThat(done.getSessionToken()).isNotEmpty();
        assertThat(done.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("MAGIC_LINK");

        // A second login_or_signup for the now active member sends a login link, not a signup link.
        server.clock.advance(Duration.ofSeconds(1));
        LoginOrSignupResponse again = ok(sdk.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(
                        new LoginOrSignupRequest(org, "ada@signup.test", "https://app.example.com/login")));
        assertThat(again.getMemberCreated()).isFalse();
        Inbox.Email login = inbox.latestTo("ada@signup.test");
        assertThat(login.subject()).startsWith("Log in to");
        assertThat(login.link()).startsWith("https://app.example.com/login?");
        assertThat(follow(login).getMemberAuthenticated()).isTrue();
    }

    @Test
    @DisplayName("Signup into a REQUIRED_FOR_ALL organization: link → IST → TOTP enrollment → session")
    void signupIntoMfaRequiredOrganizationEnrollsTotp() {
        String org = joinableOrg("REQUIRED_FOR_ALL", "mfa-signup.test");
        LoginOrSignupResponse sent = ok(sdk.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(new LoginOrSignupRequest(org, "grace@mfa-signup.test")));
        String member = sent.getMemberId();

        AuthenticateResponse first = follow(inbox.latestTo("grace@mfa-signup.test"));
        assertThat(first.getMemberAuthenticated()).isFalse();
        assertThat(first.getMemberSession()).isNull();
        assertThat(first.getSessionToken()).isEmpty();
        assertThat(first.getIntermediateSessionToken()).isNotEmpty();
        assertThat(first.getMfaRequired().getMemberOptions()).isNull();
        assertThat(first.getMember().getStatus()).isEqualTo("active");
        assertThat(first.getMember().getEmailAddressVerified()).isTrue();

        CreateResponse totp = ok(sdk.getTotps()
                .createCompletable(new com.stytch.java.b2b.models.totps.CreateRequest(
                        org, member, null, first.getIntermediateSessionToken(), null, null)));
        String code = Totp.DEFAULT.codeAt(Base32.decode(totp.getSecret()), server.clock.instant());
        var done = ok(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        org,
                        member,
                        code,
                        first.getIntermediateSessionToken(),
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null)));
        assertThat(done.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("MAGIC_LINK", "TOTP");
        assertThat(done.getMember().getMfaEnrolled()).isTrue();
    }

    @Test
    @DisplayName("Invite: invited member → emailed invite link → active member with a session")
    void inviteAccepted() {
        String org = fx.organization("OPTIONAL");

        InviteResponse invited = ok(sdk.getMagicLinks()
                .getEmail()
                .inviteCompletable(
                        new InviteRequest(org, "linus@invite.test", "https://app.example.com/invite", null, "Linus"),
                        new InviteRequestOptions()));
        assertThat(invited.getMember().getStatus()).isEqualTo("invited");
        assertThat(invited.getMember().getName()).isEqualTo("Linus");

        Inbox.Email email = inbox.latestTo("linus@invite.test");
        assertThat(email.link()).startsWith("https://app.example.com/invite?");
        AuthenticateResponse done = follow(email);

        assertThat(done.getMemberAuthenticated()).isTrue();
        assertThat(done.getMemberId()).isEqualTo(invited.getMemberId());
        assertThat(done.getMember().getStatus()).isEqualTo("active");
        assertThat(done.getMember().getEmailAddressVerified()).isTrue();
        assertThat(done.getMemberSession().getOrganizationId()).isEqualTo(org);
    }

    @Test
    @DisplayName("sessions/exchange moves a magic-link session into another organization of the same address")
    void sessionExchangeFromMagicLinkSession() {
        String home = fx.organization("OPTIONAL");
        String other = fx.organization("OPTIONAL");
        fx.member(home, "barbara@exchange.test");
        String otherMember = fx.member(other, "barbara@exchange.test");

        ok(sdk.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(new LoginOrSignupRequest(home, "barbara@exchange.test")));
        AuthenticateResponse login = follow(inbox.latestTo("barbara@exchange.test"));
        assertThat(login.getMemberAuthenticated()).isTrue();

        var exchanged = ok(sdk.getSessions().exchangeCompletable(new ExchangeRequest(other, login.getSessionToken())));
        assertThat(exchanged.getMemberAuthenticated()).isTrue();
        assertThat(exchanged.getMemberId()).isEqualTo(otherMember);
        assertThat(exchanged.getMemberSession().getOrganizationId()).isEqualTo(other);
        assertThat(exchanged.getMemberSession().getAuthenticationFactors())
                .extracting(AuthenticationFactor::getType)
                .extracting(Enum::name)
                .containsExactly("MAGIC_LINK");
    }

    @Test
    @DisplayName("sessions/exchange into an organization where the address is a pending member activates it")
    void sessionExchangeIntoPendingMembership() {
        String home = fx.organization("OPTIONAL");
        String other = joinableOrg("OPTIONAL", "pending-exchange.test");
        fx.member(home, "carol@pending-exchange.test");
        LoginOrSignupResponse pending = ok(sdk.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(new LoginOrSignupRequest(other, "carol@pending-exchange.test")));
        assertThat(pending.getMember().getStatus()).isEqualTo("pending");

        server.clock.advance(Duration.ofSeconds(1));
        ok(sdk.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(new LoginOrSignupRequest(home, "carol@pending-exchange.test")));
        AuthenticateResponse login = follow(inbox.latestTo("carol@pending-exchange.test"));

        var exchanged = ok(sdk.getSessions().exchangeCompletable(new ExchangeRequest(other, login.getSessionToken())));
        assertThat(exchanged.getMemberAuthenticated()).isTrue();
        assertThat(exchanged.getMemberId()).isEqualTo(pending.getMemberId());
        assertThat(exchanged.getMember().getStatus()).isEqualTo("active");
        assertThat(exchanged.getMember().getEmailAddressVerified()).isTrue();
    }
}
