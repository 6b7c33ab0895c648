package dev.latchkey.password;

/**
 * A password hash from another system, as {@code passwords/migrate} receives it: {@code hash_type} is one of
 * {@code bcrypt}, {@code scrypt}, {@code argon_2i}, {@code argon_2id}, {@code pbkdf_2}, {@code md_5},
 * {@code sha_1}, {@code sha_512} or {@code phpass}, and the config matching the type carries its parameters.
 * Null means not given. {@link HashImports#encode} says what each type expects.
 */
public record HashImport(
        String hashType,
        String hash,
        SaltConfig md5Config,
        Argon2Config argon2Config,
        SaltConfig sha1Config,
        SaltConfig sha512Config,
        ScryptConfig scryptConfig,
        Pbkdf2Config pbkdf2Config) {

    /** {@code md_5_config}, {@code sha_1_config}, {@code sha_512_config}: text around the password. */
    public record SaltConfig(String prependSalt, String appendSalt) {}

    /** {@code argon_2_config}, for an Argon2 hash given as hex rather than as a PHC string. */
    public record Argon2Config(
            String salt, Integer iterationAmount, Integer memory, Integer threads, Integer keyLength) {}

    /** {@code scrypt_config}, for an scrypt hash given as base64 rather than as a PHC string. */
    public record ScryptConfig(
            String salt, Integer nParameter, Integer rParameter, Integer pParameter, Integer keyLength) {}

    /** {@code pbkdf_2_config}. */
    public record Pbkdf2Config(String salt, Integer iterationAmount, Integer keyLength, String algorithm) {}
}
