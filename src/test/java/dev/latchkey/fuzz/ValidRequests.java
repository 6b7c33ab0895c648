package dev.latchkey.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the valid request to a route that the mutator starts from: path parameters and fields filled from the
 * world, the right credentials for the surface (project secret on {@code /v1}, public token with the member's
 * session or logged out, and the authorized Origin, on {@code /sdk/v1}), JSON in the body or, for a GET, the query.
 */
final class ValidRequests {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    private final FuzzWorld world;

    ValidRequests(FuzzWorld world) {
        this.world = world;
    }

    /** The valid request to a route, and the JSON body it was made of (for field-level mutations). */
    record Seed(FuzzRequest request, ObjectNode fields, FuzzWorld.Persona persona) {}

    Seed build(RouteCatalog.Route route, List<String> fieldNames, SplittableRandom random) {
        FuzzWorld.Persona persona = world.personaFor(route.method(), route.path());
        ObjectNode fields = JSON.createObjectNode();
        for (String name : fieldNames) {
            Object value = name.endsWith(":new")
                    ? world.common(name)
                    : persona.value(name).orElseGet(() -> world.common(name));
            fields.set(name.replace(":new", ""), JSON.valueToTree(value));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (route.isSdk()) {
            String token = world.project.project().publicToken();
            // an intermediate session in the body is the logged-out half of MFA; a session as well is refused
            boolean loggedIn = !fields.has("intermediate_session_token") && random.nextInt(4) != 0;
            headers.put("Authorization", basic(token, loggedIn ? persona.string("session_token") : token));
            headers.put("Origin", FuzzWorld.ORIGIN);
        } else {
            headers.put("Authorization", basic(world.project.project().id(), world.project.secret()));
        }
        String target = fillPath(route.path(), persona);
        byte[] body = null;
        if (route.method().equals("GET")) {
            target += query(fields);
        } else {
            headers.put("Content-Type", "application/json");
            body = fields.toString().getBytes(StandardCharsets.UTF_8);
        }
        return new Seed(new FuzzRequest(route.key(), "", route.method(), target, headers, body), fields, persona);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String fillPath(String template, FuzzWorld.Persona persona) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = String.valueOf(persona.value(name).orElseGet(() -> world.common(name)));
            m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A GET's fields as a query string; the server reads every query value as a string. */
    static String query(ObjectNode fields) {
        if (fields.isEmpty()) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        fields.properties().forEach(e -> {
            if (q.length() > 1) {
                q.append('&');
            }
            String value = e.getValue().isTextual()
                    ? e.getValue().asText()
                    : e.getValue().toString();
            q.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return q.toString();
    }
}
