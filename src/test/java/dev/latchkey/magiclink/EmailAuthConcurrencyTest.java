package dev.latchkey.magiclink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import dev.latchkey.testing.TestServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Racing requests on issue 4's single-use things and just-in-time members: exactly one wins, the others get a 4xx
 * (never a 500), and no duplicate row appears.
 */
class EmailAuthConcurrencyTest {
    private static final int RACERS = 6;

    static TestServer server;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        server = new TestServer();
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void nextSecond() {
        server.clock.advance(Duration.ofSeconds(1));
    }

    static List<Response> race(IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return request.apply(n);
                }));
            }
            go.countDown();
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static void exactlyOneWins(List<Response> answers) {
        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(answers)
                .filteredOn(r -> r.status() != 200)
                .allSatisfy(r -> assertThat(r.status()).as(r.text()).isBetween(400, 499));
    }

    static String address() {
        return "race-" + UUID.randomUUID().toString().substring(0, 8) + "@race.test";
    }

    @Test
    void authenticateOneLinkConcurrentlyThenExactlyOneSession() throws Exception {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        Response sent = server.call(
                "POST",
                "/v1/b2b/magic_links/email/login_or_signup",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email
                        + "\",\"login_redirect_url\":\"http://localhost:3000/l\"}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        String token = fx.latestMessageTo(email).get("token").asText();

        List<Response> answers = race(n ->
                server.call("POST", "/v1/b2b/magic_links/authenticate", "{\"magic_links_token\":\"" + token + "\"}"));
        exactlyOneWins(answers);
        assertThat(answers)
                .filteredOn(r -> r.status() != 200)
                .extracting(Response::errorType)
                .containsOnly("unable_to_auth_magic_link");
    }

    @Test
    void authenticateOneEmailCodeConcurrentlyThenExactlyOneSession() throws Exception {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        String body = "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\"";
        Response sent = server.call("POST", "/v1/b2b/otps/email/login_or_signup", body + "}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        String code = fx.latestMessageTo(email).get("code").asText();

        List<Response> answers =
                race(n -> server.call("POST", "/v1/b2b/otps/email/authenticate", body + ",\"code\":\"" + code + "\"}"));
        exactlyOneWins(answers);
        assertThat(answers)
                .filteredOn(r -> r.status() != 200)
                .extracting(Response::errorType)
                .containsOnly("otp_code_not_found");
    }

    @Test
    void signupOneNewAddressConcurrentlyThenOneMemberAndNoServerError() throws Exception {
        String org = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"race.test\"]");
        String email = address();
        List<Response> answers = race(n -> server.call(
                "POST",
                "/v1/b2b/otps/email/login_or_signup",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\"}"));
        exactlyOneWins(answers);
        assertThat(fx.messageCountTo(email)).isEqualTo(1);
        Response members =
                server.call("POST", "/v1/b2b/organizations/members/search", "{\"organization_ids\":[\"" + org + "\"]}");
        assertThat(members.json().get("members")).as(members.text()).hasSize(1);
    }

    @Test
    void discoveryExchangeIntoAJoinableOrganizationConcurrentlyThenOneMemberAndNoServerError() throws Exception {
        String org = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"race.test\"]");
        String email = address();
        List<String> ists = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            server.clock.advance(Duration.ofSeconds(13)); // under the five sends a minute to one address
            Response sent = server.call(
                    "POST",
                    "/v1/b2b/magic_links/email/discovery/send",
                    "{\"email_address\":\"" + email + "\",\"discovery_redirect_url\":\"http://localhost:3000/d\"}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(200);
            Response d = server.call(
                    "POST",
                    "/v1/b2b/magic_links/discovery/authenticate",
                    "{\"discovery_magic_links_token\":\""
                            + fx.latestMessageTo(email).get("token").asText() + "\"}");
            ists.add(d.at("/intermediate_session_token"));
        }

        List<Response> answers = race(n -> server.call(
                "POST",
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                "{\"intermediate_session_token\":\"" + ists.get(n) + "\",\"organization_id\":\"" + org + "\"}"));
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.text()).isLessThan(500));
        assertThat(answers).filteredOn(r -> r.status() == 200).isNotEmpty();
        assertThat(answers)
                .filteredOn(r -> r.status() == 200)
                .extracting(r -> r.at("/member_id"))
                .containsOnly(answers.stream()
                        .filter(r -> r.status() == 200)
                        .findFirst()
                        .orElseThrow()
                        .at("/member_id"));
        Response members =
                server.call("POST", "/v1/b2b/organizations/members/search", "{\"organization_ids\":[\"" + org + "\"]}");
        assertThat(members.json().get("members")).as(members.text()).hasSize(1);
    }
}
