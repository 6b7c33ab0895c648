package dev.latchkey.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of the emails and SMS Latchkey sends, per locale, from {@code templates/} on the classpath:
 * {@code <locale>/<kind>.txt} (first line the subject, a blank line, then the text body), {@code <kind>.html} (a
 * fragment placed in {@code layout.html}), {@code sms_otp.txt} and {@code units.properties} (the words for
 * minutes, hours and days). Placeholders are {@code {{name}}}; values are escaped in HTML and substituted once
 * (a value that looks like a placeholder stays as it is). All templates are read once, at construction.
 *
 * <p>Values: {@code organization_name}, {@code link}, {@code code}, {@code expiration_minutes} (turned into
 * {@code expires_in}, e.g. "10 minutes" or "7 days", in the message's language) and {@code token} (not shown,
 * only kept in the message for the dev outbox).
 */
public final class MessageTemplates {
    /** The locales with templates; {@link #supportedLocale} maps every requested locale onto one of them. */
    public static final List<String> LOCALES = List.of("en", "es", "fr", "pt-br");

    private static final String DEFAULT_LOCALE = "en";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
    private static final Pattern COMPACT_TAG = Pattern.compile("([a-z]{2})([a-z]{2})"); // ptbr, dede, esmx

    private final String layout;
    private final Map<String, Texts> byLocale = new HashMap<>();

    private record EmailTemplate(String subject, String text, String html) {}

    private record Texts(Map<TemplateKind, EmailTemplate> emails, String sms, Map<String, String> units) {}

    /** @throws IllegalStateException when a template is missing from the classpath (a packaging mistake) */
    public MessageTemplates() {
        layout = resource("layout.html");
        for (String locale : LOCALES) {
            Map<TemplateKind, EmailTemplate> emails = new EnumMap<>(TemplateKind.class);
            for (TemplateKind kind : TemplateKind.values()) {
                String file = resource(locale + "/" + kind.fileName() + ".txt");
                int end = file.indexOf("\n\n");
                if (end < 0) {
                    throw new IllegalStateException("templates/" + locale + "/" + kind.fileName()
                            + ".txt must start with the subject line and a blank line");
                }
                emails.put(
                        kind,
                        new EmailTemplate(
                                file.substring(0, end).strip(),
                                file.substring(end + 2),
                                resource(locale + "/" + kind.fileName() + ".html")));
            }
            byLocale.put(
                    locale, new Texts(emails, resource(locale + "/sms_otp.txt").strip(), units(locale)));
        }
    }

    /**
     * Renders one email in the supported locale closest to {@code locale} (English when none is close).
     *
     * @param values placeholder values; extra ones are ignored, {@code code}, {@code token} and {@code link} are
     *     also copied into the message's own fields
     * @throws IllegalArgumentException when a value the template uses is missing, or {@code expiration_minutes}
     *     is not a positive number
     */
    public EmailMessage render(TemplateKind kind, String locale, String to, Map<String, String> values) {
        String tag = supportedLocale(locale);
        Texts texts = byLocale.get(tag);
        EmailTemplate template = texts.emails().get(kind);
        Map<String, String> all = withExpiry(values, texts.units());
        String what = tag + "/" + kind.fileName();
        String subject = fill(template.subject(), all, what, MessageTemplates::oneLine);
        String text = fill(template.text(), all, what, UnaryOperator.identity());
        String content = fill(template.html(), all, what, MessageTemplates::escapeHtml);
        Map<String, String> frame = Map.of("lang", tag, "subject", escapeHtml(subject), "content", content);
        String html = fill(layout, frame, "layout", UnaryOperator.identity());
        return new EmailMessage(to, subject, text, html, all.get("code"), all.get("token"), all.get("link"));
    }

    /** The one-time passcode SMS, e.g. "Your verification code is 123456. It expires in 2 minutes." */
    public SmsMessage renderSms(String locale, String to, String code, int expiresMinutes) {
        String tag = supportedLocale(locale);
        Texts texts = byLocale.get(tag);
        Map<String, String> all =
                withExpiry(Map.of("code", code, "expiration_minutes", Integer.toString(expiresMinutes)), texts.units());
        return new SmsMessage(to, fill(texts.sms(), all, tag + "/sms_otp", UnaryOperator.identity()), code);
    }

    /**
     * The locale of {@link #LOCALES} to use for a requested one. The SDKs send tags in several spellings
     * ({@code pt-br}, {@code pt-BR}, {@code ptbr}, {@code pt_BR}, {@code deDE}); all are accepted. A region we
     * lack falls back to the language ({@code es-MX} → {@code es}, {@code pt} → {@code pt-br}); anything else,
     * null included, is English.
     */
    public static String supportedLocale(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_LOCALE;
        }
        String tag = requested.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        Matcher compact = COMPACT_TAG.matcher(tag);
        if (compact.matches()) {
            tag = compact.group(1) + "-" + compact.group(2);
        }
        if (LOCALES.contains(tag)) {
            return tag;
        }
        String language = tag.split("-", 2)[0];
        if (LOCALES.contains(language)) {
            return language;
        }
        for (String supported : LOCALES) {
            if (supported.startsWith(language + "-")) {
                return supported;
            }
        }
        return DEFAULT_LOCALE;
    }

    private static Map<String, String> withExpiry(Map<String, String> values, Map<String, String> units) {
        Map<String, String> all = new HashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                all.put(k, v);
            }
        });
        String minutes = all.get("expiration_minutes");
        if (minutes != null) {
            int m;
            try {
                m = Integer.parseInt(minutes.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expiration_minutes must be a number, got " + minutes, e);
            }
            if (m <= 0) {
                throw new IllegalArgumentException("expiration_minutes must be positive, got " + m);
            }
            all.put("expires_in", duration(m, units));
        }
        return all;
    }

    /** The largest whole unit: 10080 minutes reads "7 days", 90 reads "90 minutes". */
    private static String duration(int minutes, Map<String, String> units) {
        String unit;
        int n;
        if (minutes % 1440 == 0) {
            unit = "day";
            n = minutes / 1440;
        } else if (minutes % 60 == 0) {
            unit = "hour";
            n = minutes / 60;
        } else {
            unit = "minute";
            n = minutes;
        }
        return n + " " + units.get(unit + (n == 1 ? ".one" : ".other"));
    }

    /** One pass over the template, so a value is never itself read as a template. */
    private static String fill(String template, Map<String, String> values, String what, UnaryOperator<String> escape) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template " + what + " needs a value for '" + m.group(1) + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escapeHtml(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A subject is one header line: a line break in an organization name must not start a new header. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    private static Map<String, String> units(String locale) {
        Properties p = new Properties();
        try (Reader r = new StringReader(resource(locale + "/units.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> units = new HashMap<>();
        for (String unit : List.of("minute", "hour", "day")) {
            for (String form : List.of(".one", ".other")) {
                String word = p.getProperty(unit + form);
                if (word == null) {
                    throw new IllegalStateException("templates/" + locale + "/units.properties lacks " + unit + form);
                }
                units.put(unit + form, word);
            }
        }
        return units;
    }

    private static String resource(String path) {
        try (InputStream in = MessageTemplates.class.getResourceAsStream("/templates/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing template resource templates/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
