package dev.latchkey.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, not as an exit: the JVM's default handler runs the shutdown hooks and
 * exits 143, with the process already on its way out. Handled here, the server stops taking requests, finishes those
 * in flight, closes the database, and {@code latchkey serve} exits 0, as an orchestrator expects of a clean stop.
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a signal; where it refuses
 * one, the shutdown hook still closes the server.
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {}

    /** Calls {@code onStop} (on a JVM signal thread) when the process gets SIGTERM or SIGINT. */
    static void install(Runnable onStop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received", name);
                    onStop.run();
                });
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot handle SIG{}; the shutdown hook will stop the server", name);
            }
        }
    }
}
