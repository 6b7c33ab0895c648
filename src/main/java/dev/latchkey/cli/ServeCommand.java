package dev.latchkey.cli;

import dev.latchkey.app.Application;
import dev.latchkey.app.Config;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Serves HTTP until interrupted; Ctrl-C stops the server and the embedded database cleanly. */
@Command(name = "serve", description = "Start the server (the default).")
final class ServeCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @ParentCommand
    Main main;

    @Override
    public void run() {
        Config config = main.config();
        long started = System.nanoTime();
        Application app = Application.start(config, Clock.systemUTC());
        LOG.info(
                "Latchkey listening on port {} (ready in {} ms)",
                app.port(),
                (System.nanoTime() - started) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            app.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
