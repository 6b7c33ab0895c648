package dev.latchkey.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import dev.latchkey.store.Database;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private static final byte[] MASTER_KEY = new byte[32];
    private static final Instant START = Instant.parse("2026-11-27T12:00:00Z");

    static Database db;
    static ProjectService projects;

    MutableClock clock;
    Project project;

    @BeforeAll
    static void openDatabase() {
        db = Database.open(TestDatabases.freshDatabaseUrl(), "postgres", "", 8);
        projects = new ProjectService(db, new ProjectStore(), Clock.systemUTC());
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void newProject() {
        clock = new MutableClock(START);
        project = projects.create(Environment.TEST).project();
    }

    /** One server node's view: its own key cache over the shared database. */
    private SigningKeys node() {
        return new SigningKeys(db, new SigningKeyStore(), new SecretBox(MASTER_KEY), clock);
    }

    private String mint(SessionJwts jwts) {
        return jwts.mint(
                project,
                "member-test-1",
                SessionClaims.session("member-session-test-1", clock.instant()),
                SessionClaims.organization(),
                Map.of());
    }

    @Test
    void activeKeyWhenProjectHasNoneThenCreatesOneAndKeepsUsingIt() {
        SigningKeys keys = node();

        SigningKey first = keys.activeKey(project);

        assertThat(first.kid()).matches("jwk-test-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(keys.activeKey(project).kid()).isEqualTo(first.kid());
        clock.advance(SigningKeys.CACHE_TTL);
        assertThat(keys.activeKey(project).kid()).isEqualTo(first.kid());
        assertThat(node().activeKey(project).kid()).isEqualTo(first.kid());
        assertThat(activeRows(project)).isEqualTo(1);
    }

    @Test
    void activeKeyWhenProjectIsLiveThenKidSaysLive() {
        Project live = projects.create(Environment.LIVE).project();

        assertThat(node().activeKey(live).kid()).startsWith("jwk-live-");
    }

    @Test
    void activeKeyWhenAnotherNodeCreatedTheFirstKeyMeanwhileThenUsesThatKey() {
        SigningKeys a = node();
        SigningKeys b = node();
        assertThat(new SessionJwts(b, clock).verify(project, "x.y.z")).isEmpty();
        assertThat(b.verifier(project, "jwk-test-unknown")).isEmpty(); // b has now cached "no keys"

        String created = a.activeKey(project).kid();

        // b's cache still says "no key", so b tries to create one; the unique index makes it take a's.
        assertThat(b.activeKey(project).kid()).isEqualTo(created);
        assertThat(activeRows(project)).isEqualTo(1);
        assertThat(allRows(project)).isEqualTo(1);
    }

    /**
     * Issue 11 (found by the cluster test): a login issues its JWT inside its own transaction; on a node that had
     * cached "no key" while another node made the first one, the losing insert aborted that transaction and the
     * login answered 500 until the cache expired.
     */
    @Test
    void activeKeyWhenAnotherNodeMadeTheFirstKeyAndCallerIsInATransactionThenTheTransactionGoesOn() {
        SigningKeys a = node();
        SigningKeys b = node();
        assertThat(b.verifier(project, "jwk-test-unknown")).isEmpty(); // b has now cached "no keys"
        String created = a.activeKey(project).kid();

        String used = db.inTransaction(h -> {
            String kid = b.activeKey(project).kid();
            assertThat(h.createQuery("SELECT 1").mapTo(Integer.class).one()).isEqualTo(1);
            return kid;
        });

        assertThat(used).isEqualTo(created);
        assertThat(allRows(project)).isEqualTo(1);
    }

    @Test
    void activeKeyWhenNodesRaceForTheFirstKeyThenAllGetOneKey() throws Exception {
        int nodes = 6;
        List<SigningKeys> cluster = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            cluster.add(node());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> kids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(nodes)) {
            for (SigningKeys keys : cluster) {
                kids.add(pool.submit(() -> {
                    go.await();
                    return keys.activeKey(project).kid();
                }));
            }
            go.countDown();
            List<String> seen = new ArrayList<>();
            for (Future<String> kid : kids) {
                seen.add(kid.get());
            }
            assertThat(seen).hasSize(nodes).containsOnly(seen.getFirst());
        }
        assertThat(activeRows(project)).isEqualTo(1);
    }

    @Test
    void rotateKeepsTheRetiredKeyPublishedForSixMinutesThenDropsIt() {
        SigningKeys keys = node();
        SessionJwts jwts = new SessionJwts(keys, clock);
        String oldKid = keys.activeKey(project).kid();
        String oldJwt = mint(jwts);

        String newKid = keys.rotate(project).kid();

        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(keys.activeKey(project).kid()).isEqualTo(newKid);
        String newJwt = mint(jwts);
        assertThat(kidOf(newJwt)).isEqualTo(newKid);
        assertThat(kids(keys.jwks(project))).containsExactly(newKid, oldKid);
        assertThat(jwts.verify(project, oldJwt)).isPresent();

        clock.advance(Duration.ofMinutes(6).minusMillis(1));
        assertThat(kids(keys.jwks(project))).containsExactly(newKid, oldKid);
        assertThat(jwts.verify(project, oldJwt))
                .hasValueSatisfying(v -> assertThat(v.expired()).isTrue());

        clock.advance(Duration.ofMillis(1));
        assertThat(kids(keys.jwks(project))).containsExactly(newKid);
        assertThat(jwts.verify(project, oldJwt)).isEmpty();
        assertThat(jwts.verify(project, newJwt)).isPresent();
        // A node that never cached the old key does not publish it either.
        assertThat(kids(node().jwks(project))).containsExactly(newKid);
        assertThat(new SessionJwts(node(), clock).verify(project, oldJwt)).isEmpty();
    }

    @Test
    void rotateWhenProjectHasNoKeyThenCreatesOne() {
        SigningKeys keys = node();

        String kid = keys.rotate(project).kid();

        assertThat(kids(keys.jwks(project))).containsExactly(kid);
        assertThat(allRows(project)).isEqualTo(1);
    }

    @Test
    void rotationByAnotherProcessIsSeenAtOnceForItsJwtsAndWithinTheTtlForSigning() {
        SigningKeys server = node();
        SessionJwts serverJwts = new SessionJwts(server, clock);
        String oldKid = server.activeKey(project).kid();
        clock.advance(Duration.ofSeconds(1));

        SigningKeys cli = node();
        String newKid = cli.rotate(project).kid();
        String jwtFromOtherNode = mint(new SessionJwts(cli, clock));

        // The unknown kid makes the server reload the project's keys right away.
        assertThat(serverJwts.verify(project, jwtFromOtherNode)).isPresent();
        clock.advance(SigningKeys.CACHE_TTL);
        assertThat(server.activeKey(project).kid()).isEqualTo(newKid).isNotEqualTo(oldKid);
    }

    @Test
    void verifierWhenUnknownKidsArriveQuicklyThenReloadsAtMostOncePerInterval() {
        SigningKeys server = node();
        SessionJwts serverJwts = new SessionJwts(server, clock);
        server.activeKey(project);
        SigningKeys cli = node();
        cli.rotate(project);
        String jwtFromOtherNode = mint(new SessionJwts(cli, clock));

        // Loaded this very instant: an unknown kid does not send every request to the database.
        assertThat(serverJwts.verify(project, jwtFromOtherNode)).isEmpty();
        clock.advance(SigningKeys.MIN_RELOAD_INTERVAL);
        assertThat(serverJwts.verify(project, jwtFromOtherNode)).isPresent();
    }

    @Test
    void storedPrivateKeyIsSealedUnderItsProjectAndKid() throws Exception {
        SigningKey key = node().activeKey(project);
        byte[] pkcs8 = ((RSASSASigner) key.signer()).getPrivateKey().getEncoded();

        byte[] sealed = db.withHandle(h -> h.createQuery("SELECT private_key_sealed FROM signing_keys WHERE kid = :k")
                .bind("k", key.kid())
                .mapTo(byte[].class)
                .one());

        assertThat(indexOf(sealed, pkcs8)).isEqualTo(-1);
        // Not even a 16-byte run of the key (e.g. a prime's bytes) is stored in the clear.
        for (int i = 0; i + 16 <= pkcs8.length; i += 16) {
            assertThat(indexOf(sealed, java.util.Arrays.copyOfRange(pkcs8, i, i + 16)))
                    .isEqualTo(-1);
        }
        SecretBox box = new SecretBox(MASTER_KEY);
        assertThat(box.open(sealed, SigningKeys.associatedData(project.id(), key.kid())))
                .isEqualTo(pkcs8);
        assertThatThrownBy(() -> box.open(sealed, SigningKeys.associatedData("project-test-other", key.kid())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void activeKeyWhenMasterKeyDiffersThenRefusesToSign() {
        node().activeKey(project);
        byte[] otherMaster = new byte[32];
        otherMaster[0] = 1;
        SigningKeys misconfigured = new SigningKeys(db, new SigningKeyStore(), new SecretBox(otherMaster), clock);

        assertThatThrownBy(() -> misconfigured.activeKey(project)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void jwksListsOnlyTheProjectsOwnKeys() {
        SigningKeys keys = node();
        Project other = projects.create(Environment.TEST).project();
        String ours = keys.activeKey(project).kid();
        String theirs = keys.activeKey(other).kid();

        assertThat(kids(keys.jwks(project))).containsExactly(ours);
        assertThat(kids(keys.jwks(other))).containsExactly(theirs);
        assertThat(keys.verifier(project, theirs)).isEmpty();
    }

    @Test
    void jwksWhenProjectHasNoKeyYetThenCreatesAndPublishesOne() {
        SigningKeys keys = node();

        List<PublicJwk> jwks = keys.jwks(project);

        assertThat(kids(jwks)).containsExactly(keys.activeKey(project).kid());
    }

    @Test
    void publishedJwkCarriesASelfSignedCertificateOfTheSameKey() throws Exception {
        SigningKeys keys = node();
        PublicJwk jwk = keys.jwks(project).getFirst();

        byte[] der = Base64.getDecoder().decode(jwk.x5c().getFirst());
        X509Certificate cert = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        cert.verify(jwk.toRsaPublicKey()); // self-signed by the very key the JWK describes
        assertThat(cert.getPublicKey()).isEqualTo(jwk.toRsaPublicKey());
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + jwk.kid());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(START);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(jwk.x5tS256())
                .isEqualTo(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der))
                        .toString());
        // A standard JWKS consumer (Nimbus, as in Spring Security) reads it, x5c included, as the same key.
        RSAKey parsed =
                (RSAKey) JWKSet.parse(Map.of("keys", List.of(jwk.toJson()))).getKeyByKeyId(jwk.kid());
        assertThat(parsed.toRSAPublicKey()).isEqualTo(jwk.toRsaPublicKey());
        assertThat(parsed.getParsedX509CertChain()).containsExactly(cert);
        assertThat(parsed.getModulus().decodeToBigInteger().bitLength()).isEqualTo(2048);
        assertThat(parsed.getPublicExponent().toString()).isEqualTo("AQAB");
    }

    @Test
    void certificateAfter2049UsesGeneralizedTime() throws Exception {
        clock.advance(Duration.between(START, Instant.parse("2051-03-04T05:06:07Z")));

        PublicJwk jwk = node().jwks(project).getFirst();

        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(
                        Base64.getDecoder().decode(jwk.x5c().getFirst())));
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2051-03-04T05:06:07Z"));
    }

    private static List<String> kids(List<PublicJwk> jwks) {
        return jwks.stream().map(PublicJwk::kid).toList();
    }

    private static String kidOf(String jwt) {
        try {
            return com.nimbusds.jose.JWSObject.parse(jwt).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static int activeRows(Project p) {
        return db.withHandle(
                h -> h.createQuery("SELECT count(*) FROM signing_keys WHERE project_id = :p AND retired_at IS NULL")
                        .bind("p", p.id())
                        .mapTo(Integer.class)
                        .one());
    }

    private static int allRows(Project p) {
        return db.withHandle(h -> h.createQuery("SELECT count(*) FROM signing_keys WHERE project_id = :p")
                .bind("p", p.id())
                .mapTo(Integer.class)
                .one());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
