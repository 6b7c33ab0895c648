package dev.latchkey.delivery;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers the server is configured with, per channel: a configured provider delivers (through the
 * {@link Outbox}) for every project, test and live alike. With no provider for a channel, test projects get the
 * {@link DevOutbox} and live projects get an error.
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

    /** Builds the configured providers (none, one or both). */
    public Delivery(DeliveryConfig config, Clock clock) {
        this(
                config.smtp() == null ? null : new SmtpEmailSender(config.smtp(), clock),
                config.sms() == null ? null : new HttpSmsSender(config.sms()));
        if (emailProvider == null) {
            LOG.info("no SMTP server configured (LATCHKEY_SMTP_HOST): test projects' email goes to the dev outbox");
        }
        if (smsProvider == null) {
            LOG.info("no SMS provider configured (LATCHKEY_SMS_ACCOUNT_SID): test projects' SMS go to the dev outbox");
        }
    }

    /** Given providers; either may be null. */
    public Delivery(EmailSender emailProvider, SmsSender smsProvider) {
        this.emailProvider = emailProvider;
        this.smsProvider = smsProvider;
    }

    /** The SMTP server, if one is configured. */
    public Optional<EmailSender> email() {
        return Optional.ofNullable(emailProvider);
    }

    /** The SMS provider, if one is configured. */
    public Optional<SmsSender> sms() {
        return Optional.ofNullable(smsProvider);
    }

    /** The {@code server_unavailable} error of a live project sending on a channel without a provider. */
    static ApiException unconfigured(Project project, String channel) {
        String variables = channel.equals("email")
                ? "LATCHKEY_SMTP_HOST and LATCHKEY_SMTP_FROM"
                : "LATCHKEY_SMS_ACCOUNT_SID, LATCHKEY_SMS_AUTH_TOKEN and LATCHKEY_SMS_FROM";
        String name = channel.equals("email") ? "email" : "SMS";
        LOG.error(
                "live project {} tried to send {} but no provider is configured: set {}",
                project.id(),
                name,
                variables);
        return new ApiException(
                ErrorType.SERVER_UNAVAILABLE,
                "This server has no " + name + " provider configured, so live projects cannot send " + name
                        + ". The operator must set " + variables + ".");
    }
}
