package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    @Test
    void decodeWhenGivenAnEncodedCursorThenReturnsTheSamePosition() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-27T12:00:00.123456Z"), "organization-test-1234");

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void encodeWhenTimeHasNanosecondsThenKeepsMicroseconds() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-27T12:00:00.123456789Z"), "member-test-1");

        // PostgreSQL keeps microseconds, so the cursor does too.
        assertThat(Cursor.decode(cursor.encode()).createdAt()).isEqualTo(Instant.parse("2026-11-27T12:00:00.123456Z"));
    }

    @Test
    void encodeThenCursorIsUrlSafeWithoutPadding() {
        String encoded = new Cursor(Instant.parse("2026-01-01T00:00:00Z"), "id-with-?&/+").encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "!!!",
                "not a cursor",
                "bm8tYmFy", // "no-bar"
                "YWJjfGlk", // "abc|id"
                "MTIzfA", // "123|" (no id)
                "LTF8aWQ", // "-1|id"
                "OTAwMDAwMDAwMDAwMDAwMDAwMHxpZA", // "9000000000000000000|id": year 287 000
                "OTk5OTk5OTk5OTk5OTk5OTk5OTk5fGlk" // overflows a long
            })
    void decodeWhenGivenGarbageThenBadRequest(String garbage) {
        assertThatThrownBy(() -> Cursor.decode(garbage))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST));
    }

    @Test
    void decodeWhenIdHasAControlCharacterThenBadRequest() {
        String withNul = Base64.getUrlEncoder().encodeToString("1000|a\u0000b".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Cursor.decode(withNul))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST));
    }
}
