package dev.latchkey.recoverycode;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.OtpHasher;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.project.Project;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Recovery codes: the backup second factor that comes with a TOTP registration. The codes of the member's
 * active registration ({@link Member#totpRegistrationId()}) are the usable ones. Each is stored twice: as an
 * HMAC under a key derived from the master key ({@link OtpHasher}), which recover attempts are matched against,
 * and sealed under the master key, because {@code GET /recovery_codes} shows the active set again. A code has
 * about 62 bits, too few for a plain hash: one pass over every code would crack a whole dump of unsalted
 * SHA-256 digests (ASVS 2.6.2), while the keyed HMAC cannot be checked offline without the master key. Codes
 * stored before this were plain SHA-256 digests; they still match until the member rotates them. Every method
 * runs in the caller's transaction.
 */
public final class RecoveryCodeService {
    private final RecoveryCodeStore store;
    private final SecretBox box;
    private final OtpHasher hasher;
    private final MemberService members;
    private final Clock clock;

    public RecoveryCodeService(
            RecoveryCodeStore store, SecretBox box, OtpHasher hasher, MemberService members, Clock clock) {
        this.store = store;
        this.box = box;
        this.hasher = hasher;
        this.members = members;
        this.clock = clock;
    }

    /** Issues {@link RecoveryCodes#PER_REGISTRATION} new codes for a TOTP registration and returns them in clear. */
    public List<String> issue(Handle h, Project project, String memberId, String totpRegistrationId) {
        List<String> codes = new ArrayList<>(RecoveryCodes.PER_REGISTRATION);
        while (codes.size() < RecoveryCodes.PER_REGISTRATION) {
            String code = RecoveryCodes.generate();
            if (!codes.contains(code)) {
                codes.add(code);
            }
        }
        save(h, project, memberId, totpRegistrationId, codes);
        return List.copyOf(codes);
    }

    /**
     * Stores codes brought from another system ({@code totps.migrate}), normalised to lower case. Each must
     * have the {@code xxxx-xxxx-xxxx} shape and appear once; {@code invalid_recovery_code} otherwise.
     */
    public List<String> importCodes(
            Handle h, Project project, String memberId, String totpRegistrationId, List<String> given) {
        List<String> codes = new ArrayList<>(given.size());
        Set<String> seen = new HashSet<>();
        for (String raw : given) {
            String code = RecoveryCodes.normalize(raw);
            if (!RecoveryCodes.looksLikeRecoveryCode(code)) {
                throw new ApiException(
                        ErrorType.INVALID_RECOVERY_CODE, "Recovery codes must have the form xxxx-xxxx-xxxx.");
            }
            if (!seen.add(code)) {
                throw new ApiException(ErrorType.INVALID_RECOVERY_CODE, "Recovery codes must not repeat.");
            }
            codes.add(code);
        }
        save(h, project, memberId, totpRegistrationId, codes);
        return List.copyOf(codes);
    }

    /**
     * Uses one recovery code of the member's active TOTP registration: compared case-insensitively, with
     * surrounding whitespace ignored, and accepted once. Raises {@code totp_code_used_as_recovery_code} for a
     * 6-digit code, {@code invalid_recovery_code} for anything else not shaped {@code xxxx-xxxx-xxxx},
     * {@code recovery_codes_not_found} (404) when the member has no active TOTP registration, and
     * {@code unable_to_authenticate_recovery_code} (401) for a wrong or already used code. A failed
     * attempt changes nothing.
     */
    public RecoveredCode recover(Handle h, Project project, Member member, String code) {
        if (RecoveryCodes.looksLikeTotpCode(code)) {
            throw new ApiException(
                    ErrorType.TOTP_CODE_USED_AS_RECOVERY_CODE,
                    "This is a TOTP code; authenticate it with totps.authenticate, not as a recovery code.");
        }
        String normalized = RecoveryCodes.normalize(code);
        if (!RecoveryCodes.looksLikeRecoveryCode(normalized)) {
            throw new ApiException(
                    ErrorType.INVALID_RECOVERY_CODE, "The recovery code must have the form xxxx-xxxx-xxxx.");
        }
        String registrationId = member.totpRegistrationId();
        if (registrationId.isEmpty()) {
            throw notFound();
        }
        String usedId = store.consume(
                        h,
                        project.id(),
                        member.id(),
                        registrationId,
                        digest(project.id(), member.id(), normalized),
                        Digests.sha256Hex(normalized),
                        clock.instant())
                .orElseThrow(() -> store.countAll(h, project.id(), registrationId) == 0
                        ? notFound()
                        : new ApiException(
                                ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE,
                                "The recovery code is wrong or has already been used."));
        return new RecoveredCode(registrationId, usedId, store.countUnused(h, project.id(), registrationId));
    }

    /**
     * The unused codes of the member's active TOTP registration, in issue order (possibly empty when all
     * are used). Raises {@code recovery_codes_not_found} (404) when the member has no active registration.
     */
    public List<String> get(Handle h, Project project, Member member) {
        String registrationId = member.totpRegistrationId();
        if (registrationId.isEmpty() || store.countAll(h, project.id(), registrationId) == 0) {
            throw notFound();
        }
        byte[] ad = associatedData(project.id(), registrationId);
        return store.unusedSealed(h, project.id(), registrationId).stream()
                .map(ciphertext -> new String(box.open(ciphertext, ad), StandardCharsets.UTF_8))
                .toList();
    }

    /**
     * Replaces every code of the member's active TOTP registration with {@link RecoveryCodes#PER_REGISTRATION}
     * new ones and returns them; the old codes stop working. Raises {@code no_active_recovery_code_backed_factor}
     * when the member has no active registration.
     */
    public List<String> rotate(Handle h, Project project, Member member) {
        // The member row lock serialises concurrent rotations, which would otherwise both delete and then
        // both insert, leaving twenty codes.
        Member current = members.lock(h, member);
        String registrationId = current.totpRegistrationId();
        // Every active registration has its codes (used ones included), so deleting none means there is none.
        if (registrationId.isEmpty() || store.deleteForRegistration(h, project.id(), registrationId) == 0) {
            throw new ApiException(
                    ErrorType.NO_ACTIVE_RECOVERY_CODE_BACKED_FACTOR,
                    "The member has no active TOTP registration, so has no recovery codes to rotate.");
        }
        return issue(h, project, current.id(), registrationId);
    }

    private void save(Handle h, Project project, String memberId, String totpRegistrationId, List<String> codes) {
        Instant now = clock.instant();
        // Sealed under the registration, not the code id, so the set can be opened in one pass.
        byte[] ad = associatedData(project.id(), totpRegistrationId);
        List<RecoveryCodeStore.StoredCode> rows = new ArrayList<>(codes.size());
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            rows.add(new RecoveryCodeStore.StoredCode(
                    project.newId("totp-recovery-code"),
                    project.id(),
                    memberId,
                    totpRegistrationId,
                    i,
                    digest(project.id(), memberId, code),
                    box.seal(code.getBytes(StandardCharsets.UTF_8), ad),
                    now));
        }
        store.insert(h, rows);
    }

    /** The keyed digest of a normalised code, bound to its member. */
    private String digest(String projectId, String memberId, String code) {
        return hasher.hash("recovery-code\n" + projectId + "\n" + memberId, code);
    }

    private static byte[] associatedData(String projectId, String totpRegistrationId) {
        return ("recovery-code\n" + projectId + "\n" + totpRegistrationId).getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException notFound() {
        return new ApiException(ErrorType.RECOVERY_CODES_NOT_FOUND, "The member has no active recovery codes.");
    }
}
