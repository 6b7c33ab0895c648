package dev.latchkey.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client IP of a request, which the per-IP throttles count. It is the TCP peer, unless that peer is one of
 * the trusted proxies of {@code LATCHKEY_TRUSTED_PROXIES} (IPs or CIDR ranges, comma-separated; none by default):
 * then {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first other address is the
 * client. Without trusted proxies the header is ignored, since any client can write it.
 */
public final class ClientAddresses {
    static final String ATTRIBUTE = "latchkey.client-ip";
    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");

    private final List<Range> trusted;

    private ClientAddresses(List<Range> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** Parses the trusted proxies; an entry that is not an IP literal or CIDR range fails start-up. */
    public static ClientAddresses trusting(List<String> proxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : proxies) {
            ranges.add(Range.parse(entry.trim()));
        }
        return new ClientAddresses(ranges);
    }

    /** Resolves each request's client IP once, before its route runs. */
    public void install(RoutesConfig routes) {
        routes.before(
                ctx -> ctx.attribute(ATTRIBUTE, clientIp(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"))));
    }

    /** The client IP of a request already resolved by {@link #install}, else its TCP peer. */
    static String of(Context ctx) {
        String ip = ctx.attribute(ATTRIBUTE);
        return ip != null ? ip : ctx.req().getRemoteAddr();
    }

    String clientIp(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!LITERAL.matcher(hop).matches()) {
                return client; // garbage from the client's side of the chain: the last hop we could read is it
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String ip) {
        if (trusted.isEmpty() || ip == null || !LITERAL.matcher(ip).matches()) {
            return false;
        }
        try {
            byte[] address = Range.bytes(ip);
            return trusted.stream().anyMatch(r -> r.contains(address));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Range(byte[] network, int prefix) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String ip = slash < 0 ? entry : entry.substring(0, slash);
            if (!LITERAL.matcher(ip).matches()) {
                throw new IllegalArgumentException("LATCHKEY_TRUSTED_PROXIES: not an IP or CIDR range: " + entry);
            }
            byte[] network = bytes(ip);
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("LATCHKEY_TRUSTED_PROXIES: bad prefix length in " + entry, e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("LATCHKEY_TRUSTED_PROXIES: bad prefix length in " + entry);
            }
            return new Range(network, prefix);
        }

        /** The bytes of an IP literal (matched by {@link #LITERAL}, so no name is ever looked up). */
        static byte[] bytes(String literal) {
            try {
                return InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + literal, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
