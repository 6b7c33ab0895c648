package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The browser's send routes (magic link and email OTP {@code login_or_signup}, password reset start, discovery
 * sends) answer the same for a member's address and for any other, and name no member: a visitor of the page
 * cannot enumerate members. The answer is {@code {"data": {request_id, status_code}}}, all the browser SDK reads
 * of them (SDK.md §4: "after response: none").
 */
class SdkSendUniformityTest {
    static final String APP = "http://localhost:5173";
    static final String URL = "http://localhost:5173/authenticate";

    static TestServer server;
    static Fixtures fx;
    static SdkClient sdk;

    @BeforeAll
    static void start() {
        server = new TestServer();
        fx = new Fixtures(server);
        server.app.services().authorizedOrigins().add(server.projectId(), APP);
        sdk = new SdkClient(server, server.project.project().publicToken(), APP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String email() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    /** Status and body without the request id, which differs between any two requests. */
    static String comparable(SdkClient.Response r) {
        JsonNode body = r.json().deepCopy();
        ObjectNode holder = body.has("data") ? (ObjectNode) body.get("data") : (ObjectNode) body;
        holder.remove("request_id");
        return r.status() + " " + body;
    }

    /**
     * Sends to a member's address and to an address of nobody, in an organization with these settings, and asserts
     * equal answers; returns the member's answer.
     */
    static SdkClient.Response sameForMemberAndStranger(
            String orgSettings, BiFunction<String, String, SdkClient.Response> send) {
        String org = fx.organizationWith(orgSettings);
        String member = email();
        fx.memberWithPassword(org, member);
        String stranger = email();

        SdkClient.Response forMember = send.apply(org, member);
        SdkClient.Response forStranger = send.apply(org, stranger);

        assertThat(comparable(forStranger)).isEqualTo(comparable(forMember));
        assertThat(forMember.text()).doesNotContain("member_id", "\"member\"", "organization_id", "member_created");
        return forMember;
    }

    static void answeredAsSent(SdkClient.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> fields = new ArrayList<>();
        r.json().get("data").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("request_id", "status_code");
    }

    static SdkClient.Response magicLink(String org, String address, String loginUrl) {
        return sdk.call(
                "POST",
                "/sdk/v1/b2b/magic_links/email/login_or_signup",
                Flows.json(
                        "organization_id",
                        org,
                        "email_address",
                        address,
                        "login_redirect_url",
                        loginUrl,
                        "signup_redirect_url",
                        URL));
    }

    static SdkClient.Response emailOtp(String org, String address) {
        return sdk.call(
                "POST",
                "/sdk/v1/b2b/otps/email/login_or_signup",
                Flows.json("organization_id", org, "email_address", address));
    }

    @Test
    void magicLinkLoginOrSignupWhenTheOrganizationTakesNoSignupsThenSameAnswerForMemberAndStranger() {
        SdkClient.Response r = sameForMemberAndStranger(
                "\"email_jit_provisioning\":\"NOT_ALLOWED\"", (org, address) -> magicLink(org, address, URL));

        answeredAsSent(r);
    }

    @Test
    void magicLinkLoginOrSignupWhenStrangersMaySignUpThenSameAnswerForMemberAndStranger() {
        SdkClient.Response r = sameForMemberAndStranger(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"acme.test\"]",
                (org, address) -> magicLink(org, address, URL));

        answeredAsSent(r);
    }

    @Test
    void magicLinkLoginOrSignupWithABadLoginUrlThenSameErrorForMemberAndStranger() {
        SdkClient.Response r = sameForMemberAndStranger(
                "\"email_jit_provisioning\":\"NOT_ALLOWED\"",
                (org, address) -> magicLink(org, address, "https://evil.example/steal"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("invalid_login_redirect_url");
    }

    @Test
    void emailOtpLoginOrSignupWhenTheOrganizationTakesNoSignupsThenSameAnswerForMemberAndStranger() {
        answeredAsSent(sameForMemberAndStranger(
                "\"email_jit_provisioning\":\"NOT_ALLOWED\"", SdkSendUniformityTest::emailOtp));
    }

    @Test
    void emailOtpLoginOrSignupWhenStrangersMaySignUpThenSameAnswerForMemberAndStranger() {
        answeredAsSent(sameForMemberAndStranger(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"acme.test\"]",
                SdkSendUniformityTest::emailOtp));
    }

    @Test
    void passwordResetStartThenSameAnswerForMemberAndStranger() {
        answeredAsSent(sameForMemberAndStranger(
                "",
                (org, address) -> sdk.call(
                        "POST",
                        "/sdk/v1/b2b/passwords/email/reset/start",
                        Flows.json(
                                "organization_id",
                                org,
                                "email_address",
                                address,
                                "reset_password_redirect_url",
                                URL))));
    }

    @Test
    @DisplayName(
            "a stranger's reset starts count toward the address's throttle as a member's do, so a 429 tells nothing")
    void passwordResetStartRepeatedThenTheSameTooManyRequestsForMemberAndStranger() {
        SdkClient.Response second = sameForMemberAndStranger("", (org, address) -> {
            String body =
                    Flows.json("organization_id", org, "email_address", address, "reset_password_redirect_url", URL);
            sdk.call("POST", "/sdk/v1/b2b/passwords/email/reset/start", body);
            return sdk.call("POST", "/sdk/v1/b2b/passwords/email/reset/start", body);
        });

        assertThat(second.status()).as(second.text()).isEqualTo(429);
    }

    @Test
    @DisplayName("a stranger's login_or_signup counts toward the address's throttle as a member's does")
    void magicLinkLoginOrSignupRepeatedThenTheSameTooManyRequestsForMemberAndStranger() {
        SdkClient.Response second =
                sameForMemberAndStranger("\"email_jit_provisioning\":\"NOT_ALLOWED\"", (org, address) -> {
                    magicLink(org, address, URL);
                    return magicLink(org, address, URL);
                });

        assertThat(second.status()).as(second.text()).isEqualTo(429);
    }

    @Test
    void magicLinkDiscoverySendThenSameAnswerForMemberAndStranger() {
        answeredAsSent(sameForMemberAndStranger(
                "",
                (org, address) -> sdk.call(
                        "POST",
                        "/sdk/v1/b2b/magic_links/email/discovery/send",
                        Flows.json("email_address", address, "discovery_redirect_url", URL))));
    }

    @Test
    void emailOtpDiscoverySendThenSameAnswerForMemberAndStranger() {
        answeredAsSent(sameForMemberAndStranger(
                "",
                (org, address) -> sdk.call(
                        "POST", "/sdk/v1/b2b/otps/email/discovery/send", Flows.json("email_address", address))));
    }

    @Test
    void memberAskingForALinkThenStillGetsIt() {
        String org = fx.organizationWith("\"email_jit_provisioning\":\"NOT_ALLOWED\"");
        String member = email();
        fx.member(org, member);

        answeredAsSent(magicLink(org, member, URL));

        assertThat(fx.latestMessageTo(member).get("token").asText()).isNotEmpty();
    }
}
