package dev.latchkey.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://localhost:3000, http://localhost:3000",
        "HTTPS://App.Example.COM, https://app.example.com",
        "https://app.example.com/, https://app.example.com",
        "https://app.example.com:443, https://app.example.com",
        "http://app.example.com:80, http://app.example.com",
        "http://app.example.com:443, http://app.example.com:443",
        "https://app.example.com:8443, https://app.example.com:8443",
        "http://127.0.0.1:5173, http://127.0.0.1:5173",
        "http://[::1]:8080, http://[::1]:8080",
        "https://bücher.example, https://xn--bcher-kva.example",
        "'  https://app.example.com  ', https://app.example.com"
    })
    void normalizeThenTheFormBrowsersSendInOrigin(String given, String expected) {
        assertThat(Origins.normalize(given)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "app.example.com",
                "ftp://app.example.com",
                "https://app.example.com/path",
                "https://app.example.com?x=1",
                "https://app.example.com#x",
                "https://user@app.example.com",
                "*",
                "https://*.example.com",
                "null"
            })
    void normalizeWhenNotAnOriginThenRejected(String given) {
        assertThatThrownBy(() -> Origins.normalize(given)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "file://", "not a url"})
    void ofHeaderWhenOpaqueOrMalformedThenEmpty(String header) {
        assertThat(Origins.ofHeader(header)).isEmpty();
    }
}
