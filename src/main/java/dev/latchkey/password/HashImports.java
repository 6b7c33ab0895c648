package dev.latchkey.password;

import static dev.latchkey.error.ErrorType.ARGON_2_KEY_LENGTH_MISMATCH;
import static dev.latchkey.error.ErrorType.INVALID_APPEND_SALT;
import static dev.latchkey.error.ErrorType.INVALID_ARGON_2_ITERATION_AMOUNT;
import static dev.latchkey.error.ErrorType.INVALID_ARGON_2_KEY_LENGTH;
import static dev.latchkey.error.ErrorType.INVALID_ARGON_2_MEMORY;
import static dev.latchkey.error.ErrorType.INVALID_ARGON_2_SALT;
import static dev.latchkey.error.ErrorType.INVALID_ARGON_2_THREADS;
import static dev.latchkey.error.ErrorType.INVALID_BASE64_SCRYPT_HASH;
import static dev.latchkey.error.ErrorType.INVALID_BASE64_SCRYPT_SALT;
import static dev.latchkey.error.ErrorType.INVALID_BCRYPT_COST;
import static dev.latchkey.error.ErrorType.INVALID_BCRYPT_HASH;
import static dev.latchkey.error.ErrorType.INVALID_HASH;
import static dev.latchkey.error.ErrorType.INVALID_HASH_TYPE;
import static dev.latchkey.error.ErrorType.INVALID_MD_5_HASH;
import static dev.latchkey.error.ErrorType.INVALID_PBKDF_2_HASH;
import static dev.latchkey.error.ErrorType.INVALID_PBKDF_2_SALT;
import static dev.latchkey.error.ErrorType.INVALID_PHPASS_HASH_FORMAT;
import static dev.latchkey.error.ErrorType.INVALID_PHPASS_HASH_PREFIX;
import static dev.latchkey.error.ErrorType.INVALID_PREPEND_SALT;
import static dev.latchkey.error.ErrorType.INVALID_SCRYPT_N_PARAMETER;
import static dev.latchkey.error.ErrorType.INVALID_SCRYPT_PARAMETERS;
import static dev.latchkey.error.ErrorType.INVALID_SCRYPT_SALT_LENGTH;
import static dev.latchkey.error.ErrorType.INVALID_SHA_1_HASH;
import static dev.latchkey.error.ErrorType.INVALID_SHA_512_HASH;
import static dev.latchkey.error.ErrorType.SCRYPT_KEY_LENGTH_MISMATCH;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates an imported hash and turns it into its stored form ({@link HashSchemes}). What each
 * {@code hash_type} expects, following Stytch's migration documentation where it says something:
 *
 * <ul>
 *   <li>{@code bcrypt}: the modular-crypt string {@code $2a$}, {@code $2b$} or {@code $2y$}, cost 4..16.
 *   <li>{@code md_5}, {@code sha_1}, {@code sha_512}: the digest of {@code prepend_salt + password +
 *       append_salt} (salts from the matching config, plain text, both optional), as hex (either case) or
 *       base64.
 *   <li>{@code argon_2i}, {@code argon_2id}: either the PHC string ({@code $argon2id$v=19$m=...}), or the raw
 *       hash as hex with {@code argon_2_config}, whose {@code salt} is plain text (its UTF-8 bytes are the
 *       salt, at least 8) and {@code memory} is in KiB.
 *   <li>{@code scrypt}: either the PHC string ({@code $scrypt$ln=...,r=...,p=...$salt$hash}), or the raw hash
 *       as base64 with {@code scrypt_config}, whose {@code salt} is base64 too; N a power of two, 2..262144.
 *   <li>{@code pbkdf_2}: the raw hash as base64 with {@code pbkdf_2_config}: base64 salt, iteration count, key
 *       length in bytes (the decoded hash's length), and {@code algorithm} {@code sha256} (the default) or
 *       {@code sha512} for the HMAC.
 *   <li>{@code phpass}: the 34-character portable hash, {@code $P$} or {@code $H$}.
 * </ul>
 *
 * Work parameters are capped (Argon2 256 MiB and 32 passes, scrypt 256 MiB, PBKDF2 10 million iterations,
 * bcrypt cost 16, phpass 2^18 rounds) so that one imported hash cannot make every login of a member stall a
 * core. Each problem raises the specific 400 error Stytch names for it.
 */
public final class HashImports {
    private static final int MAX_SALT_TEXT = 1024;
    private static final int MAX_ARGON2_MEMORY_KIB = 262_144;
    private static final int MAX_ARGON2_ITERATIONS = 32;
    private static final int MAX_ARGON2_THREADS = 16;
    private static final int MAX_SCRYPT_N = 262_144;
    private static final long MAX_SCRYPT_MEMORY = 256L * 1024 * 1024;
    private static final int MAX_SCRYPT_P = 16;
    private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
    private static final int MAX_KEY_BYTES = 1024;
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}");
    private static final Pattern SCRYPT_PHC = Pattern.compile(
            "\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,9}),p=(\\d{1,9})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    private HashImports() {}

    /** The stored form of the imported hash; raises the hash type's 400 error if it is malformed. */
    public static String encode(HashImport in) {
        String hash = in.hash() == null ? "" : in.hash().trim();
        String type = in.hashType() == null ? "" : in.hashType().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "bcrypt" -> bcrypt(hash);
            case "md_5" -> digest("md5", 16, hash, in.md5Config(), INVALID_MD_5_HASH);
            case "sha_1" -> digest("sha1", 20, hash, in.sha1Config(), INVALID_SHA_1_HASH);
            case "sha_512" -> digest("sha512", 64, hash, in.sha512Config(), INVALID_SHA_512_HASH);
            case "argon_2i" -> argon2(Argon2.I, hash, in.argon2Config());
            case "argon_2id" -> argon2(Argon2.ID, hash, in.argon2Config());
            case "scrypt" -> scrypt(hash, in.scryptConfig());
            case "pbkdf_2" -> pbkdf2(hash, in.pbkdf2Config());
            case "phpass" -> phpass(hash);
            default ->
                throw fail(
                        INVALID_HASH_TYPE,
                        "hash_type must be one of bcrypt, md_5, argon_2i, argon_2id, sha_1, sha_512, scrypt, phpass,"
                                + " pbkdf_2.");
        };
    }

    private static String bcrypt(String hash) {
        Matcher m = BCRYPT.matcher(hash);
        if (!m.matches()) {
            throw fail(INVALID_BCRYPT_HASH, "hash is not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters).");
        }
        int cost = Integer.parseInt(m.group(1));
        if (cost < 4 || cost > 16) {
            throw fail(INVALID_BCRYPT_COST, "bcrypt cost must be between 4 and 16.");
        }
        return hash;
    }

    private static String digest(
            String scheme, int bytes, String hash, HashImport.SaltConfig config, ErrorType invalid) {
        byte[] digest = hexOrBase64(hash, bytes);
        if (digest == null) {
            throw fail(invalid, "hash must be the " + bytes + "-byte digest as hex or base64.");
        }
        String prepend = config == null || config.prependSalt() == null ? "" : config.prependSalt();
        String append = config == null || config.appendSalt() == null ? "" : config.appendSalt();
        if (prepend.length() > MAX_SALT_TEXT) {
            throw fail(INVALID_PREPEND_SALT, "prepend_salt must be at most " + MAX_SALT_TEXT + " characters.");
        }
        if (append.length() > MAX_SALT_TEXT) {
            throw fail(INVALID_APPEND_SALT, "append_salt must be at most " + MAX_SALT_TEXT + " characters.");
        }
        return HashSchemes.digest(scheme, prepend, append, digest);
    }

    private static String argon2(Argon2 type, String hash, HashImport.Argon2Config c) {
        HashSchemes.Argon2Hash a;
        if (hash.startsWith("$argon2")) {
            a = HashSchemes.parseArgon2(hash);
            if (a == null) {
                throw fail(INVALID_HASH, "hash is not a valid Argon2 PHC string.");
            }
            if (a.type() != type) {
                throw fail(
                        INVALID_HASH,
                        "hash is an " + (a.type() == Argon2.ID ? "argon2id" : "argon2i")
                                + " hash but hash_type says otherwise.");
            }
        } else {
            if (c == null) {
                throw fail(INVALID_HASH, "hash must be an Argon2 PHC string, or hex with argon_2_config.");
            }
            byte[] raw = hex(hash);
            if (raw == null || raw.length == 0) {
                throw fail(INVALID_HASH, "hash must be hex when argon_2_config is given.");
            }
            if (c.salt() == null || c.salt().length() > MAX_SALT_TEXT) {
                throw fail(INVALID_ARGON_2_SALT, "argon_2_config.salt must be given (at most 1024 characters).");
            }
            int keyLength = orZero(c.keyLength());
            if (keyLength < 4 || keyLength > MAX_KEY_BYTES) {
                throw fail(INVALID_ARGON_2_KEY_LENGTH, "argon_2_config.key_length must be between 4 and 1024.");
            }
            if (keyLength != raw.length) {
                throw fail(ARGON_2_KEY_LENGTH_MISMATCH, "argon_2_config.key_length does not match the hash length.");
            }
            a = new HashSchemes.Argon2Hash(
                    type,
                    Argon2Function.ARGON2_VERSION_13,
                    orZero(c.memory()),
                    orZero(c.iterationAmount()),
                    orZero(c.threads()),
                    c.salt().getBytes(StandardCharsets.UTF_8),
                    raw);
        }
        checkArgon2(a);
        return a.encode();
    }

    private static void checkArgon2(HashSchemes.Argon2Hash a) {
        if (a.version() != Argon2Function.ARGON2_VERSION_10 && a.version() != Argon2Function.ARGON2_VERSION_13) {
            throw fail(INVALID_HASH, "Argon2 version must be 16 or 19.");
        }
        if (a.parallelism() < 1 || a.parallelism() > MAX_ARGON2_THREADS) {
            throw fail(INVALID_ARGON_2_THREADS, "Argon2 threads must be between 1 and " + MAX_ARGON2_THREADS + ".");
        }
        if (a.iterations() < 1 || a.iterations() > MAX_ARGON2_ITERATIONS) {
            throw fail(
                    INVALID_ARGON_2_ITERATION_AMOUNT,
                    "Argon2 iteration amount must be between 1 and " + MAX_ARGON2_ITERATIONS + ".");
        }
        if (a.memoryKib() < 8 * a.parallelism() || a.memoryKib() > MAX_ARGON2_MEMORY_KIB) {
            throw fail(
                    INVALID_ARGON_2_MEMORY,
                    "Argon2 memory must be between 8 KiB per thread and " + MAX_ARGON2_MEMORY_KIB + " KiB.");
        }
        if (a.salt().length < 8 || a.salt().length > MAX_SALT_TEXT) {
            throw fail(INVALID_ARGON_2_SALT, "Argon2 salt must be between 8 and 1024 bytes.");
        }
        if (a.hash().length < 4 || a.hash().length > MAX_KEY_BYTES) {
            throw fail(INVALID_ARGON_2_KEY_LENGTH, "Argon2 hash length must be between 4 and 1024 bytes.");
        }
    }

    private static String scrypt(String hash, HashImport.ScryptConfig c) {
        Matcher phc = SCRYPT_PHC.matcher(hash);
        if (phc.matches()) {
            int log2 = Integer.parseInt(phc.group(1));
            if (log2 < 1 || log2 > 18) {
                throw fail(INVALID_SCRYPT_N_PARAMETER, "scrypt ln must be between 1 and 18.");
            }
            return scrypt(
                    1 << log2,
                    Integer.parseInt(phc.group(2)),
                    Integer.parseInt(phc.group(3)),
                    base64(phc.group(4), INVALID_BASE64_SCRYPT_SALT, "scrypt salt is not base64."),
                    base64(phc.group(5), INVALID_BASE64_SCRYPT_HASH, "scrypt hash is not base64."),
                    null);
        }
        if (hash.startsWith("$")) {
            throw fail(INVALID_HASH, "hash is not a valid scrypt PHC string ($scrypt$ln=...,r=...,p=...$salt$hash).");
        }
        if (c == null) {
            throw fail(INVALID_SCRYPT_PARAMETERS, "scrypt_config is required unless the hash is a PHC string.");
        }
        if (c.salt() == null) {
            throw fail(INVALID_SCRYPT_SALT_LENGTH, "scrypt_config.salt is required.");
        }
        return scrypt(
                orZero(c.nParameter()),
                orZero(c.rParameter()),
                orZero(c.pParameter()),
                base64(c.salt(), INVALID_BASE64_SCRYPT_SALT, "scrypt_config.salt is not base64."),
                base64(hash, INVALID_BASE64_SCRYPT_HASH, "hash is not base64."),
                c.keyLength() == null ? 0 : c.keyLength());
    }

    private static String scrypt(int n, int r, int p, byte[] salt, byte[] hash, Integer keyLength) {
        if (n < 2 || n > MAX_SCRYPT_N || Integer.bitCount(n) != 1) {
            throw fail(INVALID_SCRYPT_N_PARAMETER, "scrypt N must be a power of two between 2 and 262144.");
        }
        if (r < 1 || p < 1 || p > MAX_SCRYPT_P || 128L * r * n > MAX_SCRYPT_MEMORY) {
            throw fail(
                    INVALID_SCRYPT_PARAMETERS,
                    "scrypt r and p must be at least 1, p at most 16, and 128 * r * N at most 256 MiB.");
        }
        if (salt.length == 0 || salt.length > MAX_SALT_TEXT) {
            throw fail(INVALID_SCRYPT_SALT_LENGTH, "scrypt salt must be between 1 and 1024 bytes.");
        }
        if (hash.length == 0 || hash.length > MAX_KEY_BYTES) {
            throw fail(INVALID_BASE64_SCRYPT_HASH, "scrypt hash must be between 1 and 1024 bytes.");
        }
        if (keyLength != null && keyLength != hash.length) {
            throw fail(SCRYPT_KEY_LENGTH_MISMATCH, "scrypt_config.key_length does not match the hash length.");
        }
        return HashSchemes.scrypt(n, r, p, salt, hash);
    }

    private static String pbkdf2(String hash, HashImport.Pbkdf2Config c) {
        if (c == null) {
            throw fail(INVALID_PBKDF_2_HASH, "pbkdf_2_config is required for pbkdf_2 hashes.");
        }
        String algorithm = c.algorithm() == null || c.algorithm().isBlank()
                ? "sha256"
                : c.algorithm().toLowerCase(Locale.ROOT).replace("-", "");
        if (!algorithm.equals("sha256") && !algorithm.equals("sha512")) {
            throw fail(INVALID_PBKDF_2_HASH, "pbkdf_2_config.algorithm must be sha256 or sha512.");
        }
        byte[] salt =
                base64(c.salt() == null ? "" : c.salt(), INVALID_PBKDF_2_SALT, "pbkdf_2_config.salt is not base64.");
        if (salt.length == 0 || salt.length > MAX_SALT_TEXT) {
            throw fail(INVALID_PBKDF_2_SALT, "pbkdf_2_config.salt must be between 1 and 1024 bytes.");
        }
        int iterations = orZero(c.iterationAmount());
        if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
            throw fail(INVALID_PBKDF_2_HASH, "pbkdf_2_config.iteration_amount must be between 1 and 10000000.");
        }
        byte[] raw = base64(hash, INVALID_PBKDF_2_HASH, "hash is not base64.");
        if (raw.length == 0 || raw.length > MAX_KEY_BYTES || orZero(c.keyLength()) != raw.length) {
            throw fail(INVALID_PBKDF_2_HASH, "pbkdf_2_config.key_length must be the length of the hash in bytes.");
        }
        return HashSchemes.pbkdf2(algorithm, iterations, salt, raw);
    }

    private static String phpass(String hash) {
        if (!hash.startsWith("$P$") && !hash.startsWith("$H$")) {
            throw fail(INVALID_PHPASS_HASH_PREFIX, "phpass hashes start with $P$ or $H$.");
        }
        if (!Phpass.wellFormed(hash)) {
            throw fail(
                    INVALID_PHPASS_HASH_FORMAT,
                    "phpass hashes are 34 characters with between 2^7 and 2^" + Phpass.MAX_LOG2_ROUNDS + " rounds.");
        }
        return hash;
    }

    /** {@code bytes} bytes given as hex (either case) or base64 (standard or URL-safe, padding optional). */
    private static byte[] hexOrBase64(String s, int bytes) {
        if (s.length() == bytes * 2) {
            byte[] h = hex(s);
            if (h != null) {
                return h;
            }
        }
        byte[] b = tryBase64(s);
        return b != null && b.length == bytes ? b : null;
    }

    private static byte[] hex(String s) {
        if (s.length() % 2 != 0) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] base64(String s, ErrorType invalid, String message) {
        byte[] b = tryBase64(s);
        if (b == null) {
            throw fail(invalid, message);
        }
        return b;
    }

    private static byte[] tryBase64(String s) {
        try {
            return (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static ApiException fail(ErrorType type, String message) {
        return new ApiException(type, message);
    }
}
