package dev.latchkey.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Latchkey server as production runs it: its own JVM ({@code dev.latchkey.cli.Main serve} on this test's class
 * path), its own port and data directory, configured only by {@code LATCHKEY_*} variables. It can be killed with
 * SIGKILL, stopped with SIGTERM and started again on the same port, so clients that hold its address find it back.
 * Its output goes to {@code target/cluster-logs/NAME.log}.
 */
final class LatchkeyNode implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private volatile Process process;

    /** A node (not yet started) with {@code environment} added to the variables every node gets. */
    LatchkeyNode(String name, Map<String, String> environment) {
        this.name = name;
        this.port = PostgresServer.freePort();
        this.environment = new HashMap<>(environment);
        try {
            this.environment.put(
                    "LATCHKEY_DATA_DIR",
                    Files.createTempDirectory("latchkey-" + name).toString());
            Path logs = Path.of("target", "cluster-logs");
            Files.createDirectories(logs);
            this.log = logs.resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.environment.put("LATCHKEY_HOST", "127.0.0.1");
        this.environment.put("LATCHKEY_PORT", Integer.toString(port));
    }

    String name() {
        return name;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the JVM and returns once {@code /readyz} answers 200; fails if the process exits first. */
    void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.latchkey.cli.Main",
                "serve"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("LATCHKEY_"));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (ready()) {
                return;
            }
            PostgresServer.pause(100);
        }
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; see " + log);
    }

    /** SIGKILL: the JVM dies at once, with whatever it had in flight. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the node's own shutdown runs. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private boolean ready() {
        try {
            HttpResponse<Void> r = HTTP.send(
                    HttpRequest.newBuilder(base().resolve("/readyz"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
        PostgresServer.deleteTree(Path.of(environment.get("LATCHKEY_DATA_DIR")));
    }

    @Override
    public String toString() {
        return name;
    }
}
