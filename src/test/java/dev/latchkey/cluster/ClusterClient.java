package dev.latchkey.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of several Latchkey nodes as a load balancer without health checks would be: each call goes to the next
 * node in turn, and a connection error (refused, reset, timed out) sends it on to the next one. It counts what it
 * saw: answers, connection errors, and every 5xx, kept apart when it came from a node the test is stopping
 * ({@link #stopping}), whose refusals during its drain are expected.
 */
final class ClusterClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 40;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<LatchkeyNode> nodes;
    private final String authorization;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong connectionErrors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> drainRefusals = new ConcurrentLinkedQueue<>();
    private final Set<LatchkeyNode> stopping = ConcurrentHashMap.newKeySet();

    ClusterClient(List<LatchkeyNode> nodes, String projectId, String projectSecret) {
        this.nodes = List.copyOf(nodes);
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((projectId + ":" + projectSecret).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An answer of one node; {@code retried} when an earlier attempt of the same call lost its connection, so that
     * attempt may have been done (a create then finds its own row, a single-use token finds itself spent).
     */
    record Answer(LatchkeyNode node, int status, JsonNode json, String text, boolean retried) {
        Answer retry() {
            return new Answer(node, status, json, text, true);
        }

        String at(String pointer) {
            JsonNode n = json == null ? null : json.at(pointer);
            return n == null || n.isMissingNode() ? null : n.asText();
        }

        String errorType() {
            return at("/error_type");
        }

        boolean ok() {
            return status == 200;
        }
    }

    /** A JSON object of alternating keys and values. */
    static String json(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    List<LatchkeyNode> nodes() {
        return nodes;
    }

    /**
     * Sends the call to the next node, and on a connection error to the one after, until one answers. A call whose
     * connection broke may have been done by the node that broke it: its outcome is unknown, so a write is counted
     * as acknowledged only by the answer this returns.
     */
    Answer call(String method, String path, String body) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            LatchkeyNode node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
            Optional<Answer> answer = callOn(node, method, path, body);
            if (answer.isPresent()) {
                return attempt == 0 ? answer.get() : answer.get().retry();
            }
            PostgresServer.pause(50);
        }
        throw new IllegalStateException("no node answered " + method + " " + path + " in " + ATTEMPTS + " attempts");
    }

    Answer post(String path, Object... keysAndValues) {
        return call("POST", path, json(keysAndValues));
    }

    /** Sends the call to {@code node} only; empty when the connection failed. */
    Optional<Answer> callOn(LatchkeyNode node, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(node.base().resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            answers.incrementAndGet();
            Answer a = new Answer(node, r.statusCode(), parse(r.body()), r.body(), false);
            if (a.status() >= 500) {
                String what = node + " " + method + " " + path + " -> " + a.status() + " " + a.text();
                (a.status() == 503 && stopping.contains(node) ? drainRefusals : serverErrors).add(what);
            }
            return Optional.of(a);
        } catch (IOException e) {
            connectionErrors.incrementAndGet();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Optional<Answer> postOn(LatchkeyNode node, String path, Object... keysAndValues) {
        return callOn(node, "POST", path, json(keysAndValues));
    }

    /** Marks a node the test is about to stop (SIGTERM), until {@link #running}. */
    void stopping(LatchkeyNode node) {
        stopping.add(node);
    }

    void running(LatchkeyNode node) {
        stopping.remove(node);
    }

    long answers() {
        return answers.get();
    }

    long connectionErrors() {
        return connectionErrors.get();
    }

    /** Every 5xx answered by a node the test was not stopping. */
    List<String> serverErrors() {
        return new ArrayList<>(serverErrors);
    }

    /** Every 503 answered by a node while the test was stopping it. */
    List<String> drainRefusals() {
        return new ArrayList<>(drainRefusals);
    }

    private static JsonNode parse(String body) {
        if (body == null || !body.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
