// Logins that leave the page and come back with a token: single sign-on through the organization's identity
// provider (SAML or OIDC), "Sign in with Google", and email login links. The SDK navigates to Latchkey, which
// sends the browser to the provider and then back here with ?stytch_token_type=…&token=…; the token is then
// redeemed by the SDK call for its type, and the answer goes through the same MFA screens as a password login.

/** The redeeming SDK call for each token type this page handles (SSO_OAUTH.md §1.3 step 4). */
const AUTHENTICATORS = {
  multi_tenant_magic_links: (stytch, token, minutes) =>
    stytch.magicLinks.authenticate({ magic_links_token: token, session_duration_minutes: minutes }),
  sso: (stytch, token, minutes) => stytch.sso.authenticate({ sso_token: token, session_duration_minutes: minutes }),
  oauth: (stytch, token, minutes) =>
    stytch.oauth.authenticate({ oauth_token: token, session_duration_minutes: minutes }),
};

/**
 * The token this page was opened with, if it is of a type handled here, removed from the address bar first so
 * that a reload does not spend it again (each token works once). Other types (discovery) are not this page's.
 */
export function takeRedirectToken() {
  const url = new URL(window.location.href);
  const type = url.searchParams.get('stytch_token_type');
  const token = url.searchParams.get('token');
  if (!token || !Object.hasOwn(AUTHENTICATORS, type)) {
    return null;
  }
  url.searchParams.delete('token');
  url.searchParams.delete('stytch_token_type');
  window.history.replaceState(null, document.title, url);
  return { type, token };
}

/** Redeems a token from {@link takeRedirectToken}; the answer is the primary factor's (session, or IST + MFA). */
export function authenticateRedirectToken(stytch, { type, token }, sessionMinutes) {
  return AUTHENTICATORS[type](stytch, token, sessionMinutes);
}

/** This page, without query or fragment: where Latchkey sends the browser back to (allow-listed there). */
function here() {
  return window.location.origin + window.location.pathname;
}

/**
 * Wires the login page's "Sign in with SSO" and "Sign in with Google" buttons. The organization field holds an
 * organization id (`organization-…`) or slug. SSO needs a connection: the one typed in; else, with an organization
 * slug, its default connection (`getBySlug` is what a login page may ask before anyone is logged in); else, with
 * only an email, the connection of the organizations that take that email's domain (`sso.discoverConnections`).
 */
export function redirectLoginButtons(stytch, { $, run }) {
  const organization = () => $('login-org').value.trim();

  $('login-sso').addEventListener(
    'click',
    run(async () => {
      const email = $('login-email').value.trim();
      const connectionId =
        $('login-sso-connection').value.trim() ||
        (!organization() && email ? await discoveredConnection(email) : await defaultConnection(organization()));
      await stytch.sso.start({
        connection_id: connectionId,
        login_redirect_url: here(),
        signup_redirect_url: here(),
      });
    }),
  );

  $('login-google').addEventListener(
    'click',
    run(async () => {
      const org = organization();
      if (!org) {
        throw new Error('Enter the organization (id or slug) to sign in with Google.');
      }
      await stytch.oauth.google.start({
        ...(org.startsWith('organization-') ? { organization_id: org } : { organization_slug: org }),
        login_redirect_url: here(),
        signup_redirect_url: here(),
      });
    }),
  );

  async function discoveredConnection(email) {
    const { connections } = await stytch.sso.discoverConnections(email);
    if (connections.length !== 1) {
      throw new Error(
        connections.length
          ? `Several SSO connections take ${email}: type the organization or the connection id.`
          : `No SSO connection takes ${email}: type the organization.`,
      );
    }
    return connections[0].connection_id;
  }

  async function defaultConnection(org) {
    if (!org || org.startsWith('organization-')) {
      throw new Error('Enter your email, the organization slug, or an SSO connection id, to sign in with SSO.');
    }
    const { organization: found } = await stytch.organization.getBySlug({ organization_slug: org });
    const connectionId = found?.sso_default_connection_id || found?.sso_active_connections?.[0]?.connection_id;
    if (!connectionId) {
      throw new Error(`Organization ${org} has no single sign-on connection.`);
    }
    return connectionId;
  }
}
