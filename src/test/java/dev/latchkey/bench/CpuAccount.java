package dev.latchkey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the CPU of a benchmark run went, from Linux's per-thread and per-process counters ({@code /proc}, user plus
 * system time): this JVM's threads grouped by what they do, and the embedded PostgreSQL's processes (this JVM's
 * descendants). Used to split a login's CPU into the Argon2 hash and everything else. Empty where there is no
 * {@code /proc}.
 */
final class CpuAccount {
    /** Linux's clock tick for these counters ({@code getconf CLK_TCK}; 100 on every Linux this runs on). */
    private static final double MS_PER_TICK = 10.0;

    enum Part {
        /** The hashing pool's threads ({@code argon2-*}). */
        ARGON2,
        /** The benchmark's own client threads and the JDK HttpClient they use. */
        CLIENT,
        /** The server's other threads: request handling, JDBC, GC, the JIT. */
        SERVER_OTHER,
        /** PostgreSQL's processes. */
        POSTGRES
    }

    private static volatile int postgresPort = -1;

    private CpuAccount() {}

    /** The CPU so far of every thread of this JVM and every PostgreSQL process, to compare with {@link #since}. */
    static Map<String, Counter> snapshot() {
        Map<String, Counter> counters = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                Stat s = Stat.read(task.resolve("stat"));
                if (s != null) {
                    counters.put("thread " + task.getFileName(), new Counter(partOf(s.name()), s.ticks()));
                }
            }
        } catch (IOException e) {
            return counters;
        }
        List<ProcessHandle> postgres = postgresProcesses();
        for (ProcessHandle p : postgres) {
            Stat s = Stat.read(Path.of("/proc", Long.toString(p.pid()), "stat"));
            if (s != null) {
                counters.put("process " + p.pid(), new Counter(Part.POSTGRES, s.ticks()));
            }
        }
        return counters;
    }

    /**
     * Milliseconds of CPU by part since {@code before}, of the threads and processes alive now (one that ended
     * in between is left out, which the benchmark's long-lived threads make rare).
     */
    static Map<Part, Double> since(Map<String, Counter> before) {
        Map<Part, Double> ms = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            ms.put(p, 0.0);
        }
        snapshot().forEach((key, now) -> {
            Counter then = before.get(key);
            long ticks = then == null || then.part() != now.part() ? now.ticks() : now.ticks() - then.ticks();
            ms.merge(now.part(), ticks * MS_PER_TICK, Double::sum);
        });
        return ms;
    }

    /** Prints where the CPU went, in milliseconds per call: the hash, the server's other work, PostgreSQL, client. */
    static void print(String call, Map<Part, Double> cpu, double calls) {
        double all = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(
                "  CPU per %s: %.1f ms in all; Argon2id %.1f ms (%.0f%%), server's other threads %.1f ms,"
                        + " PostgreSQL %.1f ms, the in-process client %.1f ms%n",
                call,
                all / calls,
                cpu.get(Part.ARGON2) / calls,
                all == 0 ? 0 : 100 * cpu.get(Part.ARGON2) / all,
                cpu.get(Part.SERVER_OTHER) / calls,
                cpu.get(Part.POSTGRES) / calls,
                cpu.get(Part.CLIENT) / calls);
    }

    record Counter(Part part, long ticks) {}

    /**
     * The postmaster listening on {@link #postgresPort} (pg_ctl starts it apart from this JVM, so it is found by its
     * arguments) and its backends.
     */
    private static List<ProcessHandle> postgresProcesses() {
        String port = Integer.toString(postgresPort);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                .filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(port))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .toList();
    }

    /** The port of the PostgreSQL whose processes count as {@link Part#POSTGRES}. */
    static void watchPostgres(String jdbcUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/").matcher(jdbcUrl);
        postgresPort = m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static Part partOf(String thread) {
        if (thread.startsWith("argon2-")) {
            return Part.ARGON2;
        }
        if (thread.startsWith("bench-client") || thread.startsWith("HttpClient")) {
            return Part.CLIENT;
        }
        return Part.SERVER_OTHER;
    }

    private record Stat(String name, long ticks) {
        static Stat read(Path stat) {
            try {
                String s = Files.readString(stat);
                String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return new Stat(name, Long.parseLong(f[11]) + Long.parseLong(f[12])); // utime, stime
            } catch (IOException | RuntimeException e) {
                return null; // the thread or process ended meanwhile
            }
        }
    }
}
