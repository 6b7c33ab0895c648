package dev.latchkey.delivery;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, on every node. One poller thread claims due messages in a short transaction (as many as
 * there are free senders, {@code FOR UPDATE SKIP LOCKED}, with a lease) and hands each to a sender thread, which
 * calls the provider with no transaction open and records the outcome in a second short transaction: sent, due
 * again after an exponential backoff, or dead after the last try. Requests never wait on a provider, and a
 * provider that hangs ties up only senders (until its timeouts), never a database connection.
 *
 * <p>Delivery is at least once. A node that dies between claim and outcome leaves its messages claimed until their
 * lease lapses; then any node claims them again. The outcome is recorded only under the claim that sent it, so a
 * worker whose lease lapsed cannot overwrite a newer claim's result.
 */
public final class OutboxWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final long COUNTS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    private static final long PRUNE_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int MAX_ERROR_LENGTH = 500;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Database db;
    private final OutboxStore store;
    private final SealedBodies bodies;
    private final Delivery providers;
    private final OutboxConfig config;
    private final OutboxMetrics metrics;
    private final Clock clock;
    private final String node;
    private final List<String> channels;
    private final Semaphore freeSenders;
    private final ExecutorService senders;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private final Thread poller;
    private volatile boolean running = true;
    private boolean databaseDown;
    private long countsAt = Long.MIN_VALUE;
    private long prunedAt = Long.MIN_VALUE;

    public OutboxWorker(
            Database db,
            OutboxStore store,
            SecretBox box,
            Delivery providers,
            OutboxConfig config,
            OutboxMetrics metrics,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.bodies = new SealedBodies(box);
        this.providers = providers;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.node = nodeName();
        // A node without a provider for a channel leaves its messages to nodes that have one.
        List<String> served = new ArrayList<>();
        providers.email().ifPresent(p -> served.add("email"));
        providers.sms().ifPresent(p -> served.add("sms"));
        this.channels = List.copyOf(served);
        this.freeSenders = new Semaphore(config.senders());
        this.senders = Executors.newFixedThreadPool(config.senders(), r -> daemon(r, "outbox-sender-"));
        this.poller = daemon(this::poll, "outbox-poller-");
    }

    /** Starts polling. */
    public void start() {
        poller.start();
        LOG.info("outbox worker {} started: {} senders for {}", node, config.senders(), channels);
    }

    /** Makes the poller look for due messages now instead of at its next poll. */
    public void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    /**
     * Stops claiming, and gives messages being sent a few seconds to finish; any still in flight are claimed again
     * after their lease, by this node's successor or another.
     */
    @Override
    public void close() {
        running = false;
        wake();
        senders.shutdown();
        try {
            if (poller.getState() != Thread.State.NEW) {
                poller.join(Duration.ofSeconds(2));
            }
            if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
    }

    private void poll() {
        while (running) {
            int claimed = 0;
            try {
                claimed = claimAndHandOut();
                housekeeping();
                if (databaseDown) {
                    databaseDown = false;
                    LOG.info("outbox worker {}: database reachable again", node);
                }
            } catch (RuntimeException e) {
                if (!databaseDown) {
                    LOG.warn("outbox worker {} cannot reach the database, will keep trying: {}", node, e.toString());
                }
                databaseDown = true;
            }
            // A full batch suggests more are due: look again at once, unless every sender is busy.
            if (claimed == 0 || freeSenders.availablePermits() == 0) {
                awaitWork();
            }
        }
    }

    private int claimAndHandOut() {
        int free = freeSenders.availablePermits();
        if (free == 0 || !running || channels.isEmpty()) {
            return 0;
        }
        String claim = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<QueuedMessage> due =
                db.inTransaction(h -> store.claim(h, claim, node, channels, free, now, now.plus(config.lease())));
        for (QueuedMessage m : due) {
            freeSenders.acquireUninterruptibly();
            try {
                senders.execute(() -> {
                    try {
                        deliver(m, claim);
                    } finally {
                        freeSenders.release();
                        wake();
                    }
                });
            } catch (RejectedExecutionException e) {
                freeSenders.release(); // shutting down: the lease brings the message back
            }
        }
        return due.size();
    }

    private void deliver(QueuedMessage m, String claim) {
        try {
            send(m);
        } catch (RuntimeException e) {
            failed(m, claim, e);
            return;
        }
        try {
            if (!db.inTransaction(h -> store.markSent(h, m.id(), claim, clock.instant()))) {
                LOG.warn("outbox {} was sent after its claim lapsed; it may be delivered twice", m.id());
            }
            metrics.attempt(m.channel(), "sent");
        } catch (RuntimeException e) {
            LOG.warn("outbox {} was sent but not recorded ({}); it will be sent again", m.id(), e.toString());
        }
    }

    private void send(QueuedMessage m) {
        SealedBodies.Body body = bodies.open(m.projectId(), m.id(), m.body());
        if (m.channel().equals("email")) {
            providers
                    .email()
                    .orElseThrow(() -> new DeliveryException("no SMTP server is configured"))
                    .send(
                            m.projectId(),
                            new EmailMessage(
                                    m.recipient(), body.subject(), body.text(), body.html(), null, null, null));
        } else {
            providers
                    .sms()
                    .orElseThrow(() -> new DeliveryException("no SMS provider is configured"))
                    .send(m.projectId(), new SmsMessage(m.recipient(), body.text(), null));
        }
    }

    private void failed(QueuedMessage m, String claim, RuntimeException e) {
        boolean last = m.attempts() >= config.maxAttempts();
        Instant now = clock.instant();
        Instant retryAt = last ? null : now.plus(config.backoff(m.attempts()));
        String error = describe(e);
        LOG.warn(
                "outbox {} ({} to {}, project {}) try {} of {} failed: {}; {}",
                m.id(),
                m.channel(),
                m.recipient(),
                m.projectId(),
                m.attempts(),
                config.maxAttempts(),
                error,
                last ? "dead" : "retry at " + retryAt);
        metrics.attempt(m.channel(), last ? "dead" : "failed");
        try {
            db.inTransaction(h -> store.markFailed(h, m.id(), claim, error, retryAt, now));
        } catch (RuntimeException recording) {
            LOG.warn("outbox {}: failure not recorded ({}); retried after its lease", m.id(), recording.toString());
        }
    }

    /** Refreshes the gauges every few seconds and deletes old finished rows every minute. */
    private void housekeeping() {
        long nanos = System.nanoTime();
        if (nanos - countsAt >= COUNTS_EVERY_NANOS || countsAt == Long.MIN_VALUE) {
            metrics.counts(db.withHandle(store::counts));
            countsAt = nanos;
        }
        if (nanos - prunedAt >= PRUNE_EVERY_NANOS || prunedAt == Long.MIN_VALUE) {
            int pruned = db.inTransaction(h -> store.prune(h, clock.instant().minus(config.retention())));
            if (pruned > 0) {
                LOG.info("outbox: deleted {} sent or dead messages older than {}", pruned, config.retention());
            }
            prunedAt = nanos;
        }
    }

    private void awaitWork() {
        try {
            wakeUps.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** The failure as logged and stored: exception types and messages, which never hold the body. */
    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.length() > MAX_ERROR_LENGTH ? b.substring(0, MAX_ERROR_LENGTH) : b.toString();
    }

    private static String nodeName() {
        // No reverse DNS look-up: on a badly configured host it can hang start-up.
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        return host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
