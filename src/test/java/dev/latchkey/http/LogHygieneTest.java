package dev.latchkey.http;

import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sql;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Logs never carry bound SQL parameters, secrets, codes or tokens (issue 8), on the common flows and on a 500
 * raised by the database. Every logger is captured (the root), with its exceptions' messages and causes.
 */
class LogHygieneTest {
    static TestServer server;
    static Flows flows;
    static Fixtures fx;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void capture() {
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
    }

    @Test
    void commonFlowsLogNoPasswordCodeTokenSecretOrSession() {
        List<String> secrets = new ArrayList<>(List.of(Fixtures.PASSWORD, server.project.secret()));
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = "hygiene-" + UUID.randomUUID() + "@logs.test";
        String member = flows.member(org, email);

        // Password login to an intermediate session, SMS enrollment, and a TOTP enrollment.
        String ist = flows.ist(org, email);
        secrets.add(ist);
        String phone = flows.newPhone();
        String smsCode = flows.sendSms(org, member, phone, "intermediate_session_token", ist);
        secrets.add(smsCode);
        TestServer.Response sms = ok(flows.post(
                "/v1/b2b/otps/sms/authenticate",
                "organization_id",
                org,
                "member_id",
                member,
                "code",
                smsCode,
                "intermediate_session_token",
                ist));
        secrets.add(sms.at("/session_token"));
        secrets.add(sms.at("/session_jwt"));

        // A magic link and an email OTP, sent and used.
        String other = "hygiene-" + UUID.randomUUID() + "@logs.test";
        ok(flows.post(
                "/v1/b2b/magic_links/email/discovery/send",
                "email_address",
                other,
                "discovery_redirect_url",
                "http://localhost:3000/d"));
        String token = fx.latestMessageTo(other).get("token").asText();
        secrets.add(token);
        ok(flows.post("/v1/b2b/magic_links/discovery/authenticate", "discovery_magic_links_token", token));
        server.clock.advance(Duration.ofMinutes(1));
        ok(flows.post("/v1/b2b/otps/email/discovery/send", "email_address", other));
        String otp = fx.latestMessageTo(other).get("code").asText();
        secrets.add(otp);
        ok(flows.post("/v1/b2b/otps/email/discovery/authenticate", "email_address", other, "code", otp));

        // Wrong guesses, which log nothing of what was guessed.
        flows.post("/v1/b2b/otps/email/discovery/authenticate", "email_address", other, "code", "914273");
        flows.login(org, email, "password", "a wrong password 8431");
        secrets.add("914273");
        secrets.add("a wrong password 8431");

        assertThat(lines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .doesNotContain(secrets.toArray(String[]::new)));
    }

    @Test
    void aDatabaseErrorAnswers500AndItsLogCarriesNoBoundValueNorRowDetail() {
        String email = "boom-" + UUID.randomUUID() + "@logs.test";
        // The outbox row holds the message, link token included: make its insert fail with the row in the error.
        Sql.update(
                server.databaseUrl,
                "ALTER TABLE dev_messages ADD CONSTRAINT hygiene_fails CHECK (recipient <> '" + email + "') NOT VALID");
        try {
            TestServer.Response r = flows.post(
                    "/v1/b2b/magic_links/email/discovery/send",
                    "email_address",
                    email,
                    "discovery_redirect_url",
                    "http://localhost:3000/d");
            assertThat(r.status()).as(r.text()).isEqualTo(500);
            assertThat(r.text()).doesNotContain(email).doesNotContain("token=");
        } finally {
            Sql.update(server.databaseUrl, "ALTER TABLE dev_messages DROP CONSTRAINT hygiene_fails");
        }
        List<String> lines = lines();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("failed").contains("hygiene_fails"));
        assertThat(lines).allSatisfy(l -> assertThat(l)
                .doesNotContain(email)
                .doesNotContain("token=")
                .doesNotContain("Failing row")
                .doesNotContain("Detail:")
                .doesNotContain("arguments:"));
    }

    /** Each event's message, and the class and message of its exception and every cause. */
    private List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : appender.list) {
            StringBuilder line = new StringBuilder(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.add(line.toString());
        }
        return out;
    }
}
