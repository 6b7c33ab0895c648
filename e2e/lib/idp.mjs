// The local identity providers that run.sh starts (e2e/idp/), and the set-up of Latchkey's SSO connections to
// them through the backend API, as an organization's admin would do it (SSO_OAUTH.md §1.2): create the connection,
// give the IdP what Latchkey says (ACS URL, audience, SP certificate, redirect URL), give Latchkey what the IdP
// says (entity id, SSO URL, certificate; issuer, client id and secret).
import { api } from './latchkey.mjs';

export const idp = {
  samlUrl: required('SAML_IDP_URL'),
  oidcUrl: required('OIDC_IDP_URL'),
  oidcClientId: required('OIDC_IDP_CLIENT_ID'),
  oidcClientSecret: required('OIDC_IDP_CLIENT_SECRET'),
  googleUrl: required('GOOGLE_IDP_URL'),
};

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests with e2e/run.sh`);
  return v;
}

/** The attribute mapping of the SAML IdP's assertions (e2e/idp/saml-idp.mjs names its attributes so). */
export const SAML_ATTRIBUTES = { email: 'email', first_name: 'first_name', last_name: 'last_name' };

/**
 * A SAML connection of the organization to the local SAML IdP, active: the IdP learns the SP (entity id =
 * audience_uri, ACS URL, SP signing certificate), Latchkey learns the IdP (entity id, SSO URL, certificate).
 * {@code update} adds fields to the connection's update (e.g. another attribute_mapping, role assignments).
 */
export async function samlConnection(organizationId, { displayName = 'Test SAML IdP', update = {} } = {}) {
  const created = await api('POST', `/v1/b2b/sso/saml/${organizationId}`, {
    display_name: displayName,
    identity_provider: 'generic',
  });
  const c = created.connection;
  const registered = await fetch(`${idp.samlUrl}/admin/sp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      entity_id: c.audience_uri,
      acs_urls: [c.acs_url],
      signing_certificate: c.signing_certificates?.[0]?.certificate,
    }),
  });
  if (!registered.ok) throw new Error(`the SAML IdP refused the SP: ${await registered.text()}`);
  const { entity_id: entityId, sso_url: ssoUrl } = await registered.json();
  const certificate = await (await fetch(`${idp.samlUrl}/certificate`)).text();
  const updated = await api('PUT', `/v1/b2b/sso/saml/${organizationId}/connections/${c.connection_id}`, {
    idp_entity_id: entityId,
    idp_sso_url: ssoUrl,
    x509_certificate: certificate,
    attribute_mapping: SAML_ATTRIBUTES,
    ...update,
  });
  return updated.connection;
}

/** An OIDC connection of the organization to the local OIDC IdP, active (the endpoints come from discovery). */
export async function oidcConnection(organizationId, { displayName = 'Test OIDC IdP' } = {}) {
  const created = await api('POST', `/v1/b2b/sso/oidc/${organizationId}`, {
    display_name: displayName,
    identity_provider: 'generic',
  });
  const c = created.connection;
  const updated = await api('PUT', `/v1/b2b/sso/oidc/${organizationId}/connections/${c.connection_id}`, {
    issuer: idp.oidcUrl,
    client_id: idp.oidcClientId,
    client_secret: idp.oidcClientSecret,
  });
  if (updated.warning) throw new Error(`OIDC discovery: ${updated.warning}`);
  return updated.connection;
}

/** Signs in on the IdP's login page (both local IdPs show one), once the browser has been sent there. */
export async function signInAtIdp(page, idpUrl, { email, firstName, lastName, name, groups, emailVerified = true }) {
  await page.waitForURL((u) => u.href.startsWith(idpUrl), { timeout: 15000 });
  await page.waitForSelector('#idp-sign-in');
  await page.fill('#idp-email', email);
  if (name !== undefined) await page.fill('#idp-name', name);
  if (firstName !== undefined) await page.fill('#idp-first-name', firstName);
  if (lastName !== undefined) await page.fill('#idp-last-name', lastName);
  if (groups !== undefined) await page.fill('#idp-groups', groups.join(', '));
  if (!emailVerified) await page.uncheck('#idp-email-verified');
  await page.click('#idp-sign-in');
}
