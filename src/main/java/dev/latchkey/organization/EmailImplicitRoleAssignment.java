package dev.latchkey.organization;

/** Members whose email is at {@code domain} get {@code roleId} implicitly. */
public record EmailImplicitRoleAssignment(String domain, String roleId) {}
