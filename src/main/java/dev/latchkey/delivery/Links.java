package dev.latchkey.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the links emailed to members: {@code <redirect>?stytch_token_type=<type>&token=<token>}. */
public final class Links {
    private Links() {}

    public static String withToken(String redirectUrl, String tokenType, String token) {
        return withQuery(
                redirectUrl,
                "stytch_token_type=" + tokenType + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** Adds a query string before any fragment, after an existing query if there is one. */
    public static String withQuery(String url, String query) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        String sep = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + sep + query + fragment;
    }
}
