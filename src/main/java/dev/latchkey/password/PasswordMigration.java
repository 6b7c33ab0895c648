package dev.latchkey.password;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The fields of a {@code passwords/migrate} request; null means not given. The profile fields (name,
 * metadata, roles, MFA phone number, external id) are used only when the member is created.
 */
public record PasswordMigration(
        String organizationId,
        String emailAddress,
        HashImport hash,
        String name,
        ObjectNode trustedMetadata,
        ObjectNode untrustedMetadata,
        List<String> roles,
        String mfaPhoneNumber,
        boolean setPhoneNumberVerified,
        String externalId) {}
