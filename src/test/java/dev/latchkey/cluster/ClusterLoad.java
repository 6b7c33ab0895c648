package dev.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Password;
import dev.latchkey.cluster.ClusterClient.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The mixed load of the cluster test, and its ledger of what the nodes acknowledged. Each round of a client is one
 * of four scenarios: organization and member writes (create, then rename), a password login whose session is checked
 * on other nodes and sometimes revoked, an SMS second factor whose one code is presented to every node at once, and a
 * magic link whose one token is presented to every node at once. A round stops at the first unexpected answer (kept
 * as an anomaly) or 5xx (kept by the {@link ClusterClient}).
 */
final class ClusterLoad {
    static final String PASSWORD = "correct horse battery staple 42!";
    static final String REDIRECT_URL = "http://localhost:3000/l";
    /** How long a revoked session may still be accepted by another node (issue 11: "within one second"). */
    static final long REVOCATION_WINDOW_MILLIS = 1000;

    private final ClusterClient client;
    private final DevMessages messages;
    private final String passwordHash;
    private final String optionalOrg;
    private final String mfaOrg;
    private final List<String> loginEmails;
    private final AtomicInteger sequence = new AtomicInteger();

    /** What the nodes acknowledged and what went wrong, filled in as the load runs. */
    final LoadLedger ledger = new LoadLedger();

    private final AtomicLong rounds = new AtomicLong();
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean keepGoing = true;
    private ExecutorService pool;

    /** A round ended early; what went wrong is already recorded. */
    private static final class RoundFailed extends RuntimeException {
        RoundFailed() {
            super(null, null, false, false);
        }
    }

    private ClusterLoad(
            ClusterClient client,
            DevMessages messages,
            String passwordHash,
            String optionalOrg,
            String mfaOrg,
            List<String> loginEmails) {
        this.client = client;
        this.messages = messages;
        this.passwordHash = passwordHash;
        this.optionalOrg = optionalOrg;
        this.mfaOrg = mfaOrg;
        this.loginEmails = List.copyOf(loginEmails);
    }

    /**
     * A load on {@code cluster}: an organization with optional MFA holding {@code loginMembers} members who log in
     * with a password, and one that requires MFA for the members the SMS rounds create.
     */
    static ClusterLoad prepare(Cluster cluster, DevMessages messages, int loginMembers) {
        String optionalOrg = cluster.organization("OPTIONAL");
        ClusterLoad load = new ClusterLoad(
                cluster.client(),
                messages,
                Password.hash(PASSWORD).withBcrypt().getResult(),
                optionalOrg,
                cluster.organization("REQUIRED_FOR_ALL"),
                IntStream.range(0, loginMembers)
                        .mapToObj(i -> email("login", i))
                        .toList());
        load.loginEmails.forEach(email -> load.migrated(optionalOrg, email));
        return load;
    }

    /** Starts {@code clients} threads of rounds, which go on until {@link #finish}. */
    void start(int clients) {
        pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                for (int round = client; keepGoing; round += clients) {
                    try {
                        round(round);
                    } catch (RoundFailed e) {
                        // recorded where it happened
                    }
                    rounds.incrementAndGet();
                }
                return null;
            }));
        }
    }

    /** Lets every client finish its round, then stops them. */
    void finish() throws Exception {
        keepGoing = false;
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits until the clients have finished {@code total} rounds, for at most {@code maxSeconds}. Tests place their
     * faults at points of the load counted in rounds, not seconds: the machine may be slow or shared.
     */
    void awaitRounds(long total, long maxSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (rounds.get() < total) {
            assertThat(System.nanoTime()).as("round " + total + " of the load").isLessThan(deadline);
            PostgresServer.pause(50);
        }
    }

    /** Rounds finished so far, by all clients. */
    long rounds() {
        return rounds.get();
    }

    private void round(int round) {
        switch (round % 4) {
            case 0 -> organizationWrites();
            case 1 -> passwordLogin(loginEmails.get(round % loginEmails.size()), round % 3 == 1);
            case 2 -> smsSecondFactor();
            default -> magicLink();
        }
    }

    private void organizationWrites() {
        int n = sequence.incrementAndGet();
        String slug = "load-org-" + n;
        String org = ok(client.post(
                        "/v1/b2b/organizations", "organization_name", "Load " + n, "organization_slug", slug))
                .at("/organization/organization_id");
        ledger.organizationNames.put(org, Set.of("Load " + n, "Renamed " + n));
        ledger.members.add(
                ok(client.post("/v1/b2b/organizations/" + org + "/members", "email_address", email("write", n)))
                        .at("/member_id"));
        ok(client.call("PUT", "/v1/b2b/organizations/" + org, ClusterClient.json("organization_name", "Renamed " + n)));
        ledger.organizationNames.put(org, Set.of("Renamed " + n));
    }

    private void passwordLogin(String email, boolean revoke) {
        Answer login = ok(client.post(
                "/v1/b2b/passwords/authenticate",
                "organization_id",
                optionalOrg,
                "email_address",
                email,
                "password",
                PASSWORD));
        ledger.logins.incrementAndGet();
        String token = login.at("/session_token");
        for (int check = 0; check < 2; check++) {
            ok(client.post("/v1/b2b/sessions/authenticate", "session_token", token));
            ledger.sessionChecks.incrementAndGet();
        }
        if (revoke) {
            Answer revoked = ok(client.post("/v1/b2b/sessions/revoke", "session_token", token));
            ledger.revokedTokens.add(token);
            long started = System.nanoTime();
            for (LatchkeyNode node : client.nodes()) {
                if (node != revoked.node()) {
                    awaitRefused(node, token, started);
                }
            }
        }
    }

    /**
     * Asks {@code node} about a revoked session until it refuses it. What is measured is staleness: how long after
     * the revocation was acknowledged a request could still be sent and be accepted (a slow answer does not count).
     */
    private void awaitRefused(LatchkeyNode node, String token, long revokedAt) {
        long lastAccepted = 0;
        while (true) {
            long sentAfter = (System.nanoTime() - revokedAt) / 1_000_000;
            Optional<Answer> a = client.postOn(node, "/v1/b2b/sessions/authenticate", "session_token", token);
            if (a.isEmpty()) {
                return; // the node is down; it is asked again after the load
            }
            if (a.get().status() != 200) {
                expect(a.get(), 404, "session_not_found");
                ledger.slowestRevocationMillis.accumulateAndGet(lastAccepted, Math::max);
                return;
            }
            lastAccepted = sentAfter;
            if (sentAfter > REVOCATION_WINDOW_MILLIS) {
                ledger.slowestRevocationMillis.accumulateAndGet(sentAfter, Math::max);
                ledger.anomalies.add(node + " accepted a session revoked " + sentAfter + " ms before the request");
                return;
            }
            PostgresServer.pause(20);
        }
    }

    private void smsSecondFactor() {
        int n = sequence.incrementAndGet();
        String email = email("mfa", n);
        String member = migrated(mfaOrg, email);
        String ist = ok(client.post(
                        "/v1/b2b/passwords/authenticate",
                        "organization_id",
                        mfaOrg,
                        "email_address",
                        email,
                        "password",
                        PASSWORD))
                .at("/intermediate_session_token");
        ledger.logins.incrementAndGet();
        String phone = String.format(Locale.ROOT, "+1415555%04d", n % 10_000);
        ok(client.post(
                "/v1/b2b/otps/sms/send",
                "organization_id",
                mfaOrg,
                "member_id",
                member,
                "mfa_phone_number",
                phone,
                "intermediate_session_token",
                ist));
        String code = messages.latestCode(phone);
        race(
                "sms code",
                "/v1/b2b/otps/sms/authenticate",
                ClusterClient.json(
                        "organization_id",
                        mfaOrg,
                        "member_id",
                        member,
                        "code",
                        code,
                        "intermediate_session_token",
                        ist));
    }

    private void magicLink() {
        int n = sequence.incrementAndGet();
        String email = email("link", n);
        ledger.members.add(ok(client.post("/v1/b2b/organizations/" + optionalOrg + "/members", "email_address", email))
                .at("/member_id"));
        ok(client.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                "organization_id",
                optionalOrg,
                "email_address",
                email,
                "login_redirect_url",
                REDIRECT_URL));
        String token = messages.latestToken(email);
        race("magic link", "/v1/b2b/magic_links/authenticate", ClusterClient.json("magic_links_token", token));
    }

    /** Presents one single-use secret to every node at the same moment and records how many accepted it. */
    private void race(String kind, String path, String body) {
        List<LatchkeyNode> nodes = client.nodes();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Optional<Answer>> answers = new ArrayList<>();
        for (LatchkeyNode node : nodes) {
            answers.add(Optional.empty());
        }
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                Optional<Answer> a = client.callOn(nodes.get(index), "POST", path, body);
                synchronized (answers) {
                    answers.set(index, a);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        int successes = 0;
        boolean fair = true;
        for (Optional<Answer> a : answers) {
            fair &= a.isPresent() && a.get().status() < 500;
            if (a.isPresent() && a.get().ok()) {
                successes++;
                ledger.logins.incrementAndGet();
            } else if (a.isPresent() && a.get().status() < 400) {
                ledger.anomalies.add(kind + " race answered " + a.get().status());
            }
        }
        ledger.races.add(new LoadLedger.Race(kind, successes, fair));
    }

    /** An active member with {@link #PASSWORD}, imported as a bcrypt hash; counted as an acknowledged write. */
    String migrated(String org, String email) {
        String member = ok(client.post(
                        "/v1/b2b/passwords/migrate",
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "hash",
                        passwordHash,
                        "hash_type",
                        "bcrypt"))
                .at("/member_id");
        ledger.members.add(member);
        return member;
    }

    static String email(String kind, int n) {
        return kind + "-" + n + "@cluster.example.com";
    }

    private Answer ok(Answer a) {
        if (a.ok()) {
            return a;
        }
        if (a.retried()) {
            ledger.retriedRefusals.incrementAndGet();
        } else if (a.status() < 500) { // a 5xx is the client's to record
            ledger.anomalies.add(a.node() + " answered " + a.status() + " " + a.text());
        }
        throw new RoundFailed();
    }

    private void expect(Answer a, int status, String errorType) {
        if (a.status() != status || !errorType.equals(a.errorType())) {
            if (a.status() < 500) {
                ledger.anomalies.add(a.node() + " answered " + a.status() + " " + a.text() + ", expected " + errorType);
            }
            throw new RoundFailed();
        }
    }
}
