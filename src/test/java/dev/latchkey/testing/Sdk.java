package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.stytch.java.common.ErrorResponse;
import com.stytch.java.common.StytchException;
import com.stytch.java.common.StytchResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Unwraps official Java SDK results. A response the SDK cannot map into its models surfaces as
 * {@code StytchResult.Error(StytchException.Critical)}; both helpers fail the test on it, naming the reason.
 */
public final class Sdk {
    private Sdk() {}

    /** The value of a successful call; fails on any error, in particular a mapping failure. */
    public static <T> T ok(CompletableFuture<StytchResult<T>> call) {
        StytchResult<T> result = await(call);
        if (result instanceof StytchResult.Success<T> success) {
            assertThat(success.getValue()).isNotNull();
            return success.getValue();
        }
        return fail("expected success, got " + describe(result));
    }

    /** The error envelope of a failed call, as the SDK parsed it; fails on success or a mapping failure. */
    public static ErrorResponse error(CompletableFuture<? extends StytchResult<?>> call) {
        StytchResult<?> result = await(call);
        if (result instanceof StytchResult.Error e && e.getException() instanceof StytchException.Response r) {
            ErrorResponse reason = r.getReason();
            assertThat(reason.getRequestId()).startsWith("request-id-");
            assertThat(reason.getErrorMessage()).isNotBlank();
            assertThat(reason.getErrorUrl()).endsWith("#" + reason.getErrorType());
            return reason;
        }
        return fail("expected an error response, got " + describe(result));
    }

    /** Asserts the error's type and status code, as the SDK reports them. */
    public static ErrorResponse error(
            CompletableFuture<? extends StytchResult<?>> call, String errorType, int statusCode) {
        ErrorResponse reason = error(call);
        assertThat(reason.getErrorType()).as(reason.getErrorMessage()).isEqualTo(errorType);
        assertThat(reason.getStatusCode()).isEqualTo(statusCode);
        return reason;
    }

    private static <R> R await(CompletableFuture<R> call) {
        try {
            return call.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("SDK call did not complete", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String describe(StytchResult<?> result) {
        if (result instanceof StytchResult.Error e && e.getException() instanceof StytchException.Critical c) {
            return "Critical(" + c.getReason() + ", rest of body: " + c.getResponse() + ")";
        }
        return String.valueOf(result);
    }
}
