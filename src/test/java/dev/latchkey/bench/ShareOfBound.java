package dev.latchkey.bench;

import dev.latchkey.password.HashRate;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The password login's share of the hash bound (issue 12), and the share of the floor under any login
 * ({@link HashFloor}), measured in alternating windows: bound, login, floor, bound, login, floor, ..., bound. The
 * machine this is measured on changes speed by a third within minutes (other load on its host), so a bound measured
 * a minute away from the login it is compared with is off by as much as the difference sought. Each login and floor
 * window is compared with the mean of the bounds just before and just after it, and the median share is reported.
 */
final class ShareOfBound {
    private final int clients;
    private final Duration window;
    private final List<Double> bounds = new ArrayList<>();
    private final Calls logins;
    private final Calls floors;

    private ShareOfBound(int clients, Duration window, Calls logins, Calls floors) {
        this.clients = clients;
        this.window = window;
        this.logins = logins;
        this.floors = floors;
    }

    /** Measures {@code windows} rounds of bound, login and floor, then a last bound, and prints the shares. */
    static void measure(
            int clients, int windows, Duration window, IntFunction<TestServer.Response> login, HashFloor floor)
            throws Exception {
        ShareOfBound s = new ShareOfBound(clients, window, new Calls(login), new Calls(i -> floor.verify()));
        s.bounds.add(s.bound());
        for (int w = 0; w < windows; w++) {
            s.measure(s.logins);
            s.measure(s.floors);
            s.bounds.add(s.bound());
        }
        s.print();
    }

    private double bound() {
        return HashRate.measure(
                        PasswordHasher.Argon2Params.OWASP,
                        Runtime.getRuntime().availableProcessors(),
                        Duration.ZERO,
                        window)
                .perSecond();
    }

    /**
     * One window of {@code calls} from {@link #clients} clients: the rate counts the calls completed within it; the
     * calls still in flight at its end are waited for, so that the next window starts on an idle server, and their
     * CPU is counted with the others'.
     */
    private void measure(Calls calls) throws Exception {
        Map<String, CpuAccount.Counter> before = CpuAccount.snapshot();
        long deadline = System.nanoTime() + window.toNanos();
        List<Future<long[]>> counts = new ArrayList<>();
        long inWindow = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(
                clients, Thread.ofPlatform().name("bench-client-", 1).factory())) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                counts.add(pool.submit(() -> {
                    long within = 0;
                    long all = 0;
                    for (int i = client; System.nanoTime() < deadline; i += clients) {
                        TestServer.Response r = calls.call.apply(i);
                        if (r.status() != 200) {
                            throw new IllegalStateException(r.status() + " " + r.text());
                        }
                        all++;
                        if (System.nanoTime() <= deadline) {
                            within++;
                        }
                    }
                    return new long[] {within, all};
                }));
            }
            for (Future<long[]> f : counts) {
                long[] n = f.get();
                inWindow += n[0];
                calls.count += n[1];
            }
        }
        CpuAccount.since(before).forEach((part, ms) -> calls.cpu.merge(part, ms, Double::sum));
        calls.rates.add(inWindow / (window.toNanos() / 1e9));
    }

    private void print() {
        List<Double> loginShares = new ArrayList<>();
        List<Double> floorShares = new ArrayList<>();
        System.out.printf(
                "share of the hash bound, %d alternating windows of %d s (bound | login | floor):%n",
                logins.rates.size(), window.toSeconds());
        for (int w = 0; w < logins.rates.size(); w++) {
            double bound = (bounds.get(w) + bounds.get(w + 1)) / 2;
            loginShares.add(logins.rates.get(w) / bound);
            floorShares.add(floors.rates.get(w) / bound);
            System.out.printf(
                    "  %.1f hashes/s | login %.1f/s (%.0f%%) | floor %.1f/s (%.0f%%) | %.1f hashes/s%n",
                    bounds.get(w),
                    logins.rates.get(w),
                    100 * loginShares.get(w),
                    floors.rates.get(w),
                    100 * floorShares.get(w),
                    bounds.get(w + 1));
        }
        System.out.printf(
                "password login: %.0f%% of the hash bound (median of the windows); the floor (one hash per HTTP"
                        + " request, nothing else): %.0f%%%n",
                100 * median(loginShares), 100 * median(floorShares));
        CpuAccount.print("login", logins.cpu, logins.count);
        CpuAccount.print("floor request", floors.cpu, floors.count);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One kind of call across the windows: its rate in each, and its CPU and number of calls in all. */
    private static final class Calls {
        final IntFunction<TestServer.Response> call;
        final List<Double> rates = new ArrayList<>();
        final Map<CpuAccount.Part, Double> cpu = new EnumMap<>(CpuAccount.Part.class);
        long count;

        Calls(IntFunction<TestServer.Response> call) {
            this.call = call;
            for (CpuAccount.Part p : CpuAccount.Part.values()) {
                cpu.put(p, 0.0);
            }
        }
    }
}
