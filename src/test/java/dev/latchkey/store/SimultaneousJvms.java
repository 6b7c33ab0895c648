package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test JVMs that do one thing at the same moment (two servers starting on one machine): each runs a main class,
 * meets the others at a barrier of files in a shared directory, does its work and prints one result line.
 */
final class SimultaneousJvms {
    private static final String STARTED = "started-";

    private SimultaneousJvms() {}

    /**
     * Starts {@code count} JVMs running {@code main} with {@code args}, waits for each (at most
     * {@code timeoutSeconds}), checks that each exited 0, and returns each one's first line that starts with
     * {@code resultPrefix}.
     */
    static List<String> run(Class<?> main, int count, long timeoutSeconds, String resultPrefix, String... args)
            throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    main.getName()));
            command.addAll(List.of(args));
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        List<String> results = new ArrayList<>();
        for (Process p : processes) {
            assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            results.add(out.lines()
                    .filter(l -> l.startsWith(resultPrefix))
                    .findFirst()
                    .orElseThrow());
        }
        return results;
    }

    /**
     * Called in each JVM: announces it in {@code dir}, then waits until {@code count} have (a start barrier across
     * processes, by polling: there is no clock to move here, only other processes to wait for).
     */
    static void awaitOthers(Path dir, int count) throws IOException, InterruptedException {
        Files.createFile(dir.resolve(STARTED + ProcessHandle.current().pid()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (started(dir) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the other processes never started");
            }
            Thread.sleep(5);
        }
    }

    private static long started(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(STARTED)).count();
        }
    }
}
