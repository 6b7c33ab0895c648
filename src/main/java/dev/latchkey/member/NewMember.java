package dev.latchkey.member;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The fields of a members.create request; null means not given. */
public record NewMember(
        String emailAddress,
        String name,
        ObjectNode trustedMetadata,
        ObjectNode untrustedMetadata,
        boolean createAsPending,
        boolean breakglass,
        String mfaPhoneNumber,
        boolean mfaEnrolled,
        List<String> roles,
        String externalId) {}
