package dev.latchkey.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) the test server delivers to: tests read the link or code out of the email as a
 * person would. Start the server with {@link #startServer()}.
 *
 * <p>The server sends email from its outbox after the request has answered, so every read here first waits until
 * the server's outbox has nothing pending: then every email of the requests made so far has arrived.
 */
public final class Inbox implements AutoCloseable {
    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    private final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private TestServer server;

    public Inbox() {
        mail.start();
    }

    /** The LATCHKEY_SMTP_* variables that point a server at this inbox. */
    public Map<String, String> serverEnvironment() {
        return Map.of(
                "LATCHKEY_SMTP_HOST", "127.0.0.1",
                "LATCHKEY_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()),
                "LATCHKEY_SMTP_TLS", "none",
                "LATCHKEY_SMTP_FROM", "Latchkey <login@latchkey.test>");
    }

    /** A test server that sends its email here; reads of this inbox wait for its outbox. */
    public TestServer startServer() {
        server = new TestServer(serverEnvironment());
        return server;
    }

    /** Waits until the server's outbox has no message left to send. */
    public void awaitDelivery() {
        if (server != null) {
            Eventually.within(DELIVERY_TIMEOUT, "the outbox to be empty", () -> server.pendingOutboxMessages() == 0);
        }
    }

    /** One received email, as text. */
    public record Email(String to, String subject, String text) {
        /** The only http(s) link in the text body. */
        public String link() {
            Matcher m = LINK.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no link in: " + text);
            }
            String link = m.group();
            if (m.find()) {
                throw new AssertionError("more than one link in: " + text);
            }
            return link;
        }

        /** A query parameter of the link, decoded. */
        public String linkParameter(String name) {
            String query = URI.create(link()).getRawQuery();
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            if (!params.containsKey(name)) {
                throw new AssertionError("no " + name + " in " + link());
            }
            return params.get(name);
        }

        /** The link's {@code token} parameter. */
        public String token() {
            return linkParameter("token");
        }

        /** The six-digit code standing on a line of its own. */
        public String code() {
            Matcher m = CODE.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no code in: " + text);
            }
            return m.group(1);
        }
    }

    /** Every email received so far to {@code address}, oldest first. */
    public List<Email> to(String address) {
        awaitDelivery();
        List<Email> out = new ArrayList<>();
        try {
            for (MimeMessage m : mail.getReceivedMessages()) {
                for (var r : m.getRecipients(Message.RecipientType.TO)) {
                    if (((InternetAddress) r).getAddress().equalsIgnoreCase(address)) {
                        out.add(new Email(address, m.getSubject(), text(m)));
                    }
                }
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The newest email to {@code address}; fails when there is none. */
    public Email latestTo(String address) {
        List<Email> all = to(address);
        if (all.isEmpty()) {
            throw new AssertionError("no email to " + address);
        }
        return all.get(all.size() - 1);
    }

    public int countTo(String address) {
        return to(address).size();
    }

    private static String text(MimeMessage m) throws MessagingException, IOException {
        Object content = m.getContent();
        if (content instanceof Multipart parts) {
            content = parts.getBodyPart(0).getContent();
        }
        return ((String) content).replace("\r\n", "\n");
    }

    @Override
    public void close() {
        mail.stop();
    }
}
