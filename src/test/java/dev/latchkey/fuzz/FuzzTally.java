package dev.latchkey.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a fuzz run saw: answers by status and route, and every broken promise, the first of each kind in full. */
final class FuzzTally {
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, int[]> byRoute = new TreeMap<>();
    private final Map<String, String> firstFailureByKind = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int sent;

    private final Map<String, Integer> validRefused = new TreeMap<>();

    void answered(FuzzRequest request, RawHttp.Answer answer) {
        int status = answer.status();
        if (request.mutation().equals("valid") && status >= 300) {
            String type = answer.text().replaceAll(".*\"error_type\":\"([a-z_]+)\".*", "$1");
            validRefused.merge(request.route() + " " + status + " " + type, 1, Integer::sum);
        }
        sent++;
        byStatus.merge(status, 1, Integer::sum);
        int[] counts = byRoute.computeIfAbsent(request.route(), k -> new int[2]);
        counts[status < 300 ? 0 : 1]++;
    }

    void failed(FuzzRequest request, RawHttp.Answer answer, String why) {
        failures.add(why);
        String kind = request.route() + " | " + why.replaceAll("[0-9a-f-]{36}", "<id>");
        firstFailureByKind.putIfAbsent(
                kind.length() > 160 ? kind.substring(0, 160) : kind,
                why + "\n    request: " + request.describe() + "\n    answer: " + answer.status() + " "
                        + ResponseContract.abbreviate(answer.text()));
    }

    private final Map<String, long[]> timeByRoute = new TreeMap<>();

    void timed(FuzzRequest request, long sendNanos, long fingerprintNanos) {
        long[] t = timeByRoute.computeIfAbsent(request.route(), k -> new long[2]);
        t[0] += sendNanos;
        t[1] += fingerprintNanos;
    }

    String timings() {
        StringBuilder s = new StringBuilder();
        long send = 0, fp = 0;
        for (var e : timeByRoute.entrySet()) {
            send += e.getValue()[0];
            fp += e.getValue()[1];
        }
        s.append("send ms ")
                .append(send / 1_000_000)
                .append(" fingerprint ms ")
                .append(fp / 1_000_000)
                .append('\n');
        timeByRoute.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(12)
                .forEach(e -> s.append("  ")
                        .append(e.getKey())
                        .append(' ')
                        .append(e.getValue()[0] / 1_000_000)
                        .append('\n'));
        return s.toString();
    }

    int sent() {
        return sent;
    }

    List<String> failures() {
        return failures;
    }

    /** Routes that answered only refusals: their success paths were never reached. */
    List<String> routesNeverSucceeded() {
        return byRoute.entrySet().stream()
                .filter(e -> e.getValue()[0] == 0)
                .map(Map.Entry::getKey)
                .toList();
    }

    int routes() {
        return byRoute.size();
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append("fuzz: ")
                .append(sent)
                .append(" requests over ")
                .append(byRoute.size())
                .append(" routes; by status ")
                .append(byStatus)
                .append('\n');
        s.append("fuzz: routes never answered 2xx: ")
                .append(routesNeverSucceeded())
                .append('\n');
        s.append("fuzz: unmutated requests refused (route, status, error_type: count): ")
                .append(validRefused)
                .append('\n');
        s.append("fuzz: ")
                .append(failures.size())
                .append(" broken promises in ")
                .append(firstFailureByKind.size())
                .append(" kinds\n");
        firstFailureByKind.values().stream()
                .limit(40)
                .forEach(f -> s.append("  - ").append(f).append('\n'));
        return s.toString();
    }
}
