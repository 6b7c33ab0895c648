// Single sign-on in the browser: the example app's "Sign in with SSO" (stytch.sso.start of @stytch/vanilla-js) →
// Latchkey's /v1/public/sso/start → the local SAML or OIDC IdP's login page → Latchkey's callback → back to the
// app with ?stytch_token_type=sso&token=… → stytch.sso.authenticate → the MFA screens, as after any primary
// factor.
// The connections are set up through the backend API (lib/idp.mjs). run.sh starts everything.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { factors, openLogin, pending, sessionCookie, tokenBackToApp, withBrowser } from '../lib/app.mjs';
import { screenshot, waitForScreen } from '../lib/browser.mjs';
import { SAML_ATTRIBUTES, idp, oidcConnection, samlConnection, signInAtIdp } from '../lib/idp.mjs';
import {
  PASSWORD,
  api,
  env,
  findMember,
  getMember,
  member,
  organization,
  serverAuthorizes,
} from '../lib/latchkey.mjs';
import { totp } from '../lib/totp.mjs';

const TIMEOUT = { timeout: 90_000 };
let required; // REQUIRED_FOR_ALL, with a SAML connection (its default) and an OIDC connection
let optional; // OPTIONAL, with an OIDC and a SAML connection
let requiredSaml;
let requiredOidc;
let optionalOidc;
let optionalSaml;
const ada = {}; // provisioned by SAML in the first test, returns through OIDC in the second

before(async () => {
  required = await organization('REQUIRED_FOR_ALL');
  optional = await organization('OPTIONAL');
  requiredSaml = await samlConnection(required.organization_id);
  requiredOidc = await oidcConnection(required.organization_id);
  optionalOidc = await oidcConnection(optional.organization_id);
  optionalSaml = await samlConnection(optional.organization_id);
  assert.equal(requiredSaml.status, 'active', 'the SAML connection is complete');
  assert.equal(requiredOidc.status, 'active', 'the OIDC connection is complete (discovery filled the endpoints)');
  await api('PUT', `/v1/b2b/organizations/${required.organization_id}`, {
    sso_default_connection_id: requiredSaml.connection_id,
  });
});

/** "Sign in with SSO" on the login page; with no connection typed in, the app takes the org's default. */
async function startSso(page, org, connectionId) {
  await openLogin(page, org.organization_slug);
  if (connectionId) await page.fill('#login-sso-connection', connectionId);
  await page.click('#login-sso');
}

test('SAML, new member: the IdP login provisions the member, who then enrolls an authenticator app', TIMEOUT, () =>
  withBrowser('sso-1-saml-jit-totp', async ({ page, context }) => {
    Object.assign(ada, { email: `ada-${randomUUID().slice(0, 8)}@example.com` });
    assert.equal(await findMember(required.organization_id, ada.email), null);
    const back = tokenBackToApp(page, 'sso');
    const authenticated = pending(page.waitForResponse((r) => r.url().endsWith('/sdk/v1/b2b/sso/authenticate')));

    await startSso(page, required);
    await page.waitForURL((u) => u.href.startsWith(idp.samlUrl));
    const authnRequest = new URL(page.url());
    assert.ok(authnRequest.searchParams.get('SAMLRequest'), 'HTTP-Redirect binding with an AuthnRequest');
    assert.ok(authnRequest.searchParams.get('RelayState'), 'with a RelayState');
    assert.equal(authnRequest.searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    await screenshot(page, 'sso-1-saml-idp-login');
    await signInAtIdp(page, idp.samlUrl, { email: ada.email, firstName: 'Ada', lastName: 'Lovelace' });

    const token = (await back).searchParams.get('token');
    assert.ok(token, 'Latchkey sent the browser back to the app with an sso token');
    assert.equal((await authenticated).status(), 200, 'sso.authenticate accepted it');
    await waitForScreen(page, 'enroll-choice');
    await screenshot(page, 'sso-1-saml-enroll-choice');
    assert.equal(await sessionCookie(context), undefined, 'no session before the second factor');
    assert.doesNotMatch(page.url(), /token=/, 'the spent token left the address bar');

    await page.click('#enroll-choose-totp');
    await waitForScreen(page, 'totp-enroll');
    ada.secret = (await page.textContent('#totp-secret')).trim();
    await page.fill('#totp-enroll-code', totp(ada.secret));
    await page.click('#totp-enroll-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, 'sso-1-saml-home');

    assert.equal(await page.textContent('#home-email'), ada.email);
    assert.match(await factors(page), /sso · sso_saml/);
    assert.match(await factors(page), /authenticator_app/);
    const m = await findMember(required.organization_id, ada.email);
    assert.equal(m.name, 'Ada Lovelace', 'the name comes from the mapped first_name and last_name attributes');
    assert.deepEqual(
      m.sso_registrations.map((r) => r.connection_id),
      [requiredSaml.connection_id],
      'the member has a registration for the SAML connection',
    );
    assert.equal(m.sso_registrations[0].external_id, ada.email, 'the NameID is the external id');

    // The sso token works once.
    await assert.rejects(
      api('POST', '/v1/b2b/sso/authenticate', { sso_token: token, session_duration_minutes: 60 }),
      (e) => e.body?.error_type === 'sso_token_not_found',
    );
  }));

test('OIDC, returning member: the same person through the second connection types the app code', TIMEOUT, () =>
  withBrowser('sso-2-oidc-returning-totp', async ({ page }) => {
    assert.ok(ada.secret, 'the first test provisioned and enrolled this member');
    const back = tokenBackToApp(page, 'sso');
    const authorizeRequest = pending(
      page.waitForRequest((r) => r.url().startsWith(`${idp.oidcUrl}/auth?`)),
    );

    await startSso(page, required, requiredOidc.connection_id);
    const authorize = new URL((await authorizeRequest).url()).searchParams;
    assert.equal(authorize.get('client_id'), idp.oidcClientId);
    assert.equal(authorize.get('redirect_uri'), requiredOidc.redirect_url, "the connection's redirect URL");
    assert.ok(authorize.get('state') && authorize.get('nonce'), 'state and nonce toward the IdP');
    await page.waitForURL((u) => u.href.startsWith(idp.oidcUrl));
    await screenshot(page, 'sso-2-oidc-idp-login');
    await signInAtIdp(page, idp.oidcUrl, { email: ada.email, name: 'Ada Lovelace' });

    await back;
    await waitForScreen(page, 'totp-code');
    // A code is accepted once per member: the next time step's, which the ±1-step window accepts.
    await page.fill('#totp-code', totp(ada.secret, { stepOffset: 1 }));
    await page.click('#totp-code-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, 'sso-2-oidc-home');

    assert.equal(await page.textContent('#home-email'), ada.email);
    assert.match(await factors(page), /sso · sso_oidc/);
    assert.match(await factors(page), /authenticator_app/);
    const m = await findMember(required.organization_id, ada.email);
    assert.deepEqual(
      m.sso_registrations.map((r) => r.connection_id).sort(),
      [requiredSaml.connection_id, requiredOidc.connection_id].sort(),
      'one member, now registered through both connections',
    );
  }));

test('OIDC into an OPTIONAL organization: an existing member gets a session straight away', TIMEOUT, () =>
  withBrowser('sso-3-oidc-optional', async ({ page, context }) => {
    const m = await member(optional.organization_id);

    await startSso(page, optional, optionalOidc.connection_id);
    await signInAtIdp(page, idp.oidcUrl, { email: m.email, name: 'Grace Hopper' });
    await waitForScreen(page, 'home');
    await screenshot(page, 'sso-3-oidc-optional-home');

    assert.equal(await page.textContent('#home-email'), m.email);
    assert.match(await factors(page), /sso · sso_oidc/);
    assert.equal(await page.textContent('#home-mfa'), 'no');
    assert.ok(await sessionCookie(context), 'the SDK stored the session token');
    const registrations = (await findMember(optional.organization_id, m.email)).sso_registrations;
    assert.deepEqual(registrations.map((r) => r.connection_id), [optionalOidc.connection_id]);
  }));

test('a redirect URL the project has not allowed is refused at the start, before the IdP', TIMEOUT, async () => {
  const start = new URL('/v1/public/sso/start', env.latchkeyUrl);
  start.searchParams.set('public_token', env.publicToken);
  start.searchParams.set('connection_id', optionalOidc.connection_id);
  start.searchParams.set('login_redirect_url', `${env.otherAppUrl}/`);
  start.searchParams.set('signup_redirect_url', `${env.otherAppUrl}/`);

  const res = await fetch(start, { redirect: 'manual' });
  const body = await res.text();
  assert.ok(res.status >= 400 && res.status < 500, `a 4xx, not ${res.status}: ${body}`);
  assert.equal(res.headers.get('location'), null, 'no redirect anywhere');
  assert.match(JSON.parse(body).error_type, /redirect|sso_url/, body);
});

test('an unknown connection id is refused at the start with an error, not a redirect', TIMEOUT, async () => {
  const start = new URL('/v1/public/sso/start', env.latchkeyUrl);
  start.searchParams.set('public_token', env.publicToken);
  start.searchParams.set('connection_id', `saml-connection-test-${randomUUID()}`);
  const res = await fetch(start, { redirect: 'manual' });
  const body = await res.text();
  assert.ok(res.status >= 400 && res.status < 500, `a 4xx, not ${res.status}: ${body}`);
  assert.equal(res.headers.get('location'), null);
  assert.match(JSON.parse(body).error_type, /connection/, body);
});

/** What the browser shows after the IdP when Latchkey refuses: its error envelope (JSON), not the app. */
async function refusedAtCallback(page, idpUrl) {
  await page.waitForURL((u) => !u.href.startsWith(idpUrl), { timeout: 15000 });
  await page.waitForLoadState();
  assert.ok(!page.url().startsWith(env.appUrl), `not sent back to the app: ${page.url()}`);
  return JSON.parse(await page.textContent('body'));
}

test('IdP-initiated SAML: a login started at the IdP lands on the default login URL with a session', TIMEOUT, () =>
  withBrowser('sso-4-saml-idp-initiated', async ({ page }) => {
    const m = await member(optional.organization_id);
    const back = tokenBackToApp(page, 'sso');

    // The IdP's own portal: no AuthnRequest, no RelayState.
    const portal = new URL('/idp-initiated', idp.samlUrl);
    portal.searchParams.set('sp', optionalSaml.audience_uri);
    portal.searchParams.set('email', m.email);
    await page.goto(portal.href);

    assert.equal(`${(await back).origin}/`, `${env.appUrl}/`, "the project's default login URL");
    await waitForScreen(page, 'home');
    await screenshot(page, 'sso-4-saml-idp-initiated-home');
    assert.equal(await page.textContent('#home-email'), m.email);
    assert.match(await factors(page), /sso · sso_saml/);
  }));

test('IdP-initiated SAML on a connection that disabled it: refused at the callback, no session', TIMEOUT, () =>
  withBrowser('sso-5-saml-idp-initiated-disabled', async ({ page, context }) => {
    const org = await organization('OPTIONAL');
    const c = await samlConnection(org.organization_id);
    await api('PUT', `/v1/b2b/sso/saml/${org.organization_id}/connections/${c.connection_id}`, {
      idp_initiated_auth_disabled: true,
    });
    const m = await member(org.organization_id);

    const portal = new URL('/idp-initiated', idp.samlUrl);
    portal.searchParams.set('sp', c.audience_uri);
    portal.searchParams.set('email', m.email);
    await page.goto(portal.href);
    const refusal = await refusedAtCallback(page, idp.samlUrl);
    await screenshot(page, 'sso-5-saml-idp-initiated-refused');

    assert.equal(refusal.error_type, 'saml_idp_initiated_auth_disabled', JSON.stringify(refusal));
    assert.equal(await sessionCookie(context), undefined, 'no session');
    assert.deepEqual((await findMember(org.organization_id, m.email)).sso_registrations, [], 'no registration');
  }));

test('OIDC with an email the IdP has not verified: refused at the callback, no member provisioned', TIMEOUT, () =>
  withBrowser('sso-6-oidc-unverified-email', async ({ page, context }) => {
    const email = `unverified-${randomUUID().slice(0, 8)}@example.com`;

    await startSso(page, optional, optionalOidc.connection_id);
    await signInAtIdp(page, idp.oidcUrl, { email, name: 'Eve Unverified', emailVerified: false });
    const refusal = await refusedAtCallback(page, idp.oidcUrl);
    await screenshot(page, 'sso-6-oidc-unverified-refused');

    assert.equal(refusal.error_type, 'oidc_response_unverified_email', JSON.stringify(refusal));
    assert.equal(await sessionCookie(context), undefined, 'no session');
    assert.equal(await findMember(optional.organization_id, email), null, 'no member was provisioned');
  }));

test('SAML groups: the IdP group gives stytch_admin, granted only to sessions with that SSO factor', TIMEOUT, () =>
  withBrowser('sso-7-saml-group-role', async ({ page, context }) => {
    const org = await organization('OPTIONAL');
    const c = await samlConnection(org.organization_id, {
      update: {
        attribute_mapping: { ...SAML_ATTRIBUTES, groups: 'groups' },
        saml_group_implicit_role_assignments: [{ role_id: 'stytch_admin', group: 'acme-admins' }],
      },
    });
    const m = await member(org.organization_id); // also has a password

    await startSso(page, org, c.connection_id);
    await signInAtIdp(page, idp.samlUrl, { email: m.email, groups: ['staff', 'acme-admins'] });
    await waitForScreen(page, 'home');
    await page.click('#home-members');
    await waitForScreen(page, 'members');
    await screenshot(page, 'sso-7-saml-group-admin');
    assert.match(await page.textContent('#members-your-roles'), /\bstytch_admin\b/);

    const listed = (await getMember(org.organization_id, m.memberId)).roles.find((r) => r.role_id === 'stytch_admin');
    assert.deepEqual(listed?.sources, [
      { type: 'sso_connection_group', details: { connection_id: c.connection_id, group: 'acme-admins' } },
    ]);
    const ssoSession = await sessionCookie(context);
    assert.equal(await serverAuthorizes(ssoSession, org.organization_id, 'stytch.member', 'delete'), true);

    // The same member by password: the role is listed, but this session holds no SSO factor of the connection.
    const byPassword = await api('POST', '/v1/b2b/passwords/authenticate', {
      organization_id: org.organization_id,
      email_address: m.email,
      password: PASSWORD,
      session_duration_minutes: 60,
    });
    assert.equal(
      await serverAuthorizes(byPassword.session_token, org.organization_id, 'stytch.member', 'delete'),
      false,
    );
  }));

test('SSO by email alone: the app finds the connection of the organization that takes the domain', TIMEOUT, () =>
  withBrowser('sso-8-discovered-by-email', async ({ page }) => {
    const domain = `${randomUUID().slice(0, 8)}.example.com`;
    const org = (
      await api('POST', '/v1/b2b/organizations', {
        organization_name: `Domain ${domain}`,
        organization_slug: `domain-${domain.split('.')[0]}`,
        mfa_policy: 'OPTIONAL',
        email_allowed_domains: [domain],
      })
    ).organization;
    const c = await oidcConnection(org.organization_id);
    const email = `kim@${domain}`;
    const discovered = pending(
      page.waitForResponse((r) => r.url().includes('/sdk/v1/b2b/sso/discovery/connections?')),
    );
    const authorizeRequest = pending(
      page.waitForRequest((r) => r.url().startsWith(`${idp.oidcUrl}/auth?`)),
    );

    await page.goto(env.appUrl);
    await waitForScreen(page, 'login');
    await page.fill('#login-email', email);
    await page.click('#login-sso');
    assert.equal((await discovered).status(), 200);
    // The body is gone once the SDK navigates; the IdP sees which connection was started.
    const authorize = new URL((await authorizeRequest).url()).searchParams;
    assert.equal(authorize.get('redirect_uri'), c.redirect_url, 'the discovered connection');
    await signInAtIdp(page, idp.oidcUrl, { email, name: 'Kim Park' });
    await waitForScreen(page, 'home');
    await screenshot(page, 'sso-8-discovered-home');

    assert.equal(await page.textContent('#home-email'), email);
    assert.match(await factors(page), /sso · sso_oidc/);
    assert.ok(await findMember(org.organization_id, email), 'provisioned by SSO JIT (ALL_ALLOWED)');
  }));
