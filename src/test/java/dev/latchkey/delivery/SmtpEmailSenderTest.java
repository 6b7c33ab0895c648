package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.testing.MutableClock;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpEmailSenderTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-password"));

    @RegisterExtension
    static final GreenMailExtension SMTPS = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort());

    private static final Project PROJECT =
            new Project("project-test-00000000-0000-0000-0000-000000000001", Environment.TEST, "pt", Instant.EPOCH);
    private static final String LINK =
            "https://app.example.com/authenticate?stytch_token_type=multi_tenant_magic_links&token=tok-abc";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final MessageTemplates templates = new MessageTemplates();

    private DeliveryConfig.Smtp plain(String username, String password) {
        return new DeliveryConfig.Smtp(
                "127.0.0.1",
                SMTP.getSmtp().getPort(),
                DeliveryConfig.Tls.NONE,
                username,
                password,
                "login@acme.test",
                "Acme Login");
    }

    @Test
    void sendDeliversARenderedEmailAsTextAndHtmlAlternatives() throws Exception {
        EmailMessage email = templates.render(
                TemplateKind.MAGIC_LINK_LOGIN,
                "en",
                "ada@acme.test",
                Map.of("organization_name", "Acme", "link", LINK, "expiration_minutes", "60"));

        new SmtpEmailSender(plain("mailer", "mailer-password"), clock).send(PROJECT.id(), email);

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage got = received[0];
        assertThat(got.getSubject()).isEqualTo("Log in to Acme");
        assertThat(got.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("ada@acme.test"));
        InternetAddress from = (InternetAddress) got.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("login@acme.test");
        assertThat(from.getPersonal()).isEqualTo("Acme Login");
        assertThat(got.getSentDate().toInstant()).isEqualTo(clock.instant());
        assertThat(got.getContentType()).startsWith("multipart/alternative");

        Multipart parts = (Multipart) got.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType())
                .startsWith("text/plain")
                .containsIgnoringCase("utf-8");
        // SMTP carries lines ended by CRLF (RFC 5321 §2.3.8)
        assertThat(lf(parts.getBodyPart(0).getContent())).contains(LINK).isEqualTo(email.text());
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(lf(parts.getBodyPart(1).getContent()))
                .contains("href=\"" + LINK.replace("&", "&amp;") + "\"")
                .isEqualTo(email.html());
    }

    private static String lf(Object content) {
        return ((String) content).replace("\r\n", "\n");
    }

    @Test
    void sendWithoutHtmlSendsPlainTextOnly() throws Exception {
        EmailMessage email =
                new EmailMessage("bo@acme.test", "Ünïcode subject", "Just text: ß", null, null, null, null);

        new SmtpEmailSender(plain(null, null), clock).send(PROJECT.id(), email);

        MimeMessage got = SMTP.getReceivedMessages()[0];
        assertThat(got.getSubject()).isEqualTo("Ünïcode subject");
        assertThat(got.getContentType()).startsWith("text/plain");
        assertThat(((String) got.getContent()).strip()).isEqualTo("Just text: ß");
    }

    @Test
    void sendWhenTheServerRejectsTheLoginThenRaisesAndLogsTheRecipientButNotTheBody() {
        EmailMessage email =
                new EmailMessage("cy@acme.test", "Code", "secret-code-991", null, "secret-code-991", null, null);
        SmtpEmailSender sender = new SmtpEmailSender(plain("mailer", "wrong-password"), clock);

        try (LogCapture log = new LogCapture(SmtpEmailSender.class)) {
            assertThatThrownBy(() -> sender.send(PROJECT.id(), email))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("cy@acme.test")
                    .hasMessageNotContaining("secret-code-991");
            assertThat(log.lines()).singleElement().asString().contains("cy@acme.test", PROJECT.id());
            assertThat(String.join("\n", log.lines())).doesNotContain("secret-code-991");
        }
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendToAnInvalidAddressThenRaises() {
        EmailMessage email = new EmailMessage("a@b.test, c@d.test", "s", "t", null, null, null, null);

        assertThatThrownBy(() -> new SmtpEmailSender(plain(null, null), clock).send(PROJECT.id(), email))
                .isInstanceOf(DeliveryException.class);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendWhenTheServerIsUnreachableThenRaises() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DeliveryConfig.Smtp nowhere = new DeliveryConfig.Smtp(
                "127.0.0.1", closedPort, DeliveryConfig.Tls.NONE, null, null, "login@acme.test", null);
        EmailMessage email = new EmailMessage("dee@acme.test", "s", "t", null, null, null, null);

        assertThatThrownBy(() -> new SmtpEmailSender(nowhere, clock).send(PROJECT.id(), email))
                .isInstanceOf(DeliveryException.class);
    }

    @Test
    void sendOverTlsVerifiesTheServerCertificate() {
        // GreenMail's SMTPS certificate is self-signed: a sender that checks certificates must refuse it
        DeliveryConfig.Smtp tls = new DeliveryConfig.Smtp(
                "127.0.0.1", SMTPS.getSmtps().getPort(), DeliveryConfig.Tls.TLS, null, null, "login@acme.test", null);
        EmailMessage email = new EmailMessage("eve@acme.test", "s", "t", null, null, null, null);

        assertThatThrownBy(() -> new SmtpEmailSender(tls, clock).send(PROJECT.id(), email))
                .isInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(Stream.iterate(e, Objects::nonNull, Throwable::getCause))
                        .anyMatch(c -> c instanceof SSLHandshakeException));
        assertThat(SMTPS.getReceivedMessages()).isEmpty();
    }
}
