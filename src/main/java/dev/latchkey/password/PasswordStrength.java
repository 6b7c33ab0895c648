package dev.latchkey.password;

import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The password strength policy (Stytch's two: zxcvbn, the default, valid at score 3 or more; or LUDS, a
 * minimum length and a number of character classes among lower case, upper case, digits and symbols) plus
 * breach detection.
 *
 * <p>Breach detection works offline: a password counts as breached when, lower-cased, it is one of the 30,000
 * most common leaked passwords in zxcvbn's own {@code passwords} frequency list (Xato's corpus of leaked
 * passwords), which zxcvbn4j ships. This is a much smaller list than HaveIBeenPwned, which Stytch queries, but
 * needs no network and holds the passwords attackers try first. Breach detection is always on
 * ({@code breach_detection_on_create}) and applies under both policies.
 *
 * <p>On top of either policy a password needs at least {@value #MIN_LENGTH} characters (Unicode code points),
 * OWASP ASVS 4.0.3 2.1.1: a shorter one is never valid, whatever its score, and under LUDS the minimum length is
 * the larger of the configured one and {@value #MIN_LENGTH}.
 *
 * <p>zxcvbn's running time grows steeply with length (a random 100-character password takes ~0.3 s, 1,000
 * characters ~15 s), so only the first {@value #ZXCVBN_MAX_CHARS} characters are scored; a longer password is
 * at least as strong as its prefix.
 */
public final class PasswordStrength {
    static final int ZXCVBN_MAX_CHARS = 64;
    /** ASVS 2.1.1: passwords of at least 12 characters. */
    public static final int MIN_LENGTH = 12;

    private static final String TOO_SHORT = "Use at least " + MIN_LENGTH + " characters.";
    private static final int PASSING_SCORE = 3;
    private static final String BREACHED_WARNING = "This password is on a list of passwords exposed in data breaches.";

    private final Policy policy;
    private final LudsRules luds;

    /**
     * zxcvbn and the breach list, loaded by the first check and shared by every instance of the JVM (issue 12:
     * loading them took about 0.1 s of the start, before the server was ready, for a list most requests never use).
     */
    private static final class Lists {
        static final Zxcvbn ZXCVBN = new Zxcvbn();
        static final Set<String> BREACHED = breached();

        private static Set<String> breached() {
            try {
                return Set.copyOf(StandardDictionaries.PASSWORDS_LOADER
                        .load()
                        .getRankedDictionary()
                        .keySet());
            } catch (IOException e) {
                throw new UncheckedIOException("zxcvbn's password list is missing from the classpath", e);
            }
        }
    }

    /** The strength policy; wire names {@code zxcvbn} and {@code luds}. */
    public enum Policy {
        ZXCVBN,
        LUDS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** LUDS rules: minimum length in characters and how many of the four character classes are required. */
    public record LudsRules(int minLength, int minComplexity) {
        public static final LudsRules DEFAULT = new LudsRules(8, 3);

        public LudsRules {
            if (minLength < 1 || minComplexity < 0 || minComplexity > 4) {
                throw new IllegalArgumentException("invalid LUDS rules " + minLength + "/" + minComplexity);
            }
        }
    }

    /** zxcvbn policy. */
    public PasswordStrength() {
        this(Policy.ZXCVBN, LudsRules.DEFAULT);
    }

    public PasswordStrength(Policy policy, LudsRules luds) {
        this.policy = policy;
        this.luds = new LudsRules(Math.max(MIN_LENGTH, luds.minLength()), luds.minComplexity());
    }

    /** The LUDS rules in force (minimum length at least {@value #MIN_LENGTH}) when the policy is LUDS; else empty. */
    public java.util.Optional<LudsRules> ludsRules() {
        return policy == Policy.LUDS ? java.util.Optional.of(luds) : java.util.Optional.empty();
    }

    /** Scores {@code password}; the email address, if given, counts against passwords that contain it. */
    public StrengthCheck check(String password, String email) {
        boolean isBreached = Lists.BREACHED.contains(password.toLowerCase(Locale.ROOT));
        Strength z = Lists.ZXCVBN.measure(prefix(password), userInputs(email));
        StrengthCheck.LudsFeedback l = luds(password);
        boolean tooShort = password.codePointCount(0, password.length()) < MIN_LENGTH;
        boolean valid = !isBreached
                && !tooShort
                && switch (policy) {
                    case ZXCVBN -> z.getScore() >= PASSING_SCORE;
                    case LUDS -> l.missingCharacters() == 0 && l.missingComplexity() == 0;
                };
        StrengthCheck.ZxcvbnFeedback feedback = new StrengthCheck.ZxcvbnFeedback("", List.of());
        if (!valid && policy == Policy.ZXCVBN) {
            String warning = nullToEmpty(z.getFeedback().getWarning(Locale.ROOT));
            List<String> suggestions = new ArrayList<>(z.getFeedback().getSuggestions(Locale.ROOT));
            if (isBreached && warning.isEmpty()) {
                warning = BREACHED_WARNING;
            }
            if (tooShort) {
                // zxcvbn can score a short password 3 or 4 and then says nothing; the length rule must be told.
                warning = warning.isEmpty() ? TOO_SHORT : warning;
                suggestions.add(0, TOO_SHORT);
            }
            feedback = new StrengthCheck.ZxcvbnFeedback(warning, List.copyOf(suggestions));
        }
        return new StrengthCheck(valid, z.getScore(), isBreached, policy.wireName(), true, l, feedback);
    }

    /**
     * Accepts a password to be set, or raises {@code breached_password} (it is on the breach list) or
     * {@code weak_password} (it fails the policy), both 400.
     */
    public void require(String password, String email) {
        StrengthCheck c = check(password, email);
        if (c.breachedPassword()) {
            throw new ApiException(
                    ErrorType.BREACHED_PASSWORD,
                    "The password appears in a list of breached passwords; choose another.");
        }
        if (!c.validPassword()) {
            String warning = c.zxcvbnFeedback().warning();
            boolean tooShort = c.zxcvbnFeedback().suggestions().contains(TOO_SHORT) && !warning.equals(TOO_SHORT);
            String why = policy == Policy.ZXCVBN
                    ? warning + (tooShort ? " " + TOO_SHORT : "")
                    : "It needs at least " + luds.minLength() + " characters and " + luds.minComplexity()
                            + " of lower case, upper case, digits and symbols.";
            throw new ApiException(ErrorType.WEAK_PASSWORD, ("The password is too weak. " + why).trim());
        }
    }

    /** LUDS classes: a-z, A-Z, 0-9, and (as Stytch defines it) any other character is a symbol. */
    private StrengthCheck.LudsFeedback luds(String password) {
        boolean lower = false, upper = false, digit = false, symbol = false;
        int length = 0;
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            length++;
            if (cp >= 'a' && cp <= 'z') {
                lower = true;
            } else if (cp >= 'A' && cp <= 'Z') {
                upper = true;
            } else if (cp >= '0' && cp <= '9') {
                digit = true;
            } else {
                symbol = true;
            }
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        return new StrengthCheck.LudsFeedback(
                lower,
                upper,
                digit,
                symbol,
                Math.max(0, luds.minComplexity() - classes),
                Math.max(0, luds.minLength() - length));
    }

    private static String prefix(String password) {
        if (password.codePointCount(0, password.length()) <= ZXCVBN_MAX_CHARS) {
            return password;
        }
        return password.substring(0, password.offsetByCodePoints(0, ZXCVBN_MAX_CHARS));
    }

    /** The address and its local part, whole and split at . _ + -, so "alice.smith2024" scores as guessable. */
    private static List<String> userInputs(String email) {
        List<String> inputs = new ArrayList<>();
        if (email == null || email.isBlank()) {
            return inputs;
        }
        String e = email.trim().toLowerCase(Locale.ROOT);
        inputs.add(e);
        int at = e.indexOf('@');
        if (at > 0) {
            String local = e.substring(0, at);
            inputs.add(local);
            for (String part : local.split("[._+-]")) {
                if (part.length() >= 3) {
                    inputs.add(part);
                }
            }
        }
        return inputs;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
