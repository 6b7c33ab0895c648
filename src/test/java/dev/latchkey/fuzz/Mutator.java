package dev.latchkey.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Turns a valid request into a hostile one: wrong types, missing and extra fields, huge and odd strings, nulls,
 * nested junk, malformed JSON and bytes, wrong content types, bad percent-escapes, unknown and foreign ids, bad
 * credentials and origins, other methods. Each request gets one to three mutations, or none (the valid request
 * itself, so that the paths behind validation are reached too).
 */
final class Mutator {
    /** Strings that have broken parsers, databases and loggers elsewhere. */
    static final List<String> ODD_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "\uD83D\uDCA9",
            "\u202Egnp.exe",
            "e\u0301\u0301\u0301",
            "Ω≈ç√∫˜µ≤≥÷",
            "ｆｕｌｌｗｉｄｔｈ",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../../../etc/passwd",
            "%00%zz",
            "null",
            "-1",
            "1e309",
            "\r\nX-Injected: 1",
            "\\",
            "\"",
            "${jndi:ldap://127.0.0.1/a}",
            "member-test-00000000-0000-0000-0000-000000000000",
            "organization-test-00000000-0000-0000-0000-000000000000",
            "\uD83D\uDE00".repeat(2_000),
            "A".repeat(70_000));

    /** Raw JSON values of every type but the expected one. */
    static final List<String> ODD_VALUES = List.of(
            "0",
            "-1",
            new BigInteger("9223372036854775808").toString(),
            "1.5",
            "1e400",
            "-0",
            "true",
            "false",
            "null",
            "[]",
            "[1,\"a\",null,{}]",
            "{}",
            "{\"a\":{\"b\":[{\"c\":null}]}}",
            "\"\\ud800\"",
            "\"\\udfff\\ud800\"",
            "\"\\u0000\"",
            "[".repeat(60) + "]".repeat(60),
            "{\"a\":".repeat(40) + "1" + "}".repeat(40));

    /** Whole bodies that are not a JSON object, or not JSON. */
    static final List<String> ODD_BODIES = List.of(
            "",
            "{",
            "}",
            "[]",
            "\"x\"",
            "42",
            "null",
            "true",
            "{\"a\":}",
            "{'a':1}",
            "{\"a\":1,}",
            "{\"a\":1}{\"b\":2}",
            "\uFEFF{}",
            "{\"a\":NaN}",
            "organization_id=x&member_id=y",
            "[".repeat(5_000),
            "{\"a\":".repeat(3_000),
            "{\"a\":\"" + "\\".repeat(9) + "\"}");

    private static final List<String> CONTENT_TYPES = List.of(
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "application/json; charset=utf-16",
            "application/xml",
            "application/json; charset=\"",
            "*/*",
            "");

    private static final List<String> PATH_JUNK = List.of(
            "%zz",
            "%",
            "%c0%af",
            "%00",
            "%2e%2e",
            "..",
            "%2F",
            "%F0%9F%92%A9",
            "%E0%A4%A",
            "ü",
            "a;b=c",
            "%25",
            ".",
            "x".repeat(3_000));

    private static final List<String> METHODS =
            List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO");

    private record Mutation(String name, BiFunction<Draft, SplittableRandom, Draft> apply) {}

    /** A request being mutated: JSON fields while they are still an object, then raw bytes. */
    private record Draft(FuzzRequest request, ObjectNode fields, boolean sdk) {
        Draft with(FuzzRequest r) {
            return new Draft(r, fields, sdk);
        }

        Draft withFields(ObjectNode f, String what) {
            FuzzRequest r = request.withMutation(what);
            if (r.method().equals("GET") && r.body() == null) {
                r = r.withTarget(r.path() + ValidRequests.query(f));
            } else {
                r = r.withBody(f.toString().getBytes(StandardCharsets.UTF_8));
            }
            return new Draft(r, f, sdk);
        }

        /** Fields with one raw JSON text spliced in for a field's value (JSON Jackson would not write itself). */
        Draft withRawValue(String field, String rawValue, String what) {
            ObjectNode copy = fields.deepCopy();
            copy.put(field, "\u0001SPLICE\u0001");
            String text = copy.toString().replace("\"\u0001SPLICE\u0001\"", rawValue);
            return new Draft(request.withMutation(what).withBody(text.getBytes(StandardCharsets.UTF_8)), copy, sdk);
        }
    }

    private final FuzzWorld world;
    private final List<Mutation> mutations;

    Mutator(FuzzWorld world) {
        this.world = world;
        this.mutations = List.of(
                new Mutation("drop-field", Mutator::dropField),
                new Mutation("null-field", Mutator::nullField),
                new Mutation("extra-field", Mutator::extraField),
                new Mutation("wrong-type", Mutator::wrongType),
                new Mutation("odd-string", Mutator::oddString),
                new Mutation("odd-body", Mutator::oddBody),
                new Mutation("broken-bytes", Mutator::brokenBytes),
                new Mutation("content-type", Mutator::contentType),
                new Mutation("bad-path", this::badPath),
                new Mutation("bad-query", Mutator::badQuery),
                new Mutation("foreign-id", this::foreignId),
                new Mutation("bad-auth", this::badAuth),
                new Mutation("bad-origin", Mutator::badOrigin),
                new Mutation("other-method", Mutator::otherMethod),
                new Mutation("huge-body", Mutator::hugeBody));
    }

    FuzzRequest mutate(ValidRequests.Seed seed, SplittableRandom random) {
        Draft d = new Draft(seed.request(), seed.fields(), seed.request().path().startsWith("/sdk/v1/"));
        if (random.nextInt(12) == 0) {
            return d.request().withMutation("valid");
        }
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            Mutation m = mutations.get(random.nextInt(mutations.size()));
            // huge bodies are slow to send and all refused alike: rarer than the rest
            if (m.name().equals("huge-body") && random.nextInt(8) != 0) {
                m = mutations.get(0);
            }
            d = m.apply().apply(d, random);
        }
        return d.request();
    }

    private static String anyField(Draft d, SplittableRandom random) {
        List<String> names = new ArrayList<>();
        d.fields().fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "organization_id" : names.get(random.nextInt(names.size()));
    }

    private static <T> T pick(List<T> list, SplittableRandom random) {
        return list.get(random.nextInt(list.size()));
    }

    private static Draft dropField(Draft d, SplittableRandom random) {
        ObjectNode f = d.fields().deepCopy();
        String field = anyField(d, random);
        f.remove(field);
        return d.withFields(f, "drop " + field);
    }

    private static Draft nullField(Draft d, SplittableRandom random) {
        ObjectNode f = d.fields().deepCopy();
        String field = anyField(d, random);
        f.putNull(field);
        return d.withFields(f, "null " + field);
    }

    private static Draft extraField(Draft d, SplittableRandom random) {
        ObjectNode f = d.fields().deepCopy();
        String name = random.nextBoolean() ? pick(ODD_STRINGS, random) : "extra_" + random.nextInt(1000);
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
        f.put(name, pick(ODD_STRINGS, random));
        return d.withFields(f, "extra field");
    }

    private static Draft wrongType(Draft d, SplittableRandom random) {
        String field = anyField(d, random);
        String raw = pick(ODD_VALUES, random);
        if (d.request().method().equals("GET") && d.request().body() == null) {
            ObjectNode f = d.fields().deepCopy();
            f.put(field, raw);
            return d.withFields(f, "wrong type " + field);
        }
        return d.withRawValue(field, raw, "wrong type " + field + "=" + abbreviate(raw));
    }

    private static Draft oddString(Draft d, SplittableRandom random) {
        ObjectNode f = d.fields().deepCopy();
        String field = anyField(d, random);
        String value = pick(ODD_STRINGS, random);
        JsonNode old = f.get(field);
        // half the time keep the valid value and add to it, to pass prefix checks and reach deeper code
        f.put(field, old != null && old.isTextual() && random.nextBoolean() ? old.asText() + value : value);
        return d.withFields(f, "odd string " + field + "=" + abbreviate(value));
    }

    private static Draft oddBody(Draft d, SplittableRandom random) {
        String body = pick(ODD_BODIES, random);
        return d.with(d.request()
                .withMutation("odd body " + abbreviate(body))
                .withBody(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Draft brokenBytes(Draft d, SplittableRandom random) {
        byte[] body = d.request().body() == null
                ? "{}".getBytes(StandardCharsets.UTF_8)
                : d.request().body();
        byte[] out;
        String what;
        switch (random.nextInt(4)) {
            case 0 -> {
                out = java.util.Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length));
                what = "truncated";
            }
            case 1 -> {
                out = body.clone();
                if (out.length > 0) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                what = "flipped byte";
            }
            case 2 -> {
                byte[][] bad = {
                    {(byte) 0xC3, 0x28},
                    {(byte) 0xFF},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xC0, (byte) 0xAF}
                };
                byte[] insert = bad[random.nextInt(bad.length)];
                int at = body.length < 2 ? 0 : 1 + random.nextInt(body.length - 1);
                out = new byte[body.length + insert.length];
                System.arraycopy(body, 0, out, 0, at);
                System.arraycopy(insert, 0, out, at, insert.length);
                System.arraycopy(body, at, out, at + insert.length, body.length - at);
                what = "invalid utf-8";
            }
            default -> {
                out = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
                what = "utf-16 body";
            }
        }
        return d.with(d.request().withMutation(what).withBody(out));
    }

    private static Draft contentType(Draft d, SplittableRandom random) {
        String type = pick(CONTENT_TYPES, random);
        return d.with(d.request()
                .withMutation("content-type " + type)
                .withHeader("Content-Type", type.isEmpty() ? null : type));
    }

    private Draft badPath(Draft d, SplittableRandom random) {
        String path = d.request().path();
        String query = d.request().target().substring(path.length());
        String[] segments = path.split("/", -1);
        int i = 1 + random.nextInt(segments.length - 1);
        String junk = pick(PATH_JUNK, random);
        String what;
        switch (random.nextInt(4)) {
            case 0 -> {
                segments[i] = junk;
                what = "segment " + i + "=" + abbreviate(junk);
            }
            case 1 -> {
                segments[i] = segments[i] + junk;
                what = "segment " + i + "+=" + abbreviate(junk);
            }
            case 2 -> {
                segments[i] = segments[i].toUpperCase(Locale.ROOT);
                what = "segment " + i + " upper";
            }
            default -> {
                segments[i] = segments[i] + "/" + junk;
                what = "extra segment " + abbreviate(junk);
            }
        }
        return d.with(d.request().withMutation(what).withTarget(String.join("/", segments) + query));
    }

    private static Draft badQuery(Draft d, SplittableRandom random) {
        String junk =
                switch (random.nextInt(5)) {
                    case 0 -> "%zz=1";
                    case 1 -> "member_id=%";
                    case 2 -> "organization_id=%E0%A4%A&organization_id=x";
                    case 3 -> "limit=" + "9".repeat(40);
                    default -> "a=" + "b".repeat(10_000);
                };
        String target = d.request().target();
        return d.with(d.request()
                .withMutation("query " + abbreviate(junk))
                .withTarget(target + (target.contains("?") ? "&" : "?") + junk));
    }

    /** An id of the right shape that names nothing, or that names the other project's organization. */
    private Draft foreignId(Draft d, SplittableRandom random) {
        String field = anyField(d, random);
        String foreign =
                switch (random.nextInt(3)) {
                    case 0 -> world.otherProjectOrganization;
                    case 1 -> "organization-test-" + java.util.UUID.randomUUID();
                    default -> "member-test-" + java.util.UUID.randomUUID();
                };
        ObjectNode f = d.fields().deepCopy();
        f.put(field, foreign);
        Draft out = d.withFields(f, "foreign " + field);
        // and in the path, where the route has an id there
        String path = out.request().path();
        String replaced = path.replaceFirst("/(organization|member)-test-[0-9a-f-]{36}", "/" + foreign);
        return out.with(
                out.request().withTarget(replaced + out.request().target().substring(path.length())));
    }

    private Draft badAuth(Draft d, SplittableRandom random) {
        String publicToken = world.project.project().publicToken();
        String projectId = world.project.project().id();
        List<String> values = d.sdk()
                ? List.of(
                        ValidRequests.basic(publicToken, "session-test-garbage"),
                        ValidRequests.basic(publicToken, world.victim.string("session_token")),
                        ValidRequests.basic(world.otherProject.project().publicToken(), publicToken),
                        ValidRequests.basic(projectId, world.project.secret()),
                        ValidRequests.basic(publicToken, ""),
                        ValidRequests.basic(publicToken, world.mfa.string("intermediate_session_token")),
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)),
                        "Basic !!!",
                        "Bearer " + publicToken,
                        "")
                : List.of(
                        ValidRequests.basic(projectId, "wrong-secret"),
                        ValidRequests.basic(world.otherProject.project().id(), world.otherProject.secret()),
                        ValidRequests.basic(publicToken, publicToken),
                        ValidRequests.basic("", ""),
                        ValidRequests.basic("\u00fc\u0000", "\u00fc"),
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)),
                        "Basic !!!",
                        "Basic",
                        "Bearer " + world.project.secret(),
                        "");
        String value = pick(values, random);
        return d.with(d.request()
                .withMutation("auth " + abbreviate(value))
                .withHeader("Authorization", value.isEmpty() ? null : value));
    }

    private static Draft badOrigin(Draft d, SplittableRandom random) {
        String origin = pick(
                List.of(
                        "",
                        "https://evil.example",
                        "null",
                        "not a url",
                        FuzzWorld.ORIGIN + "/",
                        FuzzWorld.ORIGIN.toUpperCase(Locale.ROOT)),
                random);
        return d.with(
                d.request().withMutation("origin " + origin).withHeader("Origin", origin.isEmpty() ? null : origin));
    }

    private static Draft otherMethod(Draft d, SplittableRandom random) {
        String method = pick(METHODS, random);
        if (method.equals("DELETE") && !d.request().method().equals("DELETE")) {
            method = "PATCH"; // a DELETE on a GET's path would delete the world's own organization or member
        }
        FuzzRequest r = d.request().withMutation("method " + method).withMethod(method);
        if (method.equals("OPTIONS") && random.nextBoolean()) {
            r = r.withHeader("Access-Control-Request-Method", "POST")
                    .withHeader("Access-Control-Request-Headers", "authorization, content-type");
        }
        return d.with(r);
    }

    /** A body over the server's 1 MB limit. */
    private static Draft hugeBody(Draft d, SplittableRandom random) {
        String pad = "x".repeat(1_100_000);
        return d.withRawValue("pad", "\"" + pad + "\"", "huge body");
    }

    private static String abbreviate(String s) {
        String shown = s.length() > 24 ? s.substring(0, 24) + "…(" + s.length() + ")" : s;
        return shown.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n");
    }
}
