package dev.latchkey.totp;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.recoverycode.RecoveryCodeService;
import dev.latchkey.recoverycode.RecoveryCodes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TOTP authenticator-app factors: enrolment, authentication, migration from another system and removal.
 * Codes are SHA-1, 6 digits, 30-second steps, accepted one step either side of now, and each accepted once
 * per member. Every method runs in the caller's transaction; sessions and intermediate sessions are the
 * caller's business.
 */
public final class TotpService {
    private static final Logger LOG = LoggerFactory.getLogger(TotpService.class);

    /** Steps either side of now a code is accepted in: RFC 6238 §5.2's "one time step" of network delay. */
    static final int WINDOW = 1;
    /** 20 bytes = 160 bits, the HMAC-SHA-1 key length RFC 4226 §4 recommends; 32 base32 characters. */
    private static final int SECRET_BYTES = 20;
    /** RFC 4226 §4 requires at least 128 bits; 80-bit secrets are still common, so migration accepts those. */
    private static final int MIN_MIGRATED_SECRET_BYTES = 10;
    /** Used steps kept for this many steps behind now, comfortably more than the window plus clock skew between nodes. */
    private static final int USED_STEPS_KEPT = 10;

    private static final int DEFAULT_EXPIRATION_MINUTES = 60;
    private static final int MIN_EXPIRATION_MINUTES = 5;
    private static final int MAX_EXPIRATION_MINUTES = 1440;
    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    private final TotpStore store;
    private final RecoveryCodeService recoveryCodes;
    private final SecretBox box;
    private final MemberService members;
    private final Clock clock;

    public TotpService(
            TotpStore store, RecoveryCodeService recoveryCodes, SecretBox box, MemberService members, Clock clock) {
        this.store = store;
        this.recoveryCodes = recoveryCodes;
        this.box = box;
        this.members = members;
        this.clock = clock;
    }

    /**
     * Starts a TOTP registration: a new secret, its QR code (issuer = organization name, account = email
     * address) and {@link RecoveryCodes#PER_REGISTRATION} recovery codes. The registration stays pending
     * until its first good code and expires after {@code expirationMinutes} (5..1440, default 60).
     *
     * <p>A member with a pending registration gets a fresh one in its place instead of
     * {@code pending_totp_exists}: the old secret was only ever shown to whoever started that enrolment, and
     * refusing would lock a member who closed the enrolment screen out of TOTP until it expired.
     *
     * <p>Raises {@code invalid_expiration}, {@code action_available_only_for_active_members} and
     * {@code active_totp_exists}.
     */
    public TotpEnrollment create(
            Handle h, Project project, Organization org, Member member, Integer expirationMinutes) {
        int minutes = expirationMinutes == null ? DEFAULT_EXPIRATION_MINUTES : expirationMinutes;
        if (minutes < MIN_EXPIRATION_MINUTES || minutes > MAX_EXPIRATION_MINUTES) {
            throw new ApiException(
                    ErrorType.INVALID_EXPIRATION,
                    "expiration_minutes must be between " + MIN_EXPIRATION_MINUTES + " and " + MAX_EXPIRATION_MINUTES
                            + ".");
        }
        Member current = lockForNewRegistration(h, project, member);
        byte[] secret = Tokens.randomBytes(SECRET_BYTES);
        Instant now = clock.instant();
        String id = insert(
                h, project, org, current, secret, TotpRegistration.PENDING, now, now.plus(Duration.ofMinutes(minutes)));
        List<String> codes = recoveryCodes.issue(h, project, current.id(), id);
        return enrollment(org, current, id, secret, codes);
    }

    /**
     * Checks a code against the member's active registration, or else its pending one, and spends the code.
     * A good code on a pending registration activates it and sets the member's {@code totp_registration_id}.
     *
     * <p>Raises {@code recovery_code_used_as_totp_code}, {@code invalid_totp_code} (not 6 digits),
     * {@code totp_not_found} (no registration), {@code expired_totp} (pending and past its expiry),
     * {@code unable_to_authenticate_totp} (wrong code) and {@code totp_code_already_authenticated} (the
     * code's time step was already used by this member). A failed attempt changes nothing.
     */
    public VerifiedTotp authenticate(Handle h, Project project, Member member, String code) {
        if (RecoveryCodes.looksLikeRecoveryCode(code)) {
            throw new ApiException(
                    ErrorType.RECOVERY_CODE_USED_AS_TOTP_CODE,
                    "This is a recovery code; use recovery_codes.recover, not totps.authenticate.");
        }
        String digits = code == null ? "" : code.strip();
        if (!SIX_DIGITS.matcher(digits).matches()) {
            throw new ApiException(ErrorType.INVALID_TOTP_CODE, "The TOTP code must be 6 digits.");
        }
        Instant now = clock.instant();
        TotpRegistration registration = store.findCurrent(h, project.id(), member.id())
                .orElseThrow(() -> new ApiException(ErrorType.TOTP_NOT_FOUND, "The member has no TOTP registration."));
        if (registration.isExpired(now)) {
            throw new ApiException(
                    ErrorType.EXPIRED_TOTP, "The TOTP registration expired before it was verified; create a new one.");
        }
        byte[] secret = box.open(registration.secretSealed(), associatedData(project.id(), registration.id()));
        long step = Totp.DEFAULT
                .match(secret, digits, now, WINDOW)
                .orElseThrow(() -> new ApiException(ErrorType.UNABLE_TO_AUTHENTICATE_TOTP, "The TOTP code is wrong."));
        // RFC 6238 §5.2: the verifier must not accept the same OTP twice. The used step goes into a unique key;
        // a second use of the code, even a concurrent one, inserts nothing.
        if (!store.useStep(h, project.id(), member.id(), step, now)) {
            LOG.warn("refused a replayed TOTP code for member {} of project {}", member.id(), project.id());
            throw new ApiException(
                    ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED,
                    "This TOTP code has already been used; wait for the next one.");
        }
        store.forgetStepsBefore(h, project.id(), member.id(), Totp.DEFAULT.step(now) - USED_STEPS_KEPT);
        boolean activated = !registration.isActive() && store.activate(h, project.id(), registration.id(), now);
        if (activated) {
            Member.Builder b = members.lock(h, member).toBuilder();
            b.totpRegistrationId = registration.id();
            members.save(h, b.build(now));
        }
        return new VerifiedTotp(registration.id(), activated);
    }

    /**
     * Brings a TOTP secret from another system: an active registration right away, with the given recovery
     * codes, or {@link RecoveryCodes#PER_REGISTRATION} new ones when none are given. A pending registration is
     * replaced. Raises {@code invalid_argument} (secret not base32 or shorter than 80 bits),
     * {@code invalid_recovery_code}, {@code action_available_only_for_active_members} and
     * {@code active_totp_exists}.
     */
    public TotpEnrollment migrate(
            Handle h, Project project, Organization org, Member member, String secret, List<String> codes) {
        byte[] key = migratedSecret(secret);
        Member current = lockForNewRegistration(h, project, member);
        Instant now = clock.instant();
        String id = insert(h, project, org, current, key, TotpRegistration.ACTIVE, now, null);
        List<String> recovery = codes == null || codes.isEmpty()
                ? recoveryCodes.issue(h, project, current.id(), id)
                : recoveryCodes.importCodes(h, project, current.id(), id, codes);
        Member.Builder b = current.toBuilder();
        b.totpRegistrationId = id;
        members.save(h, b.build(now));
        return enrollment(org, current, id, key, recovery);
    }

    /**
     * Removes every TOTP registration of the member, pending or active, with its recovery codes, and clears
     * the member's {@code totp_registration_id} (and {@code default_mfa_method} if it was {@code totp}).
     * Returns the member as saved; a member without TOTP is returned unchanged.
     */
    public Member deleteForMember(Handle h, Project project, Member member) {
        Member current = members.lock(h, member);
        int deleted = store.deleteAll(h, project.id(), current.id());
        if (deleted == 0 && current.totpRegistrationId().isEmpty()) {
            return current;
        }
        Member.Builder b = current.toBuilder();
        b.totpRegistrationId = "";
        if ("totp".equals(current.defaultMfaMethod())) {
            b.defaultMfaMethod = "";
        }
        return members.save(h, b.build(clock.instant()));
    }

    /** Locks the member, checks it may get a registration, and clears a pending one out of the way. */
    private Member lockForNewRegistration(Handle h, Project project, Member member) {
        // The lock serialises enrolments of one member, so two concurrent creates cannot both pass the checks.
        Member current = members.lock(h, member);
        if (!current.isActive()) {
            throw new ApiException(
                    ErrorType.ACTION_AVAILABLE_ONLY_FOR_ACTIVE_MEMBERS,
                    "You may not attach an MFA factor to a member that is not active.");
        }
        if (store.find(h, project.id(), current.id(), TotpRegistration.ACTIVE).isPresent()) {
            throw new ApiException(
                    ErrorType.ACTIVE_TOTP_EXISTS,
                    "The member already has an active TOTP registration; delete it before creating another.");
        }
        store.deletePending(h, project.id(), current.id());
        return current;
    }

    private String insert(
            Handle h,
            Project project,
            Organization org,
            Member member,
            byte[] secret,
            String status,
            Instant now,
            Instant expiresAt) {
        String id = project.newId("member-totp");
        boolean active = TotpRegistration.ACTIVE.equals(status);
        store.insert(
                h,
                new TotpRegistration(
                        id,
                        project.id(),
                        org.id(),
                        member.id(),
                        box.seal(secret, associatedData(project.id(), id)),
                        status,
                        expiresAt,
                        now,
                        active ? now : null));
        return id;
    }

    private static TotpEnrollment enrollment(
            Organization org, Member member, String id, byte[] secret, List<String> recoveryCodes) {
        String base32 = Base32.encode(secret);
        return new TotpEnrollment(id, base32, TotpQrCode.dataUri(org.name(), member.email(), base32), recoveryCodes);
    }

    private static byte[] migratedSecret(String secret) {
        byte[] key;
        try {
            key = Base32.decode(secret == null ? "" : secret);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorType.INVALID_ARGUMENT, "secret must be base32 (RFC 4648).");
        }
        if (key.length < MIN_MIGRATED_SECRET_BYTES) {
            throw new ApiException(
                    ErrorType.INVALID_ARGUMENT, "secret must be at least 16 base32 characters (80 bits).");
        }
        return key;
    }

    // Binds the sealed secret to its project and registration, so it cannot be copied onto another row.
    private static byte[] associatedData(String projectId, String registrationId) {
        return ("totp-secret\n" + projectId + "\n" + registrationId).getBytes(StandardCharsets.UTF_8);
    }
}
