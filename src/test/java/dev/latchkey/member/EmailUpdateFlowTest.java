package dev.latchkey.member;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Sdk.error;
import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.api.organizationsmembers.Members;
import com.stytch.java.b2b.models.magiclinks.AuthenticateRequest;
import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupRequest;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.RetiredEmail;
import com.stytch.java.b2b.models.organizationsmembers.GetRequest;
import com.stytch.java.b2b.models.organizationsmembers.StartEmailUpdateRequest;
import com.stytch.java.b2b.models.organizationsmembers.StartEmailUpdateRequestDeliveryMethod;
import com.stytch.java.b2b.models.organizationsmembers.StartEmailUpdateRequestLocale;
import com.stytch.java.b2b.models.organizationsmembers.StartEmailUpdateResponse;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Inbox;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code start_email_update} (issue 10) end to end with real email (GreenMail): the confirmation reaches the new address,
 * {@code magic_links/authenticate} or {@code otps/email/authenticate} moves the member there and logs it in, and every
 * refusal leaves the members, the open changes and the sent links as they were.
 */
class EmailUpdateFlowTest {
    static final String LOGIN_URL = "https://app.example.com/login";
    /** The tables a refused start or confirmation must not touch, besides {@link Tables#STATE}. */
    static final List<String> EMAIL_TABLES = List.of("member_email_updates", "magic_links", "email_otps");

    static Inbox inbox;
    static TestServer server;
    static StytchB2BClient sdk;
    static Members members;
    static Flows flows;
    static Tables tables;

    @BeforeAll
    static void start() {
        inbox = new Inbox();
        server = inbox.startServer();
        sdk = server.sdk();
        members = sdk.getOrganizations().getMembers();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        server.app
                .services()
                .redirectUrls()
                .add(server.project.project(), LOGIN_URL, List.of(RedirectKind.values()), true);
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
        inbox.close();
    }

    @BeforeEach
    void nextSecond() {
        server.clock.advance(Duration.ofSeconds(1)); // one email per address per second
    }

    static String email() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    /** An active member whose address is verified by a first magic-link login; returns its id and session token. */
    static Verified verifiedMember(String org, String address) {
        String id = new dev.latchkey.testing.Fixtures(server).member(org, address);
        ok(sdk.getMagicLinks().getEmail().loginOrSignupCompletable(new LoginOrSignupRequest(org, address)));
        AuthenticateResponse login = ok(sdk.getMagicLinks()
                .authenticateCompletable(
                        new AuthenticateRequest(inbox.latestTo(address).token())));
        assertThat(login.getMember().getEmailAddressVerified()).isTrue();
        server.clock.advance(Duration.ofSeconds(1));
        return new Verified(id, login.getSessionToken());
    }

    record Verified(String id, String sessionToken) {}

    static StartEmailUpdateResponse startByLink(String org, String memberId, String newAddress) {
        return ok(members.startEmailUpdateCompletable(new StartEmailUpdateRequest(org, memberId, newAddress), null));
    }

    static TestServer.Response startRaw(String org, String memberId, Object... fields) {
        return server.call(
                "POST",
                "/v1/b2b/organizations/" + org + "/members/" + memberId + "/start_email_update",
                Flows.json(fields));
    }

    static TestServer.Response authenticateLink(String token) {
        return server.call("POST", "/v1/b2b/magic_links/authenticate", Flows.json("magic_links_token", token));
    }

    /** Runs a call that must be refused; asserts that no state table nor email-change table changed. */
    static TestServer.Response unchanged(Supplier<TestServer.Response> call) {
        inbox.awaitDelivery(); // the outbox worker finishes earlier sends first, so only the call can change rows
        Map<String, List<Map<String, Object>>> before = emailTables();
        TestServer.Response r = tables.unchanged(call);
        assertThat(emailTables()).as("%d %s", r.status(), r.errorType()).isEqualTo(before);
        return r;
    }

    static Map<String, List<Map<String, Object>>> emailTables() {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (String table : EMAIL_TABLES) {
            out.put(table, tables.rows("SELECT row_to_json(t)::text AS r FROM " + table + " t ORDER BY 1"));
        }
        return out;
    }

    static Member get(String org, String memberId) {
        return ok(members.getCompletable(new GetRequest(org, memberId))).getMember();
    }

    @Test
    void startThenTheLinkAtTheNewAddressMovesTheMemberAndLogsItIn() {
        String org = flows.organization();
        String old = email();
        Verified m = verifiedMember(org, old);
        Member before = get(org, m.id());
        String oldEmailId = (String)
                tables.row("SELECT email_id FROM members WHERE id = ?", m.id()).get("email_id");
        String newAddress = email();

        StartEmailUpdateResponse started = ok(members.startEmailUpdateCompletable(
                new StartEmailUpdateRequest(
                        org,
                        m.id(),
                        newAddress.toUpperCase(java.util.Locale.ROOT),
                        LOGIN_URL,
                        StartEmailUpdateRequestLocale.EN,
                        null,
                        StartEmailUpdateRequestDeliveryMethod.EMAIL_MAGIC_LINK),
                null));

        // Nothing about the member changes until the new address answers.
        assertThat(started.getMemberId()).isEqualTo(m.id());
        assertThat(started.getMember().getEmailAddress()).isEqualTo(old);
        assertThat(started.getOrganization().getOrganizationId()).isEqualTo(org);
        assertThat(get(org, m.id())).isEqualTo(before);
        assertThat(inbox.countTo(old)).isEqualTo(1); // only the first login link
        Inbox.Email email = inbox.latestTo(newAddress);
        assertThat(email.subject()).startsWith("Confirm your new email address for ");
        assertThat(email.link()).startsWith(LOGIN_URL + "?");
        assertThat(email.linkParameter("stytch_token_type")).isEqualTo("multi_tenant_magic_links");
        assertThat(email.text()).contains("5 minutes");

        AuthenticateResponse auth =
                ok(sdk.getMagicLinks().authenticateCompletable(new AuthenticateRequest(email.token())));

        assertThat(auth.getMemberAuthenticated()).isTrue();
        assertThat(auth.getSessionToken()).isNotEmpty();
        Member moved = auth.getMember();
        assertThat(moved.getEmailAddress()).isEqualTo(newAddress);
        assertThat(moved.getEmailAddressVerified()).isTrue();
        assertThat(moved.getRetiredEmailAddresses()).containsExactly(new RetiredEmail(oldEmailId, old));
        assertThat(auth.getMemberSession().getAuthenticationFactors())
                .singleElement()
                .satisfies(f -> assertThat(f.getEmailFactor().getEmailAddress()).isEqualTo(newAddress));
        assertThat(get(org, m.id())).isEqualTo(moved);
        assertThat(ok(server.call("GET", "/v1/b2b/organizations/" + org + "/member?email_address=" + newAddress, null))
                        .at("/member_id"))
                .isEqualTo(m.id());

        // The link is single use.
        fails(unchanged(() -> authenticateLink(email.token())), 401, "unable_to_auth_magic_link");
    }

    @Test
    void startWithEmailOtpThenTheCodeForTheNewAddressMovesTheMember() {
        String org = flows.organization();
        String old = email();
        Verified m = verifiedMember(org, old);
        String newAddress = email();

        ok(members.startEmailUpdateCompletable(
                new StartEmailUpdateRequest(
                        org,
                        m.id(),
                        newAddress,
                        null,
                        StartEmailUpdateRequestLocale.FR,
                        null,
                        StartEmailUpdateRequestDeliveryMethod.EMAIL_OTP),
                null));
        Inbox.Email email = inbox.latestTo(newAddress);
        assertThat(email.subject()).startsWith("Votre code de confirmation");

        var auth = ok(sdk.getOtps()
                .getEmail()
                .authenticateCompletable(
                        new com.stytch.java.b2b.models.otpemail.AuthenticateRequest(org, newAddress, email.code())));

        assertThat(auth.getMemberAuthenticated()).isTrue();
        assertThat(auth.getMember().getEmailAddress()).isEqualTo(newAddress);
        assertThat(auth.getMember().getEmailAddressVerified()).isTrue();
        assertThat(auth.getMember().getRetiredEmailAddresses())
                .extracting(RetiredEmail::getEmailAddress)
                .containsExactly(old);
        // The code is used up.
        fails(
                unchanged(() -> server.call(
                        "POST",
                        "/v1/b2b/otps/email/authenticate",
                        Flows.json("organization_id", org, "email_address", newAddress, "code", email.code()))),
                404,
                "otp_code_not_found");
    }

    @Test
    void startWhenRefusedThenNothingIsWrittenOrSent() {
        String org = flows.organization();
        String old = email();
        Verified m = verifiedMember(org, old);
        String taken = email();
        verifiedMember(org, taken);
        String otherOrg = flows.organization();
        Verified stranger = verifiedMember(otherOrg, email());
        String unverified = new dev.latchkey.testing.Fixtures(server).member(org, email());
        Verified gone = verifiedMember(org, email());
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + gone.id(), null));
        String fresh = email();

        fails(unchanged(() -> startRaw(org, "member-test-unknown", "email_address", fresh)), 404, "member_not_found");
        fails(unchanged(() -> startRaw(org, stranger.id(), "email_address", fresh)), 404, "member_not_found");
        fails(unchanged(() -> startRaw(org, gone.id(), "email_address", fresh)), 404, "member_not_found");
        fails(unchanged(() -> startRaw(org, m.id(), "email_address", taken)), 400, "duplicate_member_email");
        fails(
                unchanged(() -> startRaw(org, m.id(), "email_address", old.toUpperCase(java.util.Locale.ROOT))),
                400,
                "duplicate_member_email");
        fails(
                unchanged(() -> startRaw(org, unverified, "email_address", fresh)),
                400,
                "member_has_no_active_verified_email");
        fails(unchanged(() -> startRaw(org, m.id(), "email_address", "not an address")), 400, "invalid_email");
        fails(unchanged(() -> startRaw(org, m.id())), 400, "bad_request");
        fails(
                unchanged(() -> startRaw(org, m.id(), "email_address", fresh, "delivery_method", "SMS")),
                400,
                "invalid_request_value");
        fails(
                unchanged(() -> startRaw(
                        org, m.id(), "email_address", fresh, "login_redirect_url", "https://evil.example/steal")),
                400,
                "invalid_login_redirect_url");
        error(
                members.startEmailUpdateCompletable(
                        new StartEmailUpdateRequest("organization-test-unknown", m.id(), fresh), null),
                "organization_not_found",
                404);
        assertThat(inbox.countTo(fresh)).isZero();
    }

    @Test
    void startWhenTheAddressIsAnotherMembersRetiredAddressThenRetiredMemberEmail() {
        String org = flows.organization();
        String retired = email();
        Verified other = verifiedMember(org, retired);
        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + org + "/members/" + other.id(),
                Flows.json("email_address", email())));
        Verified m = verifiedMember(org, email());

        fails(unchanged(() -> startRaw(org, m.id(), "email_address", retired)), 400, "retired_member_email");

        // Once the other member unlinks it, the address is free.
        ok(server.call(
                "POST",
                "/v1/b2b/organizations/" + org + "/members/" + other.id() + "/unlink_retired_email",
                Flows.json("email_address", retired)));
        startByLink(org, m.id(), retired);
    }

    @Test
    void twoMembersCannotMoveToTheSameAddressUntilTheFirstChangeExpires() {
        String org = flows.organization();
        Verified first = verifiedMember(org, email());
        Verified second = verifiedMember(org, email());
        String target = email();
        startByLink(org, first.id(), target);
        String firstToken = inbox.latestTo(target).token();
        server.clock.advance(Duration.ofSeconds(1));

        fails(unchanged(() -> startRaw(org, second.id(), "email_address", target)), 400, "duplicate_member_email");
        // Nor can a new member take the address while it is reserved.
        fails(
                unchanged(() -> server.call(
                        "POST", "/v1/b2b/organizations/" + org + "/members", Flows.json("email_address", target))),
                400,
                "duplicate_member_email");

        server.clock.advance(Duration.ofMinutes(EmailUpdateService.MINUTES).plusSeconds(1));
        startByLink(org, second.id(), target);
        // The first member's link has expired with its reservation.
        fails(unchanged(() -> authenticateLink(firstToken)), 401, "unable_to_auth_magic_link");
        AuthenticateResponse moved = ok(sdk.getMagicLinks()
                .authenticateCompletable(
                        new AuthenticateRequest(inbox.latestTo(target).token())));
        assertThat(moved.getMemberId()).isEqualTo(second.id());
        assertThat(moved.getMember().getEmailAddress()).isEqualTo(target);
    }

    @Test
    void aNewStartReplacesTheEarlierChangeWhoseLinkThenFails() {
        String org = flows.organization();
        String old = email();
        Verified m = verifiedMember(org, old);
        String firstTarget = email();
        String secondTarget = email();
        startByLink(org, m.id(), firstTarget);
        startByLink(org, m.id(), secondTarget);
        String stale = inbox.latestTo(firstTarget).token();

        fails(unchanged(() -> authenticateLink(stale)), 400, "unable_to_verify_member_email_update");
        assertThat(get(org, m.id()).getEmailAddress()).isEqualTo(old);

        AuthenticateResponse moved = ok(sdk.getMagicLinks()
                .authenticateCompletable(
                        new AuthenticateRequest(inbox.latestTo(secondTarget).token())));
        assertThat(moved.getMember().getEmailAddress()).isEqualTo(secondTarget);
        // The replaced target is free again for anyone.
        ok(server.call("POST", "/v1/b2b/organizations/" + org + "/members", Flows.json("email_address", firstTarget)));
    }

    @Test
    void confirmationWhenTheMemberWasDeletedMeanwhileThenRefusedAndTheMemberStaysDeleted() {
        String org = flows.organization();
        Verified m = verifiedMember(org, email());
        String target = email();
        startByLink(org, m.id(), target);
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + m.id(), null));

        fails(unchanged(() -> authenticateLink(inbox.latestTo(target).token())), 401, "unable_to_auth_magic_link");
    }

    @Test
    void codeConfirmationWhenTheMemberWasDeletedMeanwhileThenRefusedAndTheCodeStaysUnused() {
        String org = flows.organization();
        Verified m = verifiedMember(org, email());
        String target = email();
        ok(startRaw(org, m.id(), "email_address", target, "delivery_method", "EMAIL_OTP"));
        String code = inbox.latestTo(target).code();
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + m.id(), null));

        fails(
                unchanged(() -> server.call(
                        "POST",
                        "/v1/b2b/otps/email/authenticate",
                        Flows.json("organization_id", org, "email_address", target, "code", code))),
                400,
                "unable_to_verify_member_email_update");
    }

    @Test
    void confirmationWhenTheAddressWasTakenMeanwhileThenDuplicateMemberEmailAndNothingChanges() {
        String org = flows.organization();
        String target = email();
        Verified former = verifiedMember(org, target);
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + former.id(), null));
        Verified m = verifiedMember(org, email());
        startByLink(org, m.id(), target);
        // Reactivation gives the deleted member its address back while the change is live.
        ok(server.call("PUT", "/v1/b2b/organizations/" + org + "/members/" + former.id() + "/reactivate", "{}"));

        fails(unchanged(() -> authenticateLink(inbox.latestTo(target).token())), 400, "duplicate_member_email");
    }

    @Test
    void membersUpdateToAnAddressAnotherMemberIsMovingToThenDuplicateMemberEmail() {
        String org = flows.organization();
        Verified mover = verifiedMember(org, email());
        String other = new dev.latchkey.testing.Fixtures(server).member(org, email());
        String target = email();
        startByLink(org, mover.id(), target);

        fails(
                unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/organizations/" + org + "/members/" + other,
                        Flows.json("email_address", target))),
                400,
                "duplicate_member_email");
    }

    @Test
    void browserMemberStartsItsOwnChangeAndAnotherMembersInItsOrganizationOnly() {
        String org = flows.organization();
        Verified self = verifiedMember(org, email());
        Verified colleague = verifiedMember(org, email());
        Verified stranger = verifiedMember(flows.organization(), email());
        String selfTarget = email();
        String colleagueTarget = email();

        JsonNode own = sdkOk(sdkCall(
                "/sdk/v1/b2b/organizations/members/start_email_update",
                self.sessionToken(),
                Flows.json("email_address", selfTarget)));
        assertThat(own.at("/member_id").asText()).isEqualTo(self.id());
        // another member's address needs stytch.member update.info.email: an admin's, not a plain member's
        fails(
                unchanged(() -> sdkCall(
                        "/sdk/v1/b2b/organizations/members/" + colleague.id() + "/start_email_update",
                        self.sessionToken(),
                        Flows.json("email_address", colleagueTarget))),
                403,
                "session_authorization_error");
        Flows.ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + org + "/members/" + self.id(),
                Flows.json("roles", java.util.List.of("stytch_admin"))));
        JsonNode other = sdkOk(sdkCall(
                "/sdk/v1/b2b/organizations/members/" + colleague.id() + "/start_email_update",
                self.sessionToken(),
                Flows.json("email_address", colleagueTarget, "delivery_method", "EMAIL_OTP")));
        assertThat(other.at("/member_id").asText()).isEqualTo(colleague.id());
        assertThat(inbox.latestTo(selfTarget).token()).isNotEmpty();
        assertThat(inbox.latestTo(colleagueTarget).code()).hasSize(6);

        fails(
                unchanged(() -> sdkCall(
                        "/sdk/v1/b2b/organizations/members/" + stranger.id() + "/start_email_update",
                        self.sessionToken(),
                        Flows.json("email_address", email()))),
                404,
                "member_not_found");
        fails(
                unchanged(() -> sdkCall(
                        "/sdk/v1/b2b/organizations/members/start_email_update",
                        server.project.project().publicToken(),
                        Flows.json("email_address", email()))),
                401,
                "unauthorized_credentials");
    }

    @Test
    void browserMemberUnlinksItsOwnRetiredAddress() {
        String org = flows.organization();
        String old = email();
        Verified self = verifiedMember(org, old);
        String target = email();
        startByLink(org, self.id(), target);
        AuthenticateResponse moved = ok(sdk.getMagicLinks()
                .authenticateCompletable(
                        new AuthenticateRequest(inbox.latestTo(target).token())));
        Verified colleague = verifiedMember(org, email());

        fails(
                unchanged(() -> sdkCall(
                        "/sdk/v1/b2b/organizations/members/" + colleague.id() + "/unlink_retired_email",
                        moved.getSessionToken(),
                        Flows.json("email_address", old))),
                403,
                "session_authorization_error");
        JsonNode unlinked = sdkOk(sdkCall(
                "/sdk/v1/b2b/organizations/members/unlink_retired_email",
                moved.getSessionToken(),
                Flows.json("email_address", old)));

        assertThat(unlinked.at("/member_id").asText()).isEqualTo(self.id());
        assertThat(unlinked.at("/organization_id").asText()).isEqualTo(org);
        assertThat(unlinked.at("/member/retired_email_addresses")).isEmpty();
    }

    /** A browser call: Basic public_token:password, as the browser SDK sends it. */
    static TestServer.Response sdkCall(String path, String password, String body) {
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((server.project.project().publicToken() + ":" + password)
                                .getBytes(StandardCharsets.UTF_8));
        return server.send("POST", path, body, auth);
    }

    static JsonNode sdkOk(TestServer.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("data");
    }
}
