package dev.latchkey.delivery;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, per project and channel, who delivers a message. A configured provider delivers for every project,
 * test and live alike. With no provider for a channel, test projects get the {@link DevOutbox} and live projects
 * get an error.
 *
 * <p>That error is {@link ErrorType#SERVER_UNAVAILABLE} (503), for email and SMS alike: the request is fine and
 * no change to it could succeed, the server is missing configuration only its operator can add. A 4xx would blame
 * the caller; a bare 500 would hide a cause that is safe and useful to state (the caller holds the project's
 * secret, and on a self-hosted server is usually the operator). The message names the variable to set. Stytch's
 * {@code email_settings_not_found} was the other candidate, but it has no SMS counterpart and names per-project
 * settings Latchkey does not have.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final EmailSender emailProvider;
    private final SmsSender smsProvider;
    private final DevOutbox outbox;
    private final EmailSender email = this::sendEmail;
    private final SmsSender sms = this::sendSms;

    /** Builds the configured providers (none, one or both). */
    public Delivery(DeliveryConfig config, DevOutbox outbox, Clock clock) {
        this.emailProvider = config.smtp() == null ? null : new SmtpEmailSender(config.smtp(), clock);
        this.smsProvider = config.sms() == null ? null : new HttpSmsSender(config.sms());
        this.outbox = outbox;
        if (emailProvider == null) {
            LOG.info("no SMTP server configured (LATCHKEY_SMTP_HOST): test projects' email goes to the dev outbox");
        }
        if (smsProvider == null) {
            LOG.info("no SMS provider configured (LATCHKEY_SMS_ACCOUNT_SID): test projects' SMS go to the dev outbox");
        }
    }

    /**
     * The email sender every feature uses. Its {@code send} raises {@link ApiException} {@code server_unavailable}
     * for a live project when no SMTP server is configured, and {@link DeliveryException} when the server refuses.
     */
    public EmailSender email() {
        return email;
    }

    /**
     * The SMS sender every feature uses. Its {@code send} raises {@link ApiException} {@code server_unavailable}
     * for a live project when no SMS provider is configured, and {@link DeliveryException} when the provider
     * refuses.
     */
    public SmsSender sms() {
        return sms;
    }

    private void sendEmail(Project project, EmailMessage message) {
        if (emailProvider != null) {
            emailProvider.send(project, message);
        } else if (project.isTest()) {
            outbox.send(project, message);
        } else {
            throw unconfigured(project, "email", "LATCHKEY_SMTP_HOST and LATCHKEY_SMTP_FROM");
        }
    }

    private void sendSms(Project project, SmsMessage message) {
        if (smsProvider != null) {
            smsProvider.send(project, message);
        } else if (project.isTest()) {
            outbox.send(project, message);
        } else {
            throw unconfigured(
                    project, "SMS", "LATCHKEY_SMS_ACCOUNT_SID, LATCHKEY_SMS_AUTH_TOKEN and LATCHKEY_SMS_FROM");
        }
    }

    private static ApiException unconfigured(Project project, String channel, String variables) {
        LOG.error(
                "live project {} tried to send {} but no provider is configured: set {}",
                project.id(),
                channel,
                variables);
        return new ApiException(
                ErrorType.SERVER_UNAVAILABLE,
                "This server has no " + channel + " provider configured, so live projects cannot send " + channel
                        + ". The operator must set " + variables + ".");
    }
}
