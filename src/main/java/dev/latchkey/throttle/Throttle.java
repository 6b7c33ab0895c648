package dev.latchkey.throttle;

import dev.latchkey.crypto.Digests;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;

/**
 * The throttles of every send and every guessable check (issue 8): fixed-window counters in PostgreSQL, so every
 * node shares them, each counted by one upsert, so parallel requests cannot slip past a limit. A request over a
 * limit is refused with {@code too_many_requests} (429) and a {@code Retry-After} of the seconds left in the
 * window. Counters are per project; addresses, numbers and IPs are stored only as SHA-256 digests.
 *
 * <p>Where each is counted: a guess ({@link #guess}) by the route, once, before the service, committed on its own so
 * a failed guess stays counted and whether or not the address belongs to a member; a send per client IP
 * ({@link #sendFrom}) by the route too; a send per address ({@link #sendTo}, {@link #sms}) by the service inside
 * the sending transaction, once the request is valid, so bad input costs nothing and a refused send leaves no
 * trace. This folds in the one-per-second send limit of DESIGN.md.
 */
public final class Throttle {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Database db;
    private final ThrottleStore store;
    private final ThrottleLimits limits;
    private final Clock clock;
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.MIN);

    public Throttle(Database db, ThrottleStore store, ThrottleLimits limits, Clock clock) {
        this.db = db;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * The throttle subject of an organization's member, named by member id or email address: the unit a guess
     * attacks (and the lockout counts), so guesses at one organization's member do not spend another's.
     */
    public static String member(String organizationId, String memberId) {
        return "member:" + organizationId + "/" + memberId;
    }

    private record Rule(String name, int limit, Duration window) {}

    /**
     * Counts a send request from {@code clientIp}, before the endpoint's work. Raises {@code too_many_requests} when
     * the IP is over its limit.
     */
    public void sendFrom(Project project, String clientIp) {
        check(project, clientIp, List.of(new Rule("send-ip", limits.sendsPerIpMinute(), MINUTE)));
    }

    /**
     * Counts a message about to be sent to {@code address}, inside the sending transaction once the request is
     * known to be valid (a refused request rolls the count back with everything else). Raises
     * {@code too_many_requests} when the address had its messages of the second, minute or hour.
     */
    public void sendTo(Handle h, Project project, String address) {
        count(h, project, address, new Rule("send-address-s", limits.sendsPerAddressSecond(), SECOND));
        count(h, project, address, new Rule("send-address-m", limits.sendsPerAddressMinute(), MINUTE));
        count(h, project, address, new Rule("send-address-h", limits.sendsPerAddressHour(), HOUR));
    }

    /**
     * Counts an SMS code about to be sent to {@code e164Phone}, inside the sending transaction: the per-minute limit
     * of an address, and the hourly cap per number against SMS pumping (below the hourly limit of an email
     * address). There is no per-second limit: enrolling a phone and logging in at once (which pre-sends a code) is a
     * real user's pace. Raises {@code too_many_requests}.
     */
    public void sms(Handle h, Project project, String e164Phone) {
        count(h, project, e164Phone, new Rule("send-address-m", limits.sendsPerAddressMinute(), MINUTE));
        count(h, project, e164Phone, new Rule("sms-number-h", limits.smsPerNumberHour(), HOUR));
    }

    /**
     * Counts one guess (a password, or an OTP, TOTP or recovery code) against {@code subject} (an email address,
     * or an organization's member) from {@code clientIp}, committed at once so a failed guess stays counted.
     * Raises {@code too_many_requests} when the IP or the subject is over its limit.
     */
    public void guess(Project project, String subject, String clientIp) {
        Rule ip = new Rule("guess-ip", limits.guessesPerIpMinute(), MINUTE);
        Rule address = new Rule("guess-address", limits.guessesPerAddressMinute(), MINUTE);
        Window window = Window.of(clock.instant(), MINUTE);
        // One statement for both: the subject is counted only when the IP was within its limit, as when they were
        // two statements with the IP's first (a refused IP spends nothing of the subject's).
        ThrottleStore.Counts counts = db.withHandle(h -> store.hitUnless(
                h, project.id(), key(ip, clientIp), ip.limit(), key(address, subject), window.start(), window.end()));
        if (counts.first() > ip.limit()) {
            throw tooMany(window);
        }
        if (counts.second() > address.limit()) {
            throw tooMany(window);
        }
        prune();
    }

    /** A fixed window: the one of {@code length} that holds {@code now}, and {@code now} itself. */
    private record Window(Instant now, Instant start, Instant end) {
        static Window of(Instant now, Duration length) {
            long seconds = length.toSeconds();
            Instant start = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds);
            return new Window(now, start, start.plus(length));
        }
    }

    private static String key(Rule rule, String value) {
        return rule.name() + ":" + Digests.sha256Hex(normalize(value));
    }

    private static ApiException tooMany(Window window) {
        Duration left = Duration.between(window.now(), window.end());
        long retryAfter = left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0);
        return new ApiException(
                ErrorType.TOO_MANY_REQUESTS,
                "Too many requests; try again in " + retryAfter + " second" + (retryAfter == 1 ? "" : "s") + ".",
                Duration.ofSeconds(retryAfter));
    }

    private void check(Project project, String value, List<Rule> rules) {
        db.withHandle(h -> {
            for (Rule rule : rules) {
                count(h, project, value, rule);
            }
            return null;
        });
        prune();
    }

    private void count(Handle h, Project project, String value, Rule rule) {
        Window window = Window.of(clock.instant(), rule.window());
        if (store.hit(h, project.id(), key(rule, value), window.start(), window.end()) > rule.limit()) {
            throw tooMany(window);
        }
    }

    private static String normalize(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Drops ended windows at most once a minute per node, so the table stays small. It deletes every project's
     * ended windows: housekeeping that reads no tenant's data and must reach projects that went quiet.
     */
    private void prune() {
        Instant now = clock.instant();
        Instant last = lastPrune.get();
        if (now.isBefore(last.plus(PRUNE_EVERY)) || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        db.withHandle(h -> store.prune(h, now));
    }
}
