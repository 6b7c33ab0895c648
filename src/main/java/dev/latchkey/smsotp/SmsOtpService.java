package dev.latchkey.smsotp;

import dev.latchkey.crypto.OtpHasher;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.delivery.MessageTemplates;
import dev.latchkey.delivery.Outbox;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.member.PhoneNumbers;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.EnrollmentChange;
import dev.latchkey.session.MfaProof;
import dev.latchkey.session.SecondFactorAttempts;
import dev.latchkey.session.SecondFactors;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionOptions;
import dev.latchkey.store.Database;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * SMS one-time passcodes for MFA (SPEC §4.4): 6 digits, 2 minutes, one live code per member, 5 wrong tries kill
 * the code; sending links an unverified number to a member that has none.
 */
public final class SmsOtpService {
    public static final Duration LIFETIME = Duration.ofMinutes(2);
    public static final int MAX_WRONG_TRIES = 5;
    private static final Pattern CODE = Pattern.compile("\\d{6}");
    private static final String METHOD = "sms_otp";

    private final Database db;
    private final SmsOtpStore store;
    private final Outbox outbox;
    private final MessageTemplates templates;
    private final MemberService members;
    private final SecondFactors secondFactors;
    private final SecondFactorAttempts attempts;
    private final OtpHasher hasher;
    private final Throttle throttle;
    private final Clock clock;

    public SmsOtpService(
            Database db,
            SmsOtpStore store,
            Outbox outbox,
            MessageTemplates templates,
            MemberService members,
            SecondFactors secondFactors,
            SecondFactorAttempts attempts,
            OtpHasher hasher,
            Throttle throttle,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.outbox = outbox;
        this.templates = templates;
        this.members = members;
        this.secondFactors = secondFactors;
        this.attempts = attempts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * {@code otps/sms/send}: sends a code to the member's number, or links {@code phone} first if the member has
     * none. A code to the member's verified number authenticates, and any proof of the member will do (the
     * intermediate session of a returning login). A code to any other number (a new one, or one linked but never
     * verified) enrolls it, which a member with a verified second factor may only do with a proof holding one
     * ({@link SecondFactors#requireEnrollmentAllowed}).
     *
     * <p>Raises {@code action_available_only_for_active_members}, {@code invalid_phone_number},
     * {@code duplicate_member_phone_number_for_member} (a different number than the one on file),
     * {@code member_phone_number_not_found}, {@code unauthorized_action} (member already has MFA and no proof),
     * {@code insufficient_factors} (enrollment with a proof of primary factors only).
     */
    public OrgMember send(
            Project project,
            String orgKey,
            String memberKey,
            String phone,
            String locale,
            String ist,
            SessionCredentials creds) {
        return db.inTransaction(h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            // Locked before the checks, so a factor verified concurrently is seen.
            Member member = members.lock(h, om.member());
            Optional<MfaProof> proof = secondFactors.proof(h, project, om.organization(), member, ist, creds);
            String normalized = phone == null || phone.isEmpty() ? null : PhoneNumbers.e164(phone);
            secondFactors.requireProofIfMfaFactor(proof, member);
            String target = normalized == null ? member.mfaPhoneNumber() : normalized;
            boolean toVerifiedPhone = member.mfaPhoneNumberVerified() && target.equals(member.mfaPhoneNumber());
            if (!target.isEmpty() && !toVerifiedPhone) {
                secondFactors.requireEnrollmentAllowed(proof, member);
            }
            return new OrgMember(om.organization(), send(h, project, om.organization(), member, normalized, locale));
        });
    }

    /**
     * Sends a code inside the caller's transaction (also used to pre-send during a primary authentication).
     * Returns the member, with the number linked if it was new to it. Raises {@code too_many_requests} once the
     * number had its hourly cap of codes.
     */
    public Member send(Handle h, Project project, Organization org, Member member, String e164Phone, String locale) {
        // The member row lock serialises sends to one member: two concurrent sends would otherwise both pass the
        // statement that kills the live code and then collide on the one-live-code index.
        Member m = members.lock(h, member);
        if (!m.isActive()) {
            throw new ApiException(
                    ErrorType.ACTION_AVAILABLE_ONLY_FOR_ACTIVE_MEMBERS,
                    "You may not attach an MFA factor to a member that is not active.");
        }
        secondFactors.requireMethodAllowed(org, m, METHOD);
        if (e164Phone != null && !e164Phone.equals(m.mfaPhoneNumber())) {
            if (!m.mfaPhoneNumber().isEmpty()) {
                throw new ApiException(
                        ErrorType.DUPLICATE_MEMBER_PHONE_NUMBER_FOR_MEMBER,
                        "The member already has a different MFA phone number; delete it first to use another.");
            }
            Member.Builder b = m.toBuilder();
            b.mfaPhoneNumber = e164Phone;
            b.mfaPhoneNumberVerified = false;
            m = members.save(h, b.build(now()));
        }
        if (m.mfaPhoneNumber().isEmpty()) {
            throw new ApiException(
                    ErrorType.MEMBER_PHONE_NUMBER_NOT_FOUND,
                    "The member has no MFA phone number; give mfa_phone_number.");
        }
        // A number's send limits and its hourly cap against SMS pumping count the codes really sent, whichever
        // route (send, or the pre-send of a login) sent them.
        throttle.sms(h, project, m.mfaPhoneNumber());
        String code = Tokens.digits(6);
        Instant now = now();
        store.replace(
                h,
                project.newId("sms-otp"),
                project.id(),
                m.id(),
                m.mfaPhoneNumber(),
                hmac(project, m, code),
                now,
                now.plus(LIFETIME));
        outbox.sms(h, project, templates.renderSms(locale, m.mfaPhoneNumber(), code, (int) LIFETIME.toMinutes()));
        return m;
    }

    /**
     * {@code otps/sms/authenticate}: checks the code and completes MFA (consuming the intermediate session) or
     * steps up the given session. Raises {@code invalid_code}, {@code otp_code_not_found} (no live code),
     * {@code unable_to_auth_otp_code} (wrong code), {@code user_lock_limit_reached}, and the proof errors of
     * {@link SecondFactors}.
     */
    public Authenticated authenticate(
            Project project,
            String orgKey,
            String memberKey,
            String code,
            String ist,
            SessionCredentials creds,
            EnrollmentChange enrollment,
            boolean setDefault,
            SessionOptions opts) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new ApiException(ErrorType.INVALID_CODE, "code must be 6 digits.");
        }
        return attempts.attempt(project, orgKey, memberKey, ist, creds, METHOD, (h, om, member, proof) -> {
            Instant now = now();
            // One statement compares the code and spends a try, so of any number of concurrent wrong guesses at most
            // MAX_WRONG_TRIES find the code alive.
            SmsOtpStore.CodeTry attempt = store.tryCode(
                            h, project.id(), member.id(), hmac(project, member, code), MAX_WRONG_TRIES, now)
                    .orElseThrow(() -> new ApiException(
                            ErrorType.OTP_CODE_NOT_FOUND,
                            "No live passcode: it expired, was used, was replaced, or had too many wrong tries."));
            if (!attempt.matched()) {
                throw new ApiException(ErrorType.UNABLE_TO_AUTH_OTP_CODE, "The passcode is wrong.");
            }
            SecondFactors.Completed done = secondFactors.complete(
                    h,
                    project,
                    om.organization(),
                    member,
                    proof,
                    AuthenticationFactor.smsOtp(attempt.id(), member.mfaPhoneNumber(), now),
                    METHOD,
                    enrollment,
                    setDefault,
                    opts);
            return new Authenticated(om.organization(), done);
        });
    }

    /** The organization, and the member and session after a successful SMS authenticate. */
    public record Authenticated(Organization organization, SecondFactors.Completed completed) {}

    private String hmac(Project project, Member member, String code) {
        return hasher.hash(project.id() + ":" + member.id(), code);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
