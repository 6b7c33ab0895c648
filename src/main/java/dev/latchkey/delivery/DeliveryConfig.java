package dev.latchkey.delivery;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The message providers the server is configured with. Either part may be null: nothing configured means
 * test projects use the dev outbox and live projects cannot send on that channel (see {@link Delivery}).
 *
 * @param smtp the SMTP server for email, or null
 * @param sms the Twilio-shaped SMS API, or null
 * @param outbox how the outbox workers deliver to them
 */
public record DeliveryConfig(Smtp smtp, Sms sms, OutboxConfig outbox) {
    public DeliveryConfig {
        outbox = outbox == null ? OutboxConfig.DEFAULTS : outbox;
    }

    /** The providers with the default outbox settings. */
    public DeliveryConfig(Smtp smtp, Sms sms) {
        this(smtp, sms, OutboxConfig.DEFAULTS);
    }

    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

    /** How the SMTP connection is secured. */
    public enum Tls {
        /** Plain SMTP; only for a relay on localhost or a private network. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is required (no silent fall back to plain text). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS
    }

    /**
     * An SMTP server.
     *
     * @param username null for a server that needs no authentication
     * @param fromName display name of the sender, or null
     */
    public record Smtp(
            String host, int port, Tls tls, String username, String password, String fromAddress, String fromName) {
        public Smtp {
            require(host, "SMTP host");
            require(fromAddress, "LATCHKEY_SMTP_FROM");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP port must be 1..65535, got " + port);
            }
            if (tls == null) {
                throw new IllegalArgumentException("SMTP TLS mode is required");
            }
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("LATCHKEY_SMTP_USERNAME and LATCHKEY_SMTP_PASSWORD go together");
            }
        }

        public boolean authenticates() {
            return username != null;
        }

        /** Without the password. */
        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", tls=" + tls + ", username=" + username + ", from="
                    + fromAddress + "]";
        }
    }

    /**
     * An SMS API shaped like Twilio's Messages API.
     *
     * @param from the sending number (E.164) or a Messaging Service SID ({@code MG…})
     */
    public record Sms(URI baseUrl, String accountSid, String authToken, String from) {
        public Sms {
            if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("LATCHKEY_SMS_BASE_URL must be an absolute URL, got " + baseUrl);
            }
            require(accountSid, "LATCHKEY_SMS_ACCOUNT_SID");
            require(authToken, "LATCHKEY_SMS_AUTH_TOKEN");
            require(from, "LATCHKEY_SMS_FROM");
        }

        /** Twilio takes a Messaging Service SID in its own form field instead of {@code From}. */
        public boolean fromIsMessagingService() {
            return MESSAGING_SERVICE_SID.matcher(from).matches();
        }

        /** Without the auth token. */
        @Override
        public String toString() {
            return "Sms[baseUrl=" + baseUrl + ", accountSid=" + accountSid + ", from=" + from + "]";
        }
    }

    /** No provider at all: test projects use the dev outbox. */
    public static DeliveryConfig none() {
        return new DeliveryConfig(null, null);
    }

    /**
     * Reads {@code LATCHKEY_SMTP_*} and {@code LATCHKEY_SMS_*}. Email is configured when {@code LATCHKEY_SMTP_HOST}
     * is set, SMS when {@code LATCHKEY_SMS_ACCOUNT_SID} is set. {@code LATCHKEY_SMTP_TLS} is {@code none},
     * {@code starttls} (default) or {@code tls}; the port defaults to 25, 587 or 465 to match.
     * {@code LATCHKEY_SMTP_FROM} is an address or {@code Name <address>}. {@code LATCHKEY_OUTBOX_*} tune the
     * outbox ({@link OutboxConfig#fromEnvironment}).
     *
     * @throws IllegalArgumentException when a channel is half configured, so a typo stops start-up instead of
     *     silently sending nothing
     */
    public static DeliveryConfig fromEnvironment(Map<String, String> env) {
        return new DeliveryConfig(smtp(env), sms(env), OutboxConfig.fromEnvironment(env));
    }

    private static Smtp smtp(Map<String, String> env) {
        String host = value(env, "LATCHKEY_SMTP_HOST");
        if (host == null) {
            for (String other : new String[] {
                "LATCHKEY_SMTP_PORT", "LATCHKEY_SMTP_TLS", "LATCHKEY_SMTP_USERNAME", "LATCHKEY_SMTP_FROM"
            }) {
                if (value(env, other) != null) {
                    throw new IllegalArgumentException(other + " is set but LATCHKEY_SMTP_HOST is not");
                }
            }
            return null;
        }
        Tls tls = tls(value(env, "LATCHKEY_SMTP_TLS"));
        String port = value(env, "LATCHKEY_SMTP_PORT");
        String from = value(env, "LATCHKEY_SMTP_FROM");
        require(from, "LATCHKEY_SMTP_FROM");
        String fromName = null;
        String fromAddress = from;
        int open = from.lastIndexOf('<');
        if (open >= 0 && from.endsWith(">")) {
            fromAddress = from.substring(open + 1, from.length() - 1).trim();
            fromName = unquote(from.substring(0, open).trim());
        }
        return new Smtp(
                host,
                port == null ? defaultPort(tls) : parsePort(port),
                tls,
                value(env, "LATCHKEY_SMTP_USERNAME"),
                secret(env, "LATCHKEY_SMTP_PASSWORD"),
                fromAddress,
                fromName);
    }

    private static Sms sms(Map<String, String> env) {
        String sid = value(env, "LATCHKEY_SMS_ACCOUNT_SID");
        if (sid == null) {
            for (String other :
                    new String[] {"LATCHKEY_SMS_AUTH_TOKEN", "LATCHKEY_SMS_FROM", "LATCHKEY_SMS_BASE_URL"}) {
                if (value(env, other) != null) {
                    throw new IllegalArgumentException(other + " is set but LATCHKEY_SMS_ACCOUNT_SID is not");
                }
            }
            return null;
        }
        String baseUrl = value(env, "LATCHKEY_SMS_BASE_URL");
        return new Sms(
                URI.create(baseUrl == null ? "https://api.twilio.com" : baseUrl),
                sid,
                secret(env, "LATCHKEY_SMS_AUTH_TOKEN"),
                value(env, "LATCHKEY_SMS_FROM"));
    }

    private static Tls tls(String value) {
        if (value == null) {
            return Tls.STARTTLS;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> Tls.NONE;
            case "starttls" -> Tls.STARTTLS;
            case "tls", "ssl", "smtps" -> Tls.TLS;
            default ->
                throw new IllegalArgumentException("LATCHKEY_SMTP_TLS must be none, starttls or tls, got " + value);
        };
    }

    private static int defaultPort(Tls tls) {
        return switch (tls) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LATCHKEY_SMTP_PORT must be a number, got " + port, e);
        }
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.isBlank() ? null : name;
    }

    /** Blank counts as unset: compose files and {@code .env} files often leave variables empty. */
    private static String value(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** Secrets are taken as written: a password may legitimately start or end with a space. */
    private static String secret(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
