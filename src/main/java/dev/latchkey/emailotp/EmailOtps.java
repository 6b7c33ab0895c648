package dev.latchkey.emailotp;

import dev.latchkey.crypto.OtpHasher;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.delivery.MessageTemplates;
import dev.latchkey.delivery.Outbox;
import dev.latchkey.delivery.TemplateKind;
import dev.latchkey.discovery.DiscoveryResult;
import dev.latchkey.discovery.DiscoveryService;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.EmailUpdateService;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.StartEmailUpdate;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.EmailPolicy;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.store.Database;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Email one-time passcodes (SPEC §4.3): 6 digits, 10 minutes by default, one live code per address, 5 wrong
 * tries kill the code; for an organization (login or signup) or for discovery.
 */
public final class EmailOtps {
    public static final int DEFAULT_MINUTES = 10;
    public static final int MAX_WRONG_TRIES = 5;
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    private final Database db;
    private final EmailOtpStore store;
    private final OrganizationService organizations;
    private final MemberService members;
    private final EmailUpdateService emailUpdates;
    private final Throttle throttle;
    private final Outbox outbox;
    private final MessageTemplates templates;
    private final OtpHasher hasher;
    private final PrimaryAuth primary;
    private final DiscoveryService discovery;
    private final Clock clock;

    public EmailOtps(
            Database db,
            EmailOtpStore store,
            OrganizationService organizations,
            MemberService members,
            EmailUpdateService emailUpdates,
            Throttle throttle,
            Outbox outbox,
            MessageTemplates templates,
            OtpHasher hasher,
            PrimaryAuth primary,
            DiscoveryService discovery,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.organizations = organizations;
        this.members = members;
        this.emailUpdates = emailUpdates;
        this.throttle = throttle;
        this.outbox = outbox;
        this.templates = templates;
        this.hasher = hasher;
        this.primary = primary;
        this.discovery = discovery;
        this.clock = clock;
    }

    /** What login_or_signup answers. */
    public record Sent(Organization organization, Member member, boolean memberCreated) {}

    /**
     * {@code otps/email/login_or_signup}: sends a code; an unknown address becomes a {@code pending} member if its
     * domain may join. Raises the JIT errors, {@code invalid_expiration}, {@code too_many_requests}.
     */
    public Sent loginOrSignup(
            Project project,
            String orgKey,
            String emailAddress,
            Integer loginMinutes,
            Integer signupMinutes,
            String locale) {
        return loginOrSignup(project, orgKey, emailAddress, loginMinutes, signupMinutes, locale, false);
    }

    /**
     * The browser's {@code otps/email/login_or_signup}: as {@link #loginOrSignup}, but nothing it answers depends on
     * whether the address is a member. Both expiries are checked, and the send limit counted, before the address is
     * looked up; an address the organization would not let sign up is sent nothing, without an error. Raises
     * {@code invalid_expiration}, {@code too_many_requests}.
     */
    public void loginOrSignupUniformly(
            Project project,
            String orgKey,
            String emailAddress,
            Integer loginMinutes,
            Integer signupMinutes,
            String locale) {
        loginOrSignup(project, orgKey, emailAddress, loginMinutes, signupMinutes, locale, true);
    }

    private Sent loginOrSignup(
            Project project,
            String orgKey,
            String emailAddress,
            Integer loginMinutes,
            Integer signupMinutes,
            String locale,
            boolean uniform) {
        String address = EmailAddresses.normalize(emailAddress);
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, orgKey);
            if (uniform) {
                minutes(loginMinutes);
                minutes(signupMinutes);
                throttle.sendTo(h, project, address);
            }
            MemberService.Provisioned found;
            try {
                found = members.findOrSignUp(h, project, org, address);
            } catch (ApiException refused) {
                if (uniform && EmailPolicy.isJitRefusal(refused)) {
                    return null;
                }
                throw refused;
            }
            Member member = found.member();
            boolean created = found.created();
            boolean login = member.isActive();
            int minutes = minutes(login ? loginMinutes : signupMinutes);
            if (!uniform) {
                throttle.sendTo(h, project, address);
            }
            send(
                    h,
                    project,
                    org,
                    address,
                    minutes,
                    locale,
                    login ? TemplateKind.EMAIL_OTP_LOGIN : TemplateKind.EMAIL_OTP_SIGNUP);
            return new Sent(org, member, created);
        });
    }

    /**
     * {@code otps/email/authenticate}: checks the code; the member becomes active with a verified email, then the
     * MFA decision runs. A code sent by {@link #sendEmailUpdate} moves its member to the address first. Raises
     * {@code invalid_code}, {@code otp_code_not_found}, {@code unable_to_auth_otp_code}, and for an email change the
     * errors of {@link EmailUpdateService#applyTo}.
     */
    public AuthOutcome authenticate(
            Project project, String orgKey, String emailAddress, String code, PrimaryContext ctx) {
        String address = EmailAddresses.normalize(emailAddress);
        requireShape(code);
        return db.inTransactionKeeping(EmailOtps::isWrongCode, h -> {
            Organization org = organizations.require(h, project, orgKey);
            use(h, project, org.id(), address, code);
            Member member = members.findByEmail(h, project, org, address);
            // No member has the address: the code may confirm a member's change to it (start_email_update).
            Member verified = member != null
                    ? members.verifyEmail(h, member)
                    : emailUpdates
                            .applyTo(h, project, org, address)
                            .orElseThrow(() -> new ApiException(
                                    ErrorType.OTP_CODE_NOT_FOUND, "No live passcode for this address."));
            return primary.complete(
                    h,
                    project,
                    org,
                    verified,
                    AuthenticationFactor.emailOtp(verified.emailId(), verified.email(), now()),
                    ctx);
        });
    }

    /**
     * The confirmation of an email change ({@code start_email_update}), inside its transaction: a code to the new
     * address, for this organization, checked by {@link #authenticate} with that address. Raises
     * {@code too_many_requests}.
     */
    public void sendEmailUpdate(
            Handle h,
            Project project,
            Organization org,
            Member member,
            String newAddress,
            StartEmailUpdate request,
            int minutes) {
        throttle.sendTo(h, project, newAddress);
        send(h, project, org, newAddress, minutes, request.locale(), TemplateKind.EMAIL_UPDATE_CODE);
    }

    /** {@code otps/email/discovery/send}: a code to any address; the answer does not tell whether it is a member's. */
    public void sendDiscovery(Project project, String emailAddress, Integer minutes, String locale) {
        String address = EmailAddresses.normalize(emailAddress);
        int m = minutes(minutes);
        db.inTransaction(h -> {
            throttle.sendTo(h, project, address);
            send(h, project, null, address, m, locale, TemplateKind.DISCOVERY_EMAIL_OTP);
            return null;
        });
    }

    /** {@code otps/email/discovery/authenticate}: an intermediate session bound to the address, and its organizations. */
    public DiscoveryResult authenticateDiscovery(Project project, String emailAddress, String code) {
        String address = EmailAddresses.normalize(emailAddress);
        requireShape(code);
        return db.inTransactionKeeping(EmailOtps::isWrongCode, h -> {
            use(h, project, null, address, code);
            return discovery.start(
                    h, project, address, AuthenticationFactor.emailOtp(project.newId("email"), address, now()));
        });
    }

    /**
     * Uses the live code of the address, or spends one of its tries: one statement, so of any number of
     * concurrent wrong guesses at most {@link #MAX_WRONG_TRIES} are compared. A wrong code raises
     * {@code unable_to_auth_otp_code}, which is the caller's first write and is committed with the failure
     * ({@link Database#inTransactionKeeping}); no live code raises {@code otp_code_not_found}.
     */
    private void use(Handle h, Project project, String orgId, String address, String code) {
        boolean matched = store.tryCode(
                        h, project.id(), orgId, address, hmac(project, orgId, address, code), MAX_WRONG_TRIES, now())
                .orElseThrow(() -> new ApiException(
                        ErrorType.OTP_CODE_NOT_FOUND,
                        "No live passcode: it expired, was used, was replaced, or had too many wrong tries."));
        if (!matched) {
            throw new ApiException(ErrorType.UNABLE_TO_AUTH_OTP_CODE, "The passcode is wrong.");
        }
    }

    private static boolean isWrongCode(ApiException e) {
        return e.type() == ErrorType.UNABLE_TO_AUTH_OTP_CODE;
    }

    private void send(
            Handle h,
            Project project,
            Organization org,
            String address,
            int minutes,
            String locale,
            TemplateKind kind) {
        String code = Tokens.digits(6);
        Instant now = now();
        String orgId = org == null ? null : org.id();
        store.replace(
                h,
                project.newId("email-otp"),
                project.id(),
                orgId,
                address,
                hmac(project, orgId, address, code),
                now,
                now.plus(Duration.ofMinutes(minutes)));
        Map<String, String> values = new java.util.HashMap<>();
        values.put("code", code);
        values.put("expiration_minutes", Integer.toString(minutes));
        if (org != null) {
            values.put("organization_name", org.name());
        }
        outbox.email(h, project, templates.render(kind, locale, address, values));
    }

    private String hmac(Project project, String orgId, String address, String code) {
        return hasher.hash(project.id() + ":" + (orgId == null ? "discovery" : orgId) + ":" + address, code);
    }

    private static void requireShape(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new ApiException(ErrorType.INVALID_CODE, "code must be 6 digits.");
        }
    }

    private static int minutes(Integer given) {
        if (given == null || given == 0) {
            return DEFAULT_MINUTES;
        }
        if (given < 2 || given > 15) {
            throw new ApiException(
                    ErrorType.INVALID_EXPIRATION, "Passcode expiration must be between 2 and 15 minutes.");
        }
        return given;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
