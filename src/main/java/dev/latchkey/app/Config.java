package dev.latchkey.app;

import dev.latchkey.delivery.DeliveryConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the server is configured with, read from {@code LATCHKEY_*} environment variables.
 *
 * @param databaseUrl JDBC URL of an external PostgreSQL, or null for the embedded one in {@code dataDir}
 * @param masterKey base64 of 32 bytes, or null to use (and create) {@code dataDir/master.key}
 * @param delivery the SMTP and SMS providers ({@link DeliveryConfig#fromEnvironment})
 * @param redirectUrls {@code LATCHKEY_REDIRECT_URLS}: redirect URLs added to the bootstrap project (see
 *     {@link dev.latchkey.project.RedirectUrls#addFromSetting})
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        String masterKey,
        String bootstrapProjectId,
        String bootstrapProjectSecret,
        String bootstrapPublicToken,
        DeliveryConfig delivery,
        String redirectUrls) {

    public static Config fromEnvironment(Map<String, String> env) {
        return new Config(
                env.getOrDefault("LATCHKEY_HOST", "0.0.0.0"),
                Integer.parseInt(env.getOrDefault("LATCHKEY_PORT", "8080")),
                Path.of(env.getOrDefault("LATCHKEY_DATA_DIR", "./latchkey-data")),
                jdbcUrl(env.get("LATCHKEY_DATABASE_URL")),
                env.getOrDefault("LATCHKEY_DATABASE_USER", "postgres"),
                env.getOrDefault("LATCHKEY_DATABASE_PASSWORD", ""),
                Integer.parseInt(env.getOrDefault("LATCHKEY_DATABASE_POOL_SIZE", "16")),
                env.get("LATCHKEY_MASTER_KEY"),
                env.get("LATCHKEY_PROJECT_ID"),
                env.get("LATCHKEY_PROJECT_SECRET"),
                env.get("LATCHKEY_PUBLIC_TOKEN"),
                DeliveryConfig.fromEnvironment(env),
                env.get("LATCHKEY_REDIRECT_URLS"));
    }

    /** Accepts {@code jdbc:postgresql://…} as is and {@code postgres(ql)://host/db} by adding the JDBC prefix. */
    static String jdbcUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.startsWith("postgres://")) {
            return "jdbc:postgresql://" + url.substring("postgres://".length());
        }
        return url.startsWith("postgresql://") ? "jdbc:" + url : url;
    }
}
