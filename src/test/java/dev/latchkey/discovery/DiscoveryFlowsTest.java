package dev.latchkey.discovery;

import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.discovery.DiscoveredOrganization;
import com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeRequest;
import com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeResponse;
import com.stytch.java.b2b.models.discoveryorganizations.CreateRequest;
import com.stytch.java.b2b.models.discoveryorganizations.CreateResponse;
import com.stytch.java.b2b.models.discoveryorganizations.ListRequest;
import com.stytch.java.b2b.models.discoveryorganizations.ListResponse;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequest;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequestOptions;
import com.stytch.java.b2b.models.organizations.MemberRole;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Inbox;
import dev.latchkey.testing.Sdk;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Discovery end to end (issue 4) through the official Java SDK, with the links and codes read from real email: one
 * address finds the organization it belongs to, the one it is invited to and the one its domain may join, enters
 * each, and creates a new one.
 */
class DiscoveryFlowsTest {
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
        server.app
                .services()
                .redirectUrls()
                .add(
                        server.project.project(),
                        "https://app.example.com/discover",
                        List.of(RedirectKind.values()),
                        true);
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

    /** One address and the three organizations it can enter: as a member, by invite, by its domain. */
    record Scenario(
            String email,
            String domain,
            String activeOrg,
            String activeMember,
            String invitedOrg,
            String invitedMember,
            String joinableOrg,
            String unrelatedOrg) {}

    static Scenario scenario() {
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String email = "dana@" + domain;
        String activeOrg = fx.organization("OPTIONAL");
        String activeMember = fx.member(activeOrg, email);
        String invitedOrg = fx.organization("OPTIONAL");
        String invitedMember = ok(sdk.getMagicLinks()
                        .getEmail()
                        .inviteCompletable(new InviteRequest(invitedOrg, email), new InviteRequestOptions()))
                .getMemberId();
        String joinableOrg = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"" + domain + "\"]");
        String unrelatedOrg = fx.organization("OPTIONAL");
        fx.member(unrelatedOrg, "someone-else@" + domain);
        server.clock.advance(Duration.ofSeconds(1)); // the invite was this second's email to the address
        return new Scenario(
                email, domain, activeOrg, activeMember, invitedOrg, invitedMember, joinableOrg, unrelatedOrg);
    }

    record Discovered(String ist, String email, List<DiscoveredOrganization> organizations) {}

    static Discovered byMagicLink(String email) {
        ok(sdk.getMagicLinks()
                .getEmail()
                .getDiscovery()
                .sendCompletable(new com.stytch.java.b2b.models.magiclinksemaildiscovery.SendRequest(email)));
        Inbox.Email mail = inbox.latestTo(email);
        assertThat(mail.link()).startsWith("https://app.example.com/discover?");
        assertThat(mail.linkParameter("stytch_token_type")).isEqualTo("discovery");
        var r = ok(sdk.getMagicLinks()
                .getDiscovery()
                .authenticateCompletable(
                        new com.stytch.java.b2b.models.magiclinksdiscovery.AuthenticateRequest(mail.token())));
        return new Discovered(r.getIntermediateSessionToken(), r.getEmailAddress(), r.getDiscoveredOrganizations());
    }

    static Discovered byEmailOtp(String email) {
        ok(sdk.getOtps()
                .getEmail()
                .getDiscovery()
                .sendCompletable(new com.stytch.java.b2b.models.otpemaildiscovery.SendRequest(email)));
        String code = inbox.latestTo(email).code();
        var r = ok(sdk.getOtps()
                .getEmail()
                .getDiscovery()
                .authenticateCompletable(
                        new com.stytch.java.b2b.models.otpemaildiscovery.AuthenticateRequest(email, code)));
        return new Discovered(r.getIntermediateSessionToken(), r.getEmailAddress(), r.getDiscoveredOrganizations());
    }

    static Map<String, DiscoveredOrganization> byOrganization(List<DiscoveredOrganization> orgs) {
        return orgs.stream()
                .collect(Collectors.toMap(d -> d.getOrganization().getOrganizationId(), Function.identity()));
    }

    static void assertThreeOrganizations(Scenario s, List<DiscoveredOrganization> orgs) {
        Map<String, DiscoveredOrganization> found = byOrganization(orgs);
        assertThat(found).containsOnlyKeys(s.activeOrg(), s.invitedOrg(), s.joinableOrg());

        DiscoveredOrganization active = found.get(s.activeOrg());
        assertThat(active.getMembership().getType()).isEqualTo("active_member");
        assertThat(active.getMembership().getMember().getMemberId()).isEqualTo(s.activeMember());
        assertThat(active.getMembership().getDetails()).isNull();

        DiscoveredOrganization invited = found.get(s.invitedOrg());
        assertThat(invited.getMembership().getType()).isEqualTo("invited_member");
        assertThat(invited.getMembership().getMember().getMemberId()).isEqualTo(s.invitedMember());

        DiscoveredOrganization joinable = found.get(s.joinableOrg());
        assertThat(joinable.getMembership().getType()).isEqualTo("eligible_to_join_by_email_domain");
        assertThat(joinable.getMembership().getMember()).isNull();
        assertThat(joinable.getMembership().getDetails()).containsEntry("domain", s.domain());

        for (DiscoveredOrganization d : orgs) {
            assertThat(d.getMemberAuthenticated())
                    .as("OPTIONAL organizations need nothing more")
                    .isTrue();
            assertThat(d.getPrimaryRequired()).isNull();
            assertThat(d.getMfaRequired()).isNull();
        }
    }

    static ExchangeResponse exchange(String ist, String org) {
        return ok(sdk.getDiscovery().getIntermediateSessions().exchangeCompletable(new ExchangeRequest(ist, org)));
    }

    @Test
    @DisplayName("Discovery by magic link lists the three organizations; list never consumes the IST; enter as member")
    void discoveryByMagicLinkThenEnterTheActiveMembership() {
        Scenario s = scenario();
        Discovered d = byMagicLink(s.email());
        assertThat(d.email()).isEqualTo(s.email());
        assertThreeOrganizations(s, d.organizations());

        // discovery/organizations lists the same, as often as asked, without using the IST up.
        for (int i = 0; i < 2; i++) {
            ListResponse listed = ok(sdk.getDiscovery().getOrganizations().listCompletable(new ListRequest(d.ist())));
            assertThat(listed.getEmailAddress()).isEqualTo(s.email());
            assertThat(listed.getOrganizationIdHint()).isNull();
            assertThreeOrganizations(s, listed.getDiscoveredOrganizations());
        }

        ExchangeResponse in = exchange(d.ist(), s.activeOrg());
        assertThat(in.getMemberAuthenticated()).isTrue();
        assertThat(in.getMemberId()).isEqualTo(s.activeMember());
        assertThat(in.getMember().getEmailAddressVerified()).isTrue();
        assertThat(in.getMemberSession().getOrganizationId()).isEqualTo(s.activeOrg());
        assertThat(in.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("MAGIC_LINK");

        // The exchange turned the IST into the session.
        Sdk.error(
                sdk.getDiscovery()
                        .getIntermediateSessions()
                        .exchangeCompletable(new ExchangeRequest(d.ist(), s.activeOrg())),
                "intermediate_session_not_found",
                404);

        // With the session, the list shows memberships only (not organizations it could join).
        ListResponse bySession =
                ok(sdk.getDiscovery().getOrganizations().listCompletable(new ListRequest(null, in.getSessionToken())));
        assertThat(byOrganization(bySession.getDiscoveredOrganizations()))
                .containsOnlyKeys(s.activeOrg(), s.invitedOrg());
    }

    @Test
    @DisplayName("Discovery by email OTP lists the three organizations; entering the invited one accepts the invite")
    void discoveryByEmailOtpThenAcceptTheInvite() {
        Scenario s = scenario();
        Discovered d = byEmailOtp(s.email());
        assertThreeOrganizations(s, d.organizations());

        ExchangeResponse in = exchange(d.ist(), s.invitedOrg());
        assertThat(in.getMemberAuthenticated()).isTrue();
        assertThat(in.getMemberId()).isEqualTo(s.invitedMember());
        assertThat(in.getMember().getStatus()).isEqualTo("active");
        assertThat(in.getMember().getEmailAddressVerified()).isTrue();
        assertThat(in.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("EMAIL_OTP");

        server.clock.advance(Duration.ofSeconds(1));
        Discovered after = byEmailOtp(s.email());
        assertThat(byOrganization(after.organizations())
                        .get(s.invitedOrg())
                        .getMembership()
                        .getType())
                .isEqualTo("active_member");
    }

    @Test
    @DisplayName("Entering an organization joinable by domain provisions the member just in time")
    void discoveryThenJoinByDomain() {
        Scenario s = scenario();
        Discovered d = byMagicLink(s.email());

        ExchangeResponse in = exchange(d.ist(), s.joinableOrg());
        assertThat(in.getMemberAuthenticated()).isTrue();
        assertThat(in.getMember().getEmailAddress()).isEqualTo(s.email());
        assertThat(in.getMember().getStatus()).isEqualTo("active");
        assertThat(in.getMember().getEmailAddressVerified()).isTrue();
        assertThat(in.getMemberSession().getOrganizationId()).isEqualTo(s.joinableOrg());

        var member = server.call(
                "GET", "/v1/b2b/organizations/" + s.joinableOrg() + "/member?member_id=" + in.getMemberId(), null);
        assertThat(member.status()).as(member.text()).isEqualTo(200);
        assertThat(member.at("/member/status")).isEqualTo("active");
    }

    @Test
    @DisplayName("organizations/create makes a new organization whose first member is stytch_admin, with a session")
    void createOrganization() {
        String email = "founder@" + "c" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Discovered d = byMagicLink(email);
        assertThat(d.organizations()).isEmpty();

        CreateResponse created = ok(sdk.getDiscovery()
                .getOrganizations()
                .createCompletable(new CreateRequest(d.ist(), null, Map.of(), "Founders Inc")));
        assertThat(created.getMemberAuthenticated()).isTrue();
        assertThat(created.getOrganization().getOrganizationName()).isEqualTo("Founders Inc");
        assertThat(created.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(created.getMember().getStatus()).isEqualTo("active");
        assertThat(created.getMember().getEmailAddressVerified()).isTrue();
        assertThat(created.getMember().getRoles())
                .extracting(MemberRole::getRoleId)
                .contains("stytch_admin");
        assertThat(created.getMemberSession().getOrganizationId())
                .isEqualTo(created.getOrganization().getOrganizationId());

        var org = server.call(
                "GET", "/v1/b2b/organizations/" + created.getOrganization().getOrganizationId(), null);
        assertThat(org.status()).as(org.text()).isEqualTo(200);
    }

    @Test
    @DisplayName("organizations/create with mfa_policy REQUIRED_FOR_ALL: no session yet, mfa_required, the same IST")
    void createOrganizationRequiringMfa() {
        String email = "cautious@" + "m" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Discovered d = byEmailOtp(email);

        CreateResponse created = ok(sdk.getDiscovery()
                .getOrganizations()
                .createCompletable(new CreateRequest(
                        d.ist(),
                        null,
                        Map.of(),
                        "Cautious Co",
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        List.of(),
                        "REQUIRED_FOR_ALL")));
        assertThat(created.getMemberAuthenticated()).isFalse();
        assertThat(created.getMemberSession()).isNull();
        assertThat(created.getSessionToken()).isEmpty();
        assertThat(created.getMfaRequired()).isNotNull();
        assertThat(created.getMfaRequired().getMemberOptions()).isNull();
        assertThat(created.getIntermediateSessionToken()).isEqualTo(d.ist());
        assertThat(created.getOrganization().getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(created.getMember().getRoles())
                .extracting(MemberRole::getRoleId)
                .contains("stytch_admin");
    }

    static String totpCode(String secret) {
        return dev.latchkey.totp.Totp.DEFAULT.codeAt(dev.latchkey.totp.Base32.decode(secret), server.clock.instant());
    }

    /** Enrolls TOTP with the IST and completes the login; the session's factor types. */
    static List<String> completeWithTotp(String org, String member, String ist) {
        var totp = ok(sdk.getTotps()
                .createCompletable(
                        new com.stytch.java.b2b.models.totps.CreateRequest(org, member, null, ist, null, null)));
        var done = ok(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        org, member, totpCode(totp.getSecret()), ist, null, null, null, Map.of(), null, null, null)));
        assertThat(done.getMemberSession().getOrganizationId()).isEqualTo(org);
        return done.getMemberSession().getAuthenticationFactors().stream()
                .map(f -> f.getType().name())
                .toList();
    }

    @Test
    @DisplayName("Creating a REQUIRED_FOR_ALL organization, then enrolling TOTP with the same IST, gives the session")
    void createOrganizationRequiringMfaThenEnrollTotp() {
        String email = "enroller@" + "e" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Discovered d = byMagicLink(email);
        CreateResponse created = ok(sdk.getDiscovery()
                .getOrganizations()
                .createCompletable(new CreateRequest(
                        d.ist(),
                        null,
                        Map.of(),
                        "Enrollers",
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        List.of(),
                        "REQUIRED_FOR_ALL")));
        assertThat(created.getMemberAuthenticated()).isFalse();

        assertThat(completeWithTotp(created.getOrganization().getOrganizationId(), created.getMemberId(), d.ist()))
                .containsExactly("MAGIC_LINK", "TOTP");
    }

    @Test
    @DisplayName("Entering a REQUIRED_FOR_ALL organization: the listing says mfa_required, the exchange keeps the IST")
    void exchangeIntoMfaOrganizationThenTotpCompletes() {
        String domain = "x" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String email = "mfa@" + domain;
        String org =
                fx.organizationWith("\"mfa_policy\":\"REQUIRED_FOR_ALL\",\"email_jit_provisioning\":\"RESTRICTED\","
                        + "\"email_allowed_domains\":[\"" + domain + "\"]");
        Discovered d = byEmailOtp(email);
        DiscoveredOrganization listed = byOrganization(d.organizations()).get(org);
        assertThat(listed.getMemberAuthenticated()).isFalse();
        assertThat(listed.getMfaRequired()).isNotNull();
        assertThat(listed.getPrimaryRequired()).isNull();

        ExchangeResponse in = exchange(d.ist(), org);
        assertThat(in.getMemberAuthenticated()).isFalse();
        assertThat(in.getMemberSession()).isNull();
        assertThat(in.getIntermediateSessionToken()).isEqualTo(d.ist());
        assertThat(in.getMfaRequired().getMemberOptions()).isNull();

        // The IST is now tied to the organization: the list says so.
        ListResponse hinted = ok(sdk.getDiscovery().getOrganizations().listCompletable(new ListRequest(d.ist())));
        assertThat(hinted.getOrganizationIdHint()).isEqualTo(org);

        assertThat(completeWithTotp(org, in.getMemberId(), d.ist())).containsExactly("EMAIL_OTP", "TOTP");
    }

    @Test
    void discoveryIstExpiresAfterTenMinutes() {
        Scenario s = scenario();
        Discovered d = byMagicLink(s.email());
        server.clock.advance(Duration.ofMinutes(10));
        Sdk.error(
                sdk.getDiscovery().getOrganizations().listCompletable(new ListRequest(d.ist())),
                "intermediate_session_not_found",
                404);
        Sdk.error(
                sdk.getDiscovery()
                        .getIntermediateSessions()
                        .exchangeCompletable(new ExchangeRequest(d.ist(), s.activeOrg())),
                "intermediate_session_not_found",
                404);
    }
}
