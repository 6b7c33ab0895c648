package dev.latchkey.mfa;

/**
 * {@code mfa_required} of SPEC §2.5: the member's existing factors ({@code member_options}, null when none) and
 * {@code "sms_otp"} in {@code secondary_auth_initiated} when this call already sent the SMS.
 */
public record MfaRequired(MemberOptions memberOptions, String secondaryAuthInitiated) {

    /** {@code {mfa_phone_number, totp_registration_id}}, "" for a factor the member lacks. */
    public record MemberOptions(String mfaPhoneNumber, String totpRegistrationId) {}
}
