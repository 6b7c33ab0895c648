package dev.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.cluster.ClusterClient.Answer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Several Latchkey nodes on one database URL, configured as an operator would: the same master key and bootstrap
 * test project on every node, and a client that round-robins them. Every client of a test is 127.0.0.1 and every
 * round uses fresh addresses, so the per-IP and per-address limits are raised; the hourly send limit of one address
 * is left at {@link #SENDS_PER_ADDRESS_HOUR}, to be counted across the nodes.
 */
final class Cluster implements AutoCloseable {
    /** {@code LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_HOUR} of the nodes. */
    static final int SENDS_PER_ADDRESS_HOUR = 6;

    private final List<LatchkeyNode> nodes;
    private final ClusterClient client;

    private Cluster(List<LatchkeyNode> nodes, ClusterClient client) {
        this.nodes = nodes;
        this.client = client;
    }

    /** Starts {@code size} nodes on {@code databaseUrl} together, as an orchestrator would, and waits until ready. */
    static Cluster start(int size, String databaseUrl) {
        String projectId = "project-test-" + UUID.randomUUID();
        String secret = "secret-test-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>();
        env.put("LATCHKEY_DATABASE_URL", databaseUrl);
        env.put("LATCHKEY_DATABASE_USER", "postgres");
        env.put("LATCHKEY_DATABASE_POOL_SIZE", "6");
        env.put("LATCHKEY_MASTER_KEY", masterKey());
        env.put("LATCHKEY_PROJECT_ID", projectId);
        env.put("LATCHKEY_PROJECT_SECRET", secret);
        env.put("LATCHKEY_PUBLIC_TOKEN", "public-token-test-" + UUID.randomUUID());
        env.put("LATCHKEY_REDIRECT_URLS", ClusterLoad.REDIRECT_URL);
        for (String limit : List.of(
                "SENDS_PER_IP_MINUTE",
                "GUESSES_PER_IP_MINUTE",
                "GUESSES_PER_ADDRESS_MINUTE",
                "SENDS_PER_ADDRESS_SECOND",
                "SENDS_PER_ADDRESS_MINUTE",
                "SMS_PER_NUMBER_HOUR")) {
            env.put("LATCHKEY_THROTTLE_" + limit, "1000000");
        }
        env.put("LATCHKEY_THROTTLE_SENDS_PER_ADDRESS_HOUR", Integer.toString(SENDS_PER_ADDRESS_HOUR));
        List<LatchkeyNode> nodes = IntStream.rangeClosed(1, size)
                .mapToObj(i -> new LatchkeyNode("node-" + i, env))
                .toList();
        Cluster cluster = new Cluster(nodes, new ClusterClient(nodes, projectId, secret));
        try {
            // Migrations and the bootstrap project must happen once however many nodes start together.
            nodes.parallelStream().forEach(LatchkeyNode::start);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    List<LatchkeyNode> nodes() {
        return nodes;
    }

    LatchkeyNode node(int index) {
        return nodes.get(index);
    }

    ClusterClient client() {
        return client;
    }

    /** A new organization with a unique slug and this MFA policy; returns its id. */
    String organization(String mfaPolicy) {
        String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
        Answer a = client.post(
                "/v1/b2b/organizations",
                "organization_name",
                "Org " + slug,
                "organization_slug",
                slug,
                "mfa_policy",
                mfaPolicy);
        assertThat(a.status()).as(a.node() + " " + a.text()).isEqualTo(200);
        return a.at("/organization/organization_id");
    }

    /** One key for every node: each must open what another sealed. */
    private static String masterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void close() {
        nodes.forEach(LatchkeyNode::close);
    }
}
