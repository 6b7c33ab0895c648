package dev.latchkey.mfa;

import java.util.List;

/** {@code primary_required}: the auth methods the member must still complete with the intermediate session. */
public record PrimaryRequired(List<String> allowedAuthMethods) {}
