package dev.latchkey.sso.flow;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of an HTML form post ({@code application/x-www-form-urlencoded}, UTF-8), as an IdP's auto-submitting
 * page sends the SAML response. Read from the raw bytes, so a malformed content type or charset is a 400, not a
 * failure of the framework's own form parsing; a body of another type has no fields.
 */
final class FormPost {
    private FormPost() {}

    static Map<String, String> fields(String contentType, byte[] body) {
        Map<String, String> out = new HashMap<>();
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return out;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorType.BAD_REQUEST, "The form body is not valid URL encoding.");
        }
        return out;
    }
}
