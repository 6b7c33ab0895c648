package dev.latchkey.http;

import java.net.URI;

/**
 * The server's own external base URL ({@code LATCHKEY_PUBLIC_URL}), from which the addresses an identity provider is
 * given are built: a SAML connection's ACS URL and audience, an OIDC connection's and an OAuth provider's redirect
 * URL. Without a setting it is {@code http://localhost:<port>}, known once the HTTP server has bound its port.
 */
public final class PublicUrl {
    private final String configured;
    private volatile String base;

    /** {@code configured} is an absolute http(s) URL without a query, or null for {@code http://localhost:<port>}. */
    public PublicUrl(String configured) {
        this.configured = configured == null ? null : withoutTrailingSlash(validated(configured));
        this.base = this.configured;
    }

    /** Called once the HTTP server listens: the default base names the bound port. */
    public void boundTo(int port) {
        if (configured == null) {
            base = "http://localhost:" + port;
        }
    }

    /** The base, without a trailing slash. */
    public String base() {
        String b = base;
        if (b == null) {
            throw new IllegalStateException("the public URL is not known before the HTTP server listens");
        }
        return b;
    }

    /** {@code path} (starting with {@code /}) under the base. */
    public String resolve(String path) {
        return base() + path;
    }

    private static String validated(String url) {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LATCHKEY_PUBLIC_URL is not a URL: " + url, e);
        }
        boolean http = "http".equals(u.getScheme()) || "https".equals(u.getScheme());
        if (!http || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "LATCHKEY_PUBLIC_URL must be an absolute http(s) URL without query or fragment: " + url);
        }
        return u.toString();
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
