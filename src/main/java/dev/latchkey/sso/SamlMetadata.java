package dev.latchkey.sso;

import java.security.cert.X509Certificate;
import java.util.List;

/** What an IdP's SAML metadata tells a connection: its entity id, SSO URL and signing certificates. */
record SamlMetadata(String entityId, String ssoUrl, List<X509Certificate> certificates) {}
