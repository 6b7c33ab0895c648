package dev.latchkey.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code latchkey serve} in a JVM of its own (this test JVM's java and class path), so that a test can kill it as
 * an operator or the OOM killer would; its output is kept for assertions and failure messages.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Latchkey listening on port (\\d+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::readOutput);
    }

    /** Starts the server with {@code environment} (on top of nothing else) and waits until it listens. */
    static ServerProcess start(Map<String, String> environment, Duration timeout) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.latchkey.cli.Main",
                        "serve")
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        ServerProcess server;
        try {
            server = new ServerProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.awaitListening(timeout);
        return server;
    }

    private void awaitListening(Duration timeout) {
        try {
            CompletableFuture.anyOf(port, process.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported below with the output
        }
        if (!port.isDone()) {
            process.destroyForcibly();
            throw new AssertionError("the server did not start within " + timeout + "; its output:\n" + output());
        }
    }

    private void readOutput() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            output.add("(output lost: " + e + ")");
        }
    }

    int port() {
        return port.join();
    }

    String output() {
        return String.join("\n", output);
    }

    /** SIGKILL to the JVM alone: no shutdown hook runs, and a child it did not wait for lives on. */
    void kill() {
        process.toHandle().destroyForcibly();
        waitForExit();
    }

    /** SIGTERM, as Ctrl-C or an orchestrator stops it; returns the exit code. */
    int stop() {
        process.destroy();
        return waitForExit();
    }

    private int waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the server did not exit; its output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
