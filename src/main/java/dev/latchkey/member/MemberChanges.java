package dev.latchkey.member;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The fields of a members.update request; null means not given. */
public record MemberChanges(
        String name,
        ObjectNode trustedMetadata,
        ObjectNode untrustedMetadata,
        Boolean breakglass,
        String mfaPhoneNumber,
        Boolean mfaEnrolled,
        List<String> roles,
        String defaultMfaMethod,
        String emailAddress,
        String externalId,
        Boolean unlinkEmail) {

    /** The same changes with these explicit roles. */
    public MemberChanges withRoles(List<String> newRoles) {
        return new MemberChanges(
                name,
                trustedMetadata,
                untrustedMetadata,
                breakglass,
                mfaPhoneNumber,
                mfaEnrolled,
                newRoles,
                defaultMfaMethod,
                emailAddress,
                externalId,
                unlinkEmail);
    }
}
