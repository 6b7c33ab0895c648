package dev.latchkey.delivery;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends email through one SMTP server (Angus Mail), the same server for every project. */
public final class SmtpEmailSender implements EmailSender {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpEmailSender.class);
    /** A stuck SMTP server must not hold an outbox sender for ever (its claim would lapse); Jakarta Mail waits for ever. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final DeliveryConfig.Smtp smtp;
    private final Session session;
    private final InternetAddress from;
    private final Clock clock;

    public SmtpEmailSender(DeliveryConfig.Smtp smtp, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
        this.session = Session.getInstance(properties(smtp));
        try {
            this.from = new InternetAddress(smtp.fromAddress(), smtp.fromName(), "UTF-8");
            from.validate();
        } catch (UnsupportedEncodingException | MessagingException e) {
            throw new IllegalArgumentException("LATCHKEY_SMTP_FROM is not a valid address: " + smtp.fromAddress(), e);
        }
    }

    /**
     * Sends {@code message} as {@code multipart/alternative} (text, then HTML) when it has HTML, else as
     * plain text, and returns once the SMTP server accepted it.
     *
     * @throws DeliveryException when the address is invalid or the server refuses or cannot be reached; the
     *     failure is logged with the recipient, never with the body
     */
    @Override
    public void send(String projectId, EmailMessage message) {
        try {
            MimeMessage mime = mime(message);
            if (smtp.authenticates()) {
                Transport.send(mime, smtp.username(), smtp.password());
            } else {
                Transport.send(mime);
            }
            LOG.debug("email sent to {} for project {}", message.to(), projectId);
        } catch (MessagingException e) {
            LOG.warn(
                    "SMTP delivery to {} for project {} via {}:{} failed: {}",
                    message.to(),
                    projectId,
                    smtp.host(),
                    smtp.port(),
                    e.toString());
            throw new DeliveryException("Email delivery to " + message.to() + " failed", e);
        }
    }

    private MimeMessage mime(EmailMessage message) throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(from);
        // strict parsing: one address, no display-name tricks smuggling in a second recipient
        InternetAddress to = new InternetAddress(message.to(), true);
        mime.setRecipient(Message.RecipientType.TO, to);
        mime.setSubject(message.subject(), "UTF-8");
        mime.setSentDate(Date.from(clock.instant()));
        if (message.html() == null) {
            mime.setText(message.text(), "UTF-8");
        } else {
            // RFC 2046 §5.1.4: alternatives in increasing order of preference, so HTML comes last
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), "UTF-8", "html");
            mime.setContent(new MimeMultipart("alternative", text, html));
        }
        return mime;
    }

    private static Properties properties(DeliveryConfig.Smtp smtp) {
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.auth", Boolean.toString(smtp.authenticates()));
        String millis = Long.toString(TIMEOUT.toMillis());
        p.put("mail.smtp.connectiontimeout", millis);
        p.put("mail.smtp.timeout", millis);
        p.put("mail.smtp.writetimeout", millis);
        switch (smtp.tls()) {
            case NONE -> {}
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
        }
        return p;
    }
}
