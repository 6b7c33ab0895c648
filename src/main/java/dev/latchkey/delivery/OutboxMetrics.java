package dev.latchkey.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox in Prometheus: {@code latchkey_outbox_messages{status="pending"|"dead"}} (gauges, refreshed by the
 * worker every few seconds so a scrape never waits on the database) and
 * {@code latchkey_outbox_attempts_total{channel, result="sent"|"failed"|"dead"}} (a try that was accepted, failed
 * and will be retried, or failed for the last time).
 */
public final class OutboxMetrics {
    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();

    public OutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("latchkey.outbox.messages", pending, AtomicLong::get)
                .description("outbox messages waiting for delivery")
                .tag("status", "pending")
                .register(registry);
        Gauge.builder("latchkey.outbox.messages", dead, AtomicLong::get)
                .description("outbox messages that failed every try")
                .tag("status", "dead")
                .register(registry);
    }

    void counts(Map<QueuedMessage.Status, Long> counts) {
        pending.set(counts.getOrDefault(QueuedMessage.Status.PENDING, 0L));
        dead.set(counts.getOrDefault(QueuedMessage.Status.DEAD, 0L));
    }

    void attempt(String channel, String result) {
        Counter.builder("latchkey.outbox.attempts")
                .description("outbox delivery tries by outcome")
                .tag("channel", channel)
                .tag("result", result)
                .register(registry)
                .increment();
    }
}
