package dev.latchkey.session;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import dev.latchkey.store.JsonColumns;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RSA 2048 keys that sign a project's session JWTs. A project's first key is made on first use; an
 * operator rotates it with {@code keys rotate}. A retired key stays published (served in the JWKS and
 * accepted by {@link SessionJwts#verify}) for {@link #PUBLISHED_AFTER_RETIREMENT}, long enough for every JWT
 * it signed to expire, and then disappears.
 *
 * <p>Keys are parsed once per node and held per project for {@link #CACHE_TTL}; a JWT whose kid is unknown
 * reloads the project's keys at once (at most once per {@link #MIN_RELOAD_INTERVAL}), so a key created by
 * another node or by the CLI is picked up without waiting. Losing this cache is harmless: it is rebuilt from
 * the database. A node keeps signing with a key another process has just retired for at most the TTL, and
 * such JWTs verify everywhere because a retired key stays published longer than the TTL plus a JWT's lifetime.
 */
public final class SigningKeys {
    /** JWT lifetime (5 min) plus one minute of leeway for clocks and in-flight requests. */
    public static final Duration PUBLISHED_AFTER_RETIREMENT = SessionJwts.LIFETIME.plus(Duration.ofMinutes(1));

    /** How long a node trusts its cached view of a project's keys before reading them again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(30);

    static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final int RSA_BITS = 2048;

    private final Database db;
    private final SigningKeyStore store;
    private final SecretBox secretBox;
    private final Clock clock;
    private final Map<String, KeyRing> rings = new ConcurrentHashMap<>();

    public SigningKeys(Database db, SigningKeyStore store, SecretBox secretBox, Clock clock) {
        this.db = db;
        this.store = store;
        this.secretBox = secretBox;
        this.clock = clock;
    }

    /**
     * The key new JWTs of this project are signed with, created (and stored sealed) if the project has none.
     * When several nodes create a project's first key at once, one insert wins and all use its key.
     *
     * @throws IllegalStateException if the stored key cannot be opened (a different master key)
     */
    public SigningKey activeKey(Project project) {
        KeyRing ring = ring(project);
        if (ring.active() != null) {
            return ring.active();
        }
        insertActive(project, newKey(project), false);
        return reload(project, ring, clock.instant()).requireActive(project);
    }

    /**
     * Retires the project's active key (if any) and makes a new one active; returns the new key. The retired
     * key stays published for {@link #PUBLISHED_AFTER_RETIREMENT}. If another node rotates at the same
     * moment, one of the two new keys wins and is returned to both.
     */
    public SigningKey rotate(Project project) {
        insertActive(project, newKey(project), true);
        return reload(project, rings.get(project.id()), clock.instant()).requireActive(project);
    }

    /**
     * The project's published public keys, the active one first: the active key, created if the
     * project has none yet so clients can fetch it before the first JWT, and the keys retired less than
     * {@link #PUBLISHED_AFTER_RETIREMENT} ago.
     */
    public List<PublicJwk> jwks(Project project) {
        activeKey(project);
        Instant now = clock.instant();
        return ring(project).keys().values().stream()
                .filter(k -> k.isPublishedAt(now))
                .map(PublishedKey::jwk)
                .toList();
    }

    /** The verifier of a published key of this project, or empty if the kid is not (or no longer) published. */
    Optional<JWSVerifier> verifier(Project project, String kid) {
        Instant now = clock.instant();
        KeyRing ring = ring(project);
        PublishedKey key = ring.keys().get(kid);
        if (key == null && !now.isBefore(ring.loadedAt().plus(MIN_RELOAD_INTERVAL))) {
            key = reload(project, ring, now).keys().get(kid);
        }
        return Optional.ofNullable(key).filter(k -> k.isPublishedAt(now)).map(PublishedKey::verifier);
    }

    private KeyRing ring(Project project) {
        Instant now = clock.instant();
        KeyRing ring = rings.get(project.id());
        if (ring == null || !now.isBefore(ring.loadedAt().plus(CACHE_TTL))) {
            ring = reload(project, ring, now);
        }
        return ring;
    }

    /** Reads the published keys; keys already parsed in {@code previous} are reused, not parsed again. */
    private KeyRing reload(Project project, KeyRing previous, Instant now) {
        List<SigningKeyRow> rows =
                db.withHandle(h -> store.published(h, project.id(), now.minus(PUBLISHED_AFTER_RETIREMENT)));
        Map<String, PublishedKey> keys = new LinkedHashMap<>();
        SigningKey active = null;
        for (SigningKeyRow row : rows) {
            PublishedKey known = previous == null ? null : previous.keys().get(row.kid());
            PublishedKey key = known != null
                    ? known.withRetiredAt(row.retiredAt())
                    : PublishedKey.parse(
                            PublicJwk.fromJson(JsonColumns.read(row.publicJwk(), Map.class)), row.retiredAt());
            if (row.retiredAt() == null) {
                // Only the active key's private half is ever opened; retired keys just verify.
                SigningKey signing = known != null && known.signing() != null ? known.signing() : open(row);
                key = key.withSigning(signing);
                active = signing;
            }
            keys.put(row.kid(), key);
        }
        KeyRing ring = new KeyRing(now, active, Collections.unmodifiableMap(keys));
        rings.put(project.id(), ring);
        return ring;
    }

    /** Stores {@code row} as the active key; when another node made one first, that one stays and this is dropped. */
    private void insertActive(Project project, SigningKeyRow row, boolean retireCurrent) {
        db.inTransaction(h -> {
            if (retireCurrent) {
                store.retireActive(h, project.id(), row.createdAt());
            }
            return store.insert(h, row);
        });
    }

    /** Generates an RSA 2048 key pair, its self-signed certificate and JWK, and seals the private key. */
    private SigningKeyRow newKey(Project project) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String kid = project.newId("jwk");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            byte[] certificate = SelfSignedCertificate.create(pair, kid, now.truncatedTo(ChronoUnit.SECONDS));
            PublicJwk jwk = new PublicJwk(
                    kid,
                    Base64URL.encode(pub.getModulus()).toString(),
                    Base64URL.encode(pub.getPublicExponent()).toString(),
                    List.of(Base64.getEncoder().encodeToString(certificate)),
                    Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate))
                            .toString());
            byte[] sealed = secretBox.seal(pair.getPrivate().getEncoded(), associatedData(project.id(), kid));
            return new SigningKeyRow(kid, project.id(), sealed, JsonColumns.write(jwk.toJson()), now, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA signing key", e);
        }
    }

    private SigningKey open(SigningKeyRow row) {
        byte[] pkcs8 = secretBox.open(row.privateKeySealed(), associatedData(row.projectId(), row.kid()));
        try {
            RSAPrivateKey key =
                    (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new SigningKey(row.kid(), new RSASSASigner(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + row.kid() + " is not an RSA PKCS#8 key", e);
        }
    }

    /**
     * Binds a sealed private key to its project and kid, so a row's key cannot be moved to another project or
     * kid. The separator keeps the pair unambiguous.
     */
    static byte[] associatedData(String projectId, String kid) {
        return (projectId + "\n" + kid).getBytes(StandardCharsets.UTF_8);
    }

    /** What a node knows of a project's keys at {@code loadedAt}; {@code keys} iterate active first. */
    private record KeyRing(Instant loadedAt, SigningKey active, Map<String, PublishedKey> keys) {
        SigningKey requireActive(Project project) {
            if (active == null) {
                throw new IllegalStateException("project " + project.id() + " has no active signing key");
            }
            return active;
        }
    }

    /** A published key, parsed: its JWK, its verifier, and its signer while it is the active key. */
    private record PublishedKey(PublicJwk jwk, JWSVerifier verifier, Instant retiredAt, SigningKey signing) {
        static PublishedKey parse(PublicJwk jwk, Instant retiredAt) {
            return new PublishedKey(jwk, new RSASSAVerifier(jwk.toRsaPublicKey()), retiredAt, null);
        }

        boolean isPublishedAt(Instant now) {
            return retiredAt == null || now.isBefore(retiredAt.plus(PUBLISHED_AFTER_RETIREMENT));
        }

        PublishedKey withRetiredAt(Instant at) {
            return new PublishedKey(jwk, verifier, at, at == null ? signing : null);
        }

        PublishedKey withSigning(SigningKey s) {
            return new PublishedKey(jwk, verifier, retiredAt, s);
        }
    }
}
