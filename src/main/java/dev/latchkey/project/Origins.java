package dev.latchkey.project;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Browser origins in the form browsers serialise them in the {@code Origin} header (RFC 6454 §6.1):
 * {@code scheme://host[:port]}, scheme and host in lower case, an ASCII host, the scheme's default port left out.
 */
public final class Origins {
    private Origins() {}

    /**
     * The normalised form of an origin given by an operator ({@code HTTP://App.Example.com:443/} becomes
     * {@code http://app.example.com:443}; {@code https://example.com:443} becomes {@code https://example.com}).
     *
     * @throws IllegalArgumentException unless it is an http(s) scheme and a host, with at most a port and a bare
     *     {@code /} after them
     */
    public static String normalize(String origin) {
        return parse(origin)
                .orElseThrow(() -> new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin));
    }

    /** The normalised form of a request's {@code Origin} header; empty for {@code null}, opaque or malformed ones. */
    public static Optional<String> ofHeader(String header) {
        return header == null ? Optional.empty() : parse(header);
    }

    private static Optional<String> parse(String raw) {
        String s;
        try {
            s = asciiHost(raw.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))) {
            return Optional.empty();
        }
        host = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
        return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
    }

    /** java.net.URI takes only ASCII host names: an internationalised one is turned into its punycode form first. */
    private static String asciiHost(String s) {
        int start = s.indexOf("://");
        if (start < 0 || s.chars().allMatch(c -> c < 128)) {
            return s;
        }
        int end = start + 3;
        while (end < s.length() && ":/?#".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return s.substring(0, start + 3) + IDN.toASCII(s.substring(start + 3, end)) + s.substring(end);
    }
}
