package dev.latchkey.cli;

import dev.latchkey.app.Application;
import dev.latchkey.app.Config;
import dev.latchkey.app.HeapTuning;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Serves HTTP until SIGTERM or SIGINT (Ctrl-C), then stops gracefully: no new requests, those in flight finish within
 * {@code LATCHKEY_SHUTDOWN_GRACE_SECONDS}, then the pool and the embedded database close and the process exits 0.
 */
@Command(name = "serve", description = "Start the server (the default).")
final class ServeCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @ParentCommand
    Main main;

    @Override
    public void run() {
        Config config = main.config();
        long started = System.nanoTime();
        HeapTuning.applyAtStart(main.environment()); // issue 12: a plain java -jar gives unused heap back
        Application app = Application.start(config, Clock.systemUTC());
        LOG.info(
                "Latchkey listening on port {} (ready in {} ms)",
                app.port(),
                (System.nanoTime() - started) / 1_000_000);
        CountDownLatch stopRequested = new CountDownLatch(1);
        StopSignals.install(stopRequested::countDown);
        // Any other way out (System.exit elsewhere, SIGHUP) still stops HTTP before the database; close() runs once.
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "latchkey-shutdown"));
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(
                "stopping: no new requests, those in flight get up to {} s",
                config.serverLimits().shutdownGrace().toSeconds());
        long stopping = System.nanoTime();
        app.close();
        LOG.info("stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
    }
}
