package dev.latchkey.mfa;

/**
 * {@code mfa_required} of SPEC §2.5: the member's existing factors ({@code member_options}, null when none) and
 * {@code "sms_otp"} in {@code secondary_auth_initiated} when this call already sent the SMS.
 */
public record MfaRequired(MemberOptions memberOptions, String secondaryAuthInitiated) {

    /** The member's existing factors, or null when it has none (Latchkey's answer to SPEC open question 6). */
    public static MemberOptions optionsOf(dev.latchkey.member.Member member) {
        boolean hasPhone = !member.mfaPhoneNumber().isEmpty();
        boolean hasTotp = !member.totpRegistrationId().isEmpty();
        return hasPhone || hasTotp ? new MemberOptions(member.mfaPhoneNumber(), member.totpRegistrationId()) : null;
    }

    /** {@code {mfa_phone_number, totp_registration_id}}, "" for a factor the member lacks. */
    public record MemberOptions(String mfaPhoneNumber, String totpRegistrationId) {}
}
