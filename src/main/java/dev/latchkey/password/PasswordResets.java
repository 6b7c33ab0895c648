package dev.latchkey.password;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Pkce;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.delivery.EmailMessage;
import dev.latchkey.delivery.Links;
import dev.latchkey.delivery.Outbox;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Password reset tokens ({@code passwords/email/reset/start} and {@code passwords/email/reset}): a random
 * token mailed as a link, stored as its SHA-256 digest, single use, optionally bound to a PKCE challenge
 * (RFC 7636, S256 only).
 */
public final class PasswordResets {
    public static final int DEFAULT_EXPIRATION_MINUTES = 30;
    public static final int MIN_EXPIRATION_MINUTES = 5;
    public static final int MAX_EXPIRATION_MINUTES = 10_080;
    /**
     * The longest reset link a browser may ask for (/sdk/v1): a public token is no proof of anything, so the
     * browser cannot make a reset link outlive an hour; the backend keeps Stytch's range.
     */
    public static final int SDK_MAX_EXPIRATION_MINUTES = 60;
    /** base64url of a SHA-256 digest: 43 characters (RFC 7636 §4.2). */
    private final PasswordResetStore store;

    private final MemberService members;
    private final OrganizationService organizations;
    private final Outbox outbox;
    private final Clock clock;

    public PasswordResets(
            PasswordResetStore store,
            MemberService members,
            OrganizationService organizations,
            Outbox outbox,
            Clock clock) {
        this.store = store;
        this.members = members;
        this.organizations = organizations;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A reset that was started: the id of its token row and when the token expires. */
    public record ResetStarted(String resetId, Instant expiresAt) {}

    /**
     * Creates a reset token for the member and emails the link
     * {@code <redirectUrl>?stytch_token_type=multi_tenant_passwords&token=<token>}. {@code expirationMinutes}
     * (null: 30) must be 5..{@code maxMinutes} ({@link #MAX_EXPIRATION_MINUTES} on the backend,
     * {@link #SDK_MAX_EXPIRATION_MINUTES} from the browser), else {@code invalid_expiration}; {@code codeChallenge}
     * (optional) must be a
     * base64url SHA-256 digest, else {@code invalid_pkce_code_challenge}. {@code redirectUrl} is required (the
     * caller resolves the project default). {@code locale} picks the email's language (en, es, pt-br, fr;
     * anything else is English).
     */
    public ResetStarted start(
            Handle h,
            Project project,
            Organization org,
            Member member,
            String redirectUrl,
            Integer expirationMinutes,
            int maxMinutes,
            String codeChallenge,
            String locale) {
        PasswordResetStore.ResetToken row = issue(
                h,
                project,
                org.id(),
                member.id(),
                null,
                member.email(),
                org.name(),
                redirectUrl,
                expirationMinutes,
                maxMinutes,
                codeChallenge,
                locale);
        return new ResetStarted(row.id(), row.expiresAt());
    }

    /**
     * {@link #start} for a discovery reset ({@code passwords/discovery/email/reset/start}): the token is bound to the
     * (normalized) address rather than to one member, and names no organization; the same expiry range, PKCE and
     * email apply.
     */
    public ResetStarted startForAddress(
            Handle h,
            Project project,
            String address,
            String redirectUrl,
            Integer expirationMinutes,
            int maxMinutes,
            String codeChallenge,
            String locale) {
        PasswordResetStore.ResetToken row = issue(
                h,
                project,
                null,
                null,
                address,
                address,
                null,
                redirectUrl,
                expirationMinutes,
                maxMinutes,
                codeChallenge,
                locale);
        return new ResetStarted(row.id(), row.expiresAt());
    }

    private PasswordResetStore.ResetToken issue(
            Handle h,
            Project project,
            String organizationId,
            String memberId,
            String boundAddress,
            String to,
            String organizationName,
            String redirectUrl,
            Integer expirationMinutes,
            int maxMinutes,
            String codeChallenge,
            String locale) {
        Objects.requireNonNull(redirectUrl, "redirectUrl");
        int minutes = expirationMinutes == null ? DEFAULT_EXPIRATION_MINUTES : expirationMinutes;
        if (minutes < MIN_EXPIRATION_MINUTES || minutes > maxMinutes) {
            throw new ApiException(
                    ErrorType.INVALID_EXPIRATION,
                    "reset_password_expiration_minutes must be between 5 and " + maxMinutes + ".");
        }
        String challenge = Pkce.challenge(codeChallenge);
        Instant now = now();
        String token = Tokens.token();
        PasswordResetStore.ResetToken row = new PasswordResetStore.ResetToken(
                project.newId("password-reset"),
                project.id(),
                organizationId,
                memberId,
                boundAddress,
                challenge,
                redirectUrl,
                now.plus(Duration.ofMinutes(minutes)),
                null);
        store.insert(h, row, Digests.sha256Hex(token), now);
        String link = Links.withQuery(redirectUrl, "stytch_token_type=multi_tenant_passwords&token=" + token);
        outbox.email(h, project, message(to, organizationName, link, token, minutes, locale));
        return row;
    }

    /**
     * Consumes a reset token in one conditional statement and returns its member. Raises
     * {@code unable_to_auth_password_reset_token} (401) for a token that is unknown, used or expired; for a
     * live token, {@code pkce_expected_code_verifier} when it was started with a challenge and no verifier is
     * given, {@code pkce_did_not_expect_code_verifier} for a verifier without a challenge, and
     * {@code pkce_mismatch} when BASE64URL(SHA256(verifier)) is not the challenge; a PKCE failure leaves the
     * token unconsumed. The consumption is part of the caller's transaction: if the caller then fails (say, a
     * weak new password) and rolls back, the token stays usable.
     */
    public Member consume(Handle h, Project project, String token, String codeVerifier) {
        PasswordResetStore.ResetToken t = consumeRow(h, project, token, codeVerifier, false);
        Organization org = organizations.require(h, project, t.organizationId());
        return members.requireIn(h, project, org, t.memberId());
    }

    /**
     * {@link #consume} for a discovery token: returns the (normalized) address it was started for. A member's token is
     * unknown here, and a discovery token unknown to {@link #consume}.
     */
    public String consumeForAddress(Handle h, Project project, String token, String codeVerifier) {
        return consumeRow(h, project, token, codeVerifier, true).emailAddress();
    }

    private PasswordResetStore.ResetToken consumeRow(
            Handle h, Project project, String token, String codeVerifier, boolean addressBound) {
        if (token == null || token.isEmpty()) {
            throw unableToAuth();
        }
        String digest = Digests.sha256Hex(token);
        String challenge = Pkce.challengeOfVerifier(codeVerifier);
        Instant now = now();
        Optional<PasswordResetStore.ResetToken> consumed =
                store.consume(h, project.id(), digest, challenge, addressBound, now);
        if (consumed.isEmpty()) {
            throw whyNot(store.find(h, project.id(), digest, addressBound), challenge, now);
        }
        return consumed.get();
    }

    /**
     * Ends every outstanding reset token of the member, and the discovery tokens of its address (one statement, in
     * the caller's transaction): once a reset has completed, a link mailed before it must not reset the password
     * again.
     */
    public void consumeOutstanding(Handle h, Project project, Member member) {
        store.consumeAllOfMember(h, project.id(), member.id(), member.email(), now());
    }

    private static ApiException whyNot(Optional<PasswordResetStore.ResetToken> row, String challenge, Instant now) {
        if (row.isEmpty()
                || row.get().consumedAt() != null
                || !row.get().expiresAt().isAfter(now)) {
            return unableToAuth();
        }
        return Pkce.whyNot(row.get().codeChallenge(), challenge);
    }

    private static EmailMessage message(
            String to, String orgName, String link, String token, int minutes, String locale) {
        String lang = locale == null ? "en" : locale.toLowerCase(Locale.ROOT);
        // A discovery reset names no organization: the password is the address's, in every organization.
        boolean named = orgName != null;
        String subject;
        String text;
        switch (lang) {
            case "es" -> {
                subject = named ? "Restablece tu contraseña de " + orgName : "Restablece tu contraseña";
                text = "Usa este enlace para restablecer tu contraseña (válido " + minutes + " minutos):\n" + link;
            }
            case "pt-br" -> {
                subject = named ? "Redefina sua senha de " + orgName : "Redefina sua senha";
                text = "Use este link para redefinir sua senha (válido por " + minutes + " minutos):\n" + link;
            }
            case "fr" -> {
                subject = named ? "Réinitialisez votre mot de passe " + orgName : "Réinitialisez votre mot de passe";
                text = "Utilisez ce lien pour réinitialiser votre mot de passe (valable " + minutes + " minutes) :\n"
                        + link;
            }
            default -> {
                subject = named ? "Reset your " + orgName + " password" : "Reset your password";
                text = "Use this link to reset your password (valid for " + minutes + " minutes):\n" + link;
            }
        }
        return new EmailMessage(to, subject, text, null, null, token, link);
    }

    private static ApiException unableToAuth() {
        return new ApiException(
                ErrorType.UNABLE_TO_AUTH_PASSWORD_RESET_TOKEN, "The password reset token is invalid, used or expired.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
