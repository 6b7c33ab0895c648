package dev.latchkey.password;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.ScryptFunction;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The encoded forms a password hash is stored in, and how each is checked. Every form is self-describing,
 * so one {@code hash} column holds Latchkey's own Argon2id hashes and imported ones alike. Binary fields are
 * standard base64 without padding (as in the PHC string format); passwords are hashed as their UTF-8 bytes.
 *
 * <ul>
 *   <li>{@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} and {@code $argon2i$...}: PHC.
 *   <li>{@code $2a$|$2b$|$2y$<cost>$<salt+hash>}: bcrypt, as produced by the usual libraries.
 *   <li>{@code $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>}: PHC scrypt.
 *   <li>{@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>} and {@code $pbkdf2-sha512$...}: PBKDF2-HMAC.
 *   <li>{@code $md5$<prepend>$<append>$<digest>}, {@code $sha1$...}, {@code $sha512$...}: a plain digest of
 *       {@code prepend + password + append}; the two salts are base64 of their UTF-8 text.
 *   <li>{@code $P$...} and {@code $H$...}: phpass portable hashes (WordPress, phpBB), see {@link Phpass}.
 * </ul>
 */
final class HashSchemes {
    static final String ARGON2ID = "$argon2id$";
    private static final Pattern ARGON2 = Pattern.compile(
            "\\$(argon2id|argon2i)\\$(?:v=(\\d+)\\$)?m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Pattern SCRYPT =
            Pattern.compile("\\$scrypt\\$ln=(\\d+),r=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Pattern PBKDF2 =
            Pattern.compile("\\$pbkdf2-(sha256|sha512)\\$i=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Pattern DIGEST =
            Pattern.compile("\\$(md5|sha1|sha512)\\$([A-Za-z0-9+/]*)\\$([A-Za-z0-9+/]*)\\$([A-Za-z0-9+/]+)");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private HashSchemes() {}

    /** A parsed Argon2 PHC string. */
    record Argon2Hash(
            Argon2 type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        String encode() {
            return "$" + (type == Argon2.ID ? "argon2id" : "argon2i") + "$v=" + version + "$m=" + memoryKib + ",t="
                    + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt) + "$"
                    + B64.encodeToString(hash);
        }
    }

    /** True when {@code password} matches the stored hash; false for a mismatch or a form not recognised. */
    static boolean verify(String password, String stored) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try {
            if (stored.startsWith("$argon2")) {
                Argon2Hash a = parseArgon2(stored);
                return a != null && MessageDigest.isEqual(argon2(pw, a), a.hash());
            }
            if (stored.startsWith("$2")) {
                return BCRYPT.matcher(stored).matches()
                        && BcryptFunction.getInstanceFromHash(stored)
                                .check(pw, stored.getBytes(StandardCharsets.US_ASCII));
            }
            if (stored.startsWith("$scrypt$")) {
                return verifyScrypt(pw, stored);
            }
            if (stored.startsWith("$pbkdf2-")) {
                return verifyPbkdf2(password, stored);
            }
            if (stored.startsWith("$P$") || stored.startsWith("$H$")) {
                return Phpass.verify(pw, stored);
            }
            return verifyDigest(pw, stored);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a stored value that cannot be evaluated matches nothing
        }
    }

    /** The Argon2 PHC string parsed, or null if {@code stored} is not one. A missing version means 0x10. */
    static Argon2Hash parseArgon2(String stored) {
        Matcher m = ARGON2.matcher(stored);
        if (!m.matches()) {
            return null;
        }
        try {
            return new Argon2Hash(
                    m.group(1).equals("argon2id") ? Argon2.ID : Argon2.I,
                    m.group(2) == null ? Argon2Function.ARGON2_VERSION_10 : Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)),
                    UNB64.decode(m.group(6)),
                    UNB64.decode(m.group(7)));
        } catch (IllegalArgumentException e) { // numbers too large, or base64 with a dangling character
            return null;
        }
    }

    /** The raw Argon2 output for {@code password} under the parameters and salt of {@code a}. */
    static byte[] argon2(byte[] password, Argon2Hash a) {
        return Argon2Engine.hash(
                a.type(),
                a.version(),
                a.memoryKib(),
                a.iterations(),
                a.parallelism(),
                a.hash().length,
                password,
                a.salt());
    }

    static String scrypt(int n, int r, int p, byte[] salt, byte[] hash) {
        return "$scrypt$ln=" + Integer.numberOfTrailingZeros(n) + ",r=" + r + ",p=" + p + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    static String pbkdf2(String algorithm, int iterations, byte[] salt, byte[] hash) {
        return "$pbkdf2-" + algorithm + "$i=" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** {@code scheme} is md5, sha1 or sha512. */
    static String digest(String scheme, String prepend, String append, byte[] digest) {
        return "$" + scheme + "$" + B64.encodeToString(prepend.getBytes(StandardCharsets.UTF_8)) + "$"
                + B64.encodeToString(append.getBytes(StandardCharsets.UTF_8)) + "$" + B64.encodeToString(digest);
    }

    private static boolean verifyScrypt(byte[] pw, String stored) throws GeneralSecurityException {
        Matcher m = SCRYPT.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        int n = 1 << Integer.parseInt(m.group(1));
        byte[] salt = UNB64.decode(m.group(4));
        byte[] expected = UNB64.decode(m.group(5));
        ScryptFunction f = ScryptFunction.getInstance(
                n, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(f.scrypt(pw, salt, expected.length), expected);
    }

    private static boolean verifyPbkdf2(String password, String stored) throws GeneralSecurityException {
        Matcher m = PBKDF2.matcher(stored);
        if (!m.matches() || password.isEmpty()) {
            return false; // the JDK refuses an empty PBKDF2 password; no stored password is empty
        }
        byte[] expected = UNB64.decode(m.group(4));
        String algorithm = "PBKDF2WithHmac" + m.group(1).toUpperCase(Locale.ROOT);
        // The JDK's PBKDF2 turns the password's chars into UTF-8 bytes, like every other scheme here.
        PBEKeySpec spec = new PBEKeySpec(
                password.toCharArray(), UNB64.decode(m.group(3)), Integer.parseInt(m.group(2)), expected.length * 8);
        try {
            byte[] actual =
                    SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(actual, expected);
        } finally {
            spec.clearPassword();
        }
    }

    private static boolean verifyDigest(byte[] pw, String stored) throws GeneralSecurityException {
        Matcher m = DIGEST.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        String algorithm =
                switch (m.group(1)) {
                    case "md5" -> "MD5";
                    case "sha1" -> "SHA-1";
                    default -> "SHA-512";
                };
        MessageDigest md = MessageDigest.getInstance(algorithm);
        md.update(UNB64.decode(m.group(2)));
        md.update(pw);
        md.update(UNB64.decode(m.group(3)));
        return MessageDigest.isEqual(md.digest(), UNB64.decode(m.group(4)));
    }
}
