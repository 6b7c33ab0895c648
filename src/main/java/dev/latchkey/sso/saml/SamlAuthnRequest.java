package dev.latchkey.sso.saml;

import java.net.URI;
import java.time.Instant;

/**
 * An AuthnRequest ready to send.
 *
 * @param requestId its ID; the flow keeps it beside the RelayState and passes it back to {@link
 *     SamlServiceProvider#validate} as the InResponseTo the answer must carry
 * @param redirectUrl the IdP's SSO URL with {@code SAMLRequest}, {@code RelayState} and, when the settings carry an SP
 *     key, {@code SigAlg} (rsa-sha256) and {@code Signature}: the HTTP-Redirect binding (SAML bindings §3.4.4)
 * @param issuedAt its IssueInstant
 */
public record SamlAuthnRequest(String requestId, URI redirectUrl, Instant issuedAt) {}
