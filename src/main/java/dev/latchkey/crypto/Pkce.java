package dev.latchkey.crypto;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636, S256) for emailed tokens: a link started with a {@code code_challenge} is only redeemed with its
 * {@code code_verifier}. Stores compare the challenge in their consuming statement, so a failed check never uses
 * the token up; {@link #whyNot} then names the failure.
 */
public final class Pkce {
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Pkce() {}

    /** The challenge to store (null when none given); {@code invalid_pkce_code_challenge} if malformed. */
    public static String challenge(String codeChallenge) {
        if (codeChallenge == null || codeChallenge.isEmpty()) {
            return null;
        }
        String c = codeChallenge.endsWith("=") ? codeChallenge.substring(0, codeChallenge.length() - 1) : codeChallenge;
        if (!CHALLENGE.matcher(c).matches()) {
            throw new ApiException(
                    ErrorType.INVALID_PKCE_CODE_CHALLENGE,
                    "code_challenge must be the base64url SHA-256 of a code_verifier.");
        }
        return c;
    }

    /** The challenge a verifier answers (null when no verifier was given). */
    public static String challengeOfVerifier(String codeVerifier) {
        return codeVerifier == null || codeVerifier.isEmpty() ? null : s256(codeVerifier);
    }

    /** RFC 7636 §4.6 S256: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), without padding. */
    public static String s256(String verifier) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Digests.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Why a live token was not redeemed: a missing, unexpected or wrong verifier. */
    public static ApiException whyNot(String storedChallenge, String givenChallenge) {
        if (storedChallenge != null && givenChallenge == null) {
            return new ApiException(
                    ErrorType.PKCE_EXPECTED_CODE_VERIFIER,
                    "This link was sent with a code_challenge; send its code_verifier.");
        }
        if (storedChallenge == null) {
            return new ApiException(
                    ErrorType.PKCE_DID_NOT_EXPECT_CODE_VERIFIER,
                    "This link was sent without a code_challenge; do not send a code_verifier.");
        }
        return new ApiException(ErrorType.PKCE_MISMATCH, "code_verifier does not match the code_challenge.");
    }
}
