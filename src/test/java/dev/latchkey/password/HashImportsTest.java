package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imported hashes verify against published test vectors (OpenBSD bcrypt, the Argon2 reference README,
 * RFC 7914 for scrypt and PBKDF2-HMAC-SHA256, FIPS 180 / RFC 1321 digests, hashcat's phpass example), a wrong
 * password does not, and every imported form asks to be re-hashed.
 */
class HashImportsTest {
    // Small Argon2 parameters: only imported hashes are verified here, never this hasher's own.
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Argon2Params(64, 1, 1), 2);

    private static final String BCRYPT_U_U = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
    private static final String ARGON2I_REF =
            "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
    private static final String ARGON2ID_REF =
            "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo";
    // RFC 7914 §12: scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64)
    private static final String SCRYPT_RFC = "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640";
    // RFC 7914 §11: PBKDF2-HMAC-SHA256(P="passwd", S="salt", c=1, dkLen=64)
    private static final String PBKDF2_SHA256_RFC = "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783";

    @Test
    void bcryptFromOpenBsdVectorVerifiesInEveryPrefix() {
        for (String prefix : new String[] {"$2a$", "$2b$", "$2y$"}) {
            String stored = encode("bcrypt", BCRYPT_U_U.replace("$2a$", prefix));
            assertMatches(stored, "U*U", "U*V");
        }
    }

    @Test
    void argon2PhcStringsFromReferenceVerify() {
        // The reference vectors use 64 MiB and 4 lanes; one check each keeps the test quick.
        assertThat(hasher.verify("password", encode("argon_2i", ARGON2I_REF)).matches())
                .isTrue();
        assertThat(hasher.verify("password", encode("argon_2id", ARGON2ID_REF)).matches())
                .isTrue();
    }

    @Test
    void argon2HashesMadeByPassword4jVerifyAndRejectWrongPasswords() {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (Argon2 type : new Argon2[] {Argon2.I, Argon2.ID}) {
            String phc = Argon2Function.getInstance(256, 3, 2, 24, type, Argon2Function.ARGON2_VERSION_13)
                    .hash("pässwörd 🔑".getBytes(StandardCharsets.UTF_8), salt)
                    .getResult();
            assertMatches(encode(type == Argon2.I ? "argon_2i" : "argon_2id", phc), "pässwörd 🔑", "passwörd 🔑");
        }
    }

    @Test
    void argon2HexFormWithConfigBecomesThePhcString() {
        String raw =
                HexFormat.of().formatHex(Base64.getDecoder().decode("GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"));
        String stored = HashImports.encode(
                importOf("argon_2id", raw, null, new HashImport.Argon2Config("somesalt", 2, 65536, 4, 32), null, null));
        assertThat(stored).isEqualTo(ARGON2ID_REF);
    }

    @Test
    void scryptWithConfigVerifiesAgainstRfc7914() {
        byte[] dk = HexFormat.of().parseHex(SCRYPT_RFC);
        String stored = HashImports.encode(importOf(
                "scrypt",
                Base64.getEncoder().encodeToString(dk),
                null,
                null,
                new HashImport.ScryptConfig("TmFDbA==", 1024, 8, 16, 64),
                null));
        assertMatches(stored, "password", "passworD");
    }

    @Test
    void scryptPhcStringVerifies() {
        String b64 = Base64.getEncoder()
                .withoutPadding()
                .encodeToString(HexFormat.of().parseHex(SCRYPT_RFC));
        assertMatches(encode("scrypt", "$scrypt$ln=10,r=8,p=16$TmFDbA$" + b64), "password", "wrong");
    }

    @Test
    void pbkdf2Sha256VerifiesAgainstRfc7914AndIsTheDefault() {
        String hash = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(PBKDF2_SHA256_RFC));
        String salt = Base64.getEncoder().encodeToString("salt".getBytes(StandardCharsets.US_ASCII));
        for (String algorithm : new String[] {"sha256", "", null}) {
            String stored = HashImports.encode(
                    importOf("pbkdf_2", hash, null, null, null, new HashImport.Pbkdf2Config(salt, 1, 64, algorithm)));
            assertMatches(stored, "passwd", "password");
        }
    }

    @Test
    void pbkdf2Sha512VerifiesAgainstKnownVector() {
        // PBKDF2-HMAC-SHA512("password", "salt", 1, 64), the widely published vector
        String hash = Base64.getEncoder()
                .encodeToString(HexFormat.of()
                        .parseHex("867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
                                + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"));
        String stored = HashImports.encode(
                importOf("pbkdf_2", hash, null, null, null, new HashImport.Pbkdf2Config("c2FsdA==", 1, 64, "sha512")));
        assertMatches(stored, "password", "passwd");
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 1321 / FIPS 180-4 digests of "abc", split as prepend "a" + password "b" + append "c"
        "md_5, 900150983cd24fb0d6963f7d28e17f72",
        "sha_1, A9993E364706816ABA3E25717850C26C9CD0D89D",
        "sha_512, ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
    })
    void saltedDigestsVerifyWithPrependAndAppendSalts(String type, String hex) {
        HashImport.SaltConfig salts = new HashImport.SaltConfig("a", "c");
        HashImport in = new HashImport(
                type,
                hex,
                type.equals("md_5") ? salts : null,
                null,
                type.equals("sha_1") ? salts : null,
                type.equals("sha_512") ? salts : null,
                null,
                null);
        assertMatches(HashImports.encode(in), "b", "abc");
    }

    @Test
    void unsaltedDigestAcceptsBase64AsWellAsHex() {
        // MD5("abc") as base64
        String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex("900150983cd24fb0d6963f7d28e17f72"));
        assertMatches(encode("md_5", b64), "abc", "ab");
    }

    @Test
    void phpassFromHashcatExampleVerifies() {
        assertMatches(encode("phpass", "$P$984478476IagS59wHZvyQMArzfx58u."), "hashcat", "hashcaT");
    }

    @Test
    void encodeWhenHashTypeUnknownThenInvalidHashType() {
        assertError(() -> encode("md4", "abc"), ErrorType.INVALID_HASH_TYPE);
        assertError(() -> encode(null, "abc"), ErrorType.INVALID_HASH_TYPE);
    }

    @Test
    void encodeWhenHashMalformedThenTypeSpecificError() {
        assertError(() -> encode("bcrypt", "$2a$05$short"), ErrorType.INVALID_BCRYPT_HASH);
        assertError(() -> encode("bcrypt", BCRYPT_U_U.replace("$05$", "$31$")), ErrorType.INVALID_BCRYPT_COST);
        assertError(() -> encode("md_5", "900150983cd24fb0d6963f7d28e17f7"), ErrorType.INVALID_MD_5_HASH);
        assertError(() -> encode("sha_1", "zz993e364706816aba3e25717850c26c9cd0d89d"), ErrorType.INVALID_SHA_1_HASH);
        assertError(() -> encode("sha_512", "900150983cd24fb0d6963f7d28e17f72"), ErrorType.INVALID_SHA_512_HASH);
        assertError(() -> encode("argon_2id", ARGON2I_REF), ErrorType.INVALID_HASH);
        assertError(() -> encode("argon_2id", "$argon2id$v=19$m=65536$bad"), ErrorType.INVALID_HASH);
        assertError(() -> encode("argon_2id", "abcdef"), ErrorType.INVALID_HASH); // hex without config
        assertError(() -> encode("scrypt", "c2NyeXB0"), ErrorType.INVALID_SCRYPT_PARAMETERS); // no config
        assertError(() -> encode("scrypt", "$scrypt$ln=10$x"), ErrorType.INVALID_HASH);
        assertError(() -> encode("pbkdf_2", "c2NyeXB0"), ErrorType.INVALID_PBKDF_2_HASH); // no config
        assertError(() -> encode("phpass", "$X$984478476IagS59wHZvyQMArzfx58u."), ErrorType.INVALID_PHPASS_HASH_PREFIX);
        assertError(() -> encode("phpass", "$P$984478476IagS59wHZvyQMArzfx58u"), ErrorType.INVALID_PHPASS_HASH_FORMAT);
        assertError(() -> encode("phpass", "$P$Z84478476IagS59wHZvyQMArzfx58u."), ErrorType.INVALID_PHPASS_HASH_FORMAT);
    }

    @Test
    void encodeWhenArgon2ParametersOutOfRangeThenSpecificErrors() {
        String raw = "00112233445566778899aabbccddeeff";
        assertError(
                () -> argon2Hex(raw, new HashImport.Argon2Config("somesalt", 0, 65536, 1, 16)),
                ErrorType.INVALID_ARGON_2_ITERATION_AMOUNT);
        assertError(
                () -> argon2Hex(raw, new HashImport.Argon2Config("somesalt", 2, 4, 1, 16)),
                ErrorType.INVALID_ARGON_2_MEMORY);
        assertError(
                () -> argon2Hex(raw, new HashImport.Argon2Config("somesalt", 2, 4_194_304, 1, 16)),
                ErrorType.INVALID_ARGON_2_MEMORY);
        assertError(
                () -> argon2Hex(raw, new HashImport.Argon2Config("somesalt", 2, 65536, 0, 16)),
                ErrorType.INVALID_ARGON_2_THREADS);
        assertError(
                () -> argon2Hex(raw, new HashImport.Argon2Config("short", 2, 65536, 1, 16)),
                ErrorType.INVALID_ARGON_2_SALT);
        assertError(
                () -> argon2Hex(raw, new HashImport.Argon2Config("somesalt", 2, 65536, 1, 2)),
                ErrorType.INVALID_ARGON_2_KEY_LENGTH);
        assertError(
                () -> argon2Hex(raw, new HashImport.Argon2Config("somesalt", 2, 65536, 1, 32)),
                ErrorType.ARGON_2_KEY_LENGTH_MISMATCH);
    }

    @Test
    void encodeWhenScryptParametersOutOfRangeThenSpecificErrors() {
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        assertError(
                () -> scrypt(hash, new HashImport.ScryptConfig("TmFDbA==", 1000, 8, 1, 32)),
                ErrorType.INVALID_SCRYPT_N_PARAMETER);
        assertError(
                () -> scrypt(hash, new HashImport.ScryptConfig("TmFDbA==", 524288, 8, 1, 32)),
                ErrorType.INVALID_SCRYPT_N_PARAMETER);
        assertError(
                () -> scrypt(hash, new HashImport.ScryptConfig("TmFDbA==", 1024, 0, 1, 32)),
                ErrorType.INVALID_SCRYPT_PARAMETERS);
        assertError(
                () -> scrypt(hash, new HashImport.ScryptConfig("not base64!", 1024, 8, 1, 32)),
                ErrorType.INVALID_BASE64_SCRYPT_SALT);
        assertError(
                () -> scrypt(hash, new HashImport.ScryptConfig("", 1024, 8, 1, 32)),
                ErrorType.INVALID_SCRYPT_SALT_LENGTH);
        assertError(
                () -> scrypt("***", new HashImport.ScryptConfig("TmFDbA==", 1024, 8, 1, 32)),
                ErrorType.INVALID_BASE64_SCRYPT_HASH);
        assertError(
                () -> scrypt(hash, new HashImport.ScryptConfig("TmFDbA==", 1024, 8, 1, 64)),
                ErrorType.SCRYPT_KEY_LENGTH_MISMATCH);
    }

    @Test
    void encodeWhenPbkdf2ConfigBadThenSpecificErrors() {
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        assertError(
                () -> pbkdf2(hash, new HashImport.Pbkdf2Config("***", 1000, 32, "sha256")),
                ErrorType.INVALID_PBKDF_2_SALT);
        assertError(
                () -> pbkdf2(hash, new HashImport.Pbkdf2Config("c2FsdA==", 1000, 32, "md5")),
                ErrorType.INVALID_PBKDF_2_HASH);
        assertError(
                () -> pbkdf2(hash, new HashImport.Pbkdf2Config("c2FsdA==", 0, 32, "sha256")),
                ErrorType.INVALID_PBKDF_2_HASH);
        assertError(
                () -> pbkdf2(hash, new HashImport.Pbkdf2Config("c2FsdA==", 1000, 64, "sha256")),
                ErrorType.INVALID_PBKDF_2_HASH);
    }

    @Test
    void encodeWhenSaltsTooLongThenSaltErrors() {
        String longSalt = "x".repeat(1025);
        assertError(
                () -> HashImports.encode(importOf(
                        "md_5",
                        "900150983cd24fb0d6963f7d28e17f72",
                        new HashImport.SaltConfig(longSalt, ""),
                        null,
                        null,
                        null)),
                ErrorType.INVALID_PREPEND_SALT);
        assertError(
                () -> HashImports.encode(importOf(
                        "md_5",
                        "900150983cd24fb0d6963f7d28e17f72",
                        new HashImport.SaltConfig("", longSalt),
                        null,
                        null,
                        null)),
                ErrorType.INVALID_APPEND_SALT);
    }

    private void assertMatches(String stored, String right, String wrong) {
        PasswordHasher.Verification ok = hasher.verify(right, stored);
        assertThat(ok.matches()).as("right password against %s", stored).isTrue();
        assertThat(ok.needsRehash()).as("imported hashes are re-hashed").isTrue();
        assertThat(hasher.verify(wrong, stored).matches()).as("wrong password").isFalse();
    }

    private static String encode(String type, String hash) {
        return HashImports.encode(new HashImport(type, hash, null, null, null, null, null, null));
    }

    private static String argon2Hex(String hash, HashImport.Argon2Config c) {
        return HashImports.encode(importOf("argon_2id", hash, null, c, null, null));
    }

    private static String scrypt(String hash, HashImport.ScryptConfig c) {
        return HashImports.encode(importOf("scrypt", hash, null, null, c, null));
    }

    private static String pbkdf2(String hash, HashImport.Pbkdf2Config c) {
        return HashImports.encode(importOf("pbkdf_2", hash, null, null, null, c));
    }

    private static HashImport importOf(
            String type,
            String hash,
            HashImport.SaltConfig md5,
            HashImport.Argon2Config argon2,
            HashImport.ScryptConfig scrypt,
            HashImport.Pbkdf2Config pbkdf2) {
        return new HashImport(type, hash, md5, argon2, null, null, scrypt, pbkdf2);
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .isEqualTo(type));
    }
}
