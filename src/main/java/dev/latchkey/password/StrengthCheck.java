package dev.latchkey.password;

import java.util.List;

/** The verdict on a candidate password, shaped like the {@code passwords/strength_check} response. */
public record StrengthCheck(
        boolean validPassword,
        int score,
        boolean breachedPassword,
        String strengthPolicy,
        boolean breachDetectionOnCreate,
        LudsFeedback ludsFeedback,
        ZxcvbnFeedback zxcvbnFeedback) {

    /** Which LUDS classes the password has, and how far it is from the LUDS rules. */
    public record LudsFeedback(
            boolean hasLowerCase,
            boolean hasUpperCase,
            boolean hasDigit,
            boolean hasSymbol,
            int missingComplexity,
            int missingCharacters) {}

    /** zxcvbn's warning and suggestions; empty when the password is valid. */
    public record ZxcvbnFeedback(String warning, List<String> suggestions) {}
}
