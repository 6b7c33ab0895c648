package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void fromEnvironmentWhenOptionalValuesAreBlankThenTheyAreUnset() {
        // compose.yaml passes LATCHKEY_PROJECT_ID= (and the like) when the operator sets nothing
        Config config = Config.fromEnvironment(Map.of(
                "LATCHKEY_MASTER_KEY", "",
                "LATCHKEY_PROJECT_ID", "",
                "LATCHKEY_PROJECT_SECRET", " ",
                "LATCHKEY_PUBLIC_TOKEN", "",
                "LATCHKEY_REDIRECT_URLS", ""));
        assertThat(config.masterKey()).isNull();
        assertThat(config.bootstrapProjectId()).isNull();
        assertThat(config.bootstrapProjectSecret()).isNull();
        assertThat(config.bootstrapPublicToken()).isNull();
        assertThat(config.redirectUrls()).isNull();
    }
}
