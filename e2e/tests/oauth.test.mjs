// "Sign in with Google" in the browser: the example app's button (stytch.oauth.google.start of
// @stytch/vanilla-js) → Latchkey's /v1/b2b/public/oauth/google/start → the Google stand-in (a local OIDC provider
// that run.sh gives Latchkey as LATCHKEY_OAUTH_GOOGLE_ISSUER) → Latchkey's OAuth callback → back to the app with
// ?stytch_token_type=oauth&token=… → stytch.oauth.authenticate → a session, or the MFA screens first.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { factors, openLogin, pending, sessionCookie, tokenBackToApp, withBrowser } from '../lib/app.mjs';
import { screenshot, waitForScreen } from '../lib/browser.mjs';
import { idp, signInAtIdp } from '../lib/idp.mjs';
import { api, env, findMember, member, organization } from '../lib/latchkey.mjs';
import { totp } from '../lib/totp.mjs';

const TIMEOUT = { timeout: 90_000 };

/** An organization whose members may join by a verified email of their own domain (email JIT provisioning). */
async function organizationForDomain(mfaPolicy) {
  const domain = `${randomBytes(4).toString('hex')}.example.com`;
  const slug = `jit-${domain.split('.')[0]}`;
  const r = await api('POST', '/v1/b2b/organizations', {
    organization_name: `JIT ${slug}`,
    organization_slug: slug,
    mfa_policy: mfaPolicy,
    email_jit_provisioning: 'RESTRICTED',
    email_allowed_domains: [domain],
  });
  return { ...r.organization, domain };
}

async function signInWithGoogle(page, organizationField) {
  await openLogin(page, organizationField);
  await page.click('#login-google');
  await page.waitForURL((u) => u.href.startsWith(idp.googleUrl));
}

test('an existing member of an OPTIONAL organization signs in with Google and has a session', TIMEOUT, () =>
  withBrowser('oauth-1-google-optional', async ({ page, context }) => {
    const org = await organization('OPTIONAL');
    const m = await member(org.organization_id);
    const back = tokenBackToApp(page, 'oauth');
    const authenticated = pending(
      page.waitForResponse((r) => r.url().endsWith('/sdk/v1/b2b/oauth/authenticate')),
    );
    const authorizeRequest = pending(
      page.waitForRequest((r) => r.url().startsWith(`${idp.googleUrl}/auth?`)),
    );

    await signInWithGoogle(page, org.organization_id);
    const authorize = new URL((await authorizeRequest).url()).searchParams;
    assert.equal(authorize.get('response_type'), 'code');
    assert.match(authorize.get('scope'), /openid/);
    assert.ok(authorize.get('state') && authorize.get('nonce'), 'state and nonce toward the provider');
    assert.match(authorize.get('redirect_uri'), new RegExp(`^${env.latchkeyUrl}/v1/b2b/oauth/callback/`));
    await screenshot(page, 'oauth-1-google-login');
    await signInAtIdp(page, idp.googleUrl, { email: m.email, name: 'Grace Hopper' });

    const token = (await back).searchParams.get('token');
    assert.ok(token, 'Latchkey sent the browser back to the app with an oauth token');
    assert.equal((await authenticated).status(), 200, 'oauth.authenticate accepted it');
    await waitForScreen(page, 'home');
    await screenshot(page, 'oauth-1-google-home');

    assert.equal(await page.textContent('#home-email'), m.email);
    assert.match(await factors(page), /oauth · oauth_google/);
    assert.ok(await sessionCookie(context), 'the SDK stored the session token');
    assert.doesNotMatch(page.url(), /token=/, 'the spent token left the address bar');

    // The oauth token works once.
    await assert.rejects(
      api('POST', '/v1/b2b/oauth/authenticate', { oauth_token: token, session_duration_minutes: 60 }),
      (e) => e.body?.status_code >= 400 && /oauth_token|not_found/.test(e.body.error_type),
    );
  }));

test('a new member of a REQUIRED_FOR_ALL organization joins by Google (email JIT) and enrolls TOTP', TIMEOUT, () =>
  withBrowser('oauth-2-google-jit-required', async ({ page, context }) => {
    const org = await organizationForDomain('REQUIRED_FOR_ALL');
    const email = `lin-${randomBytes(3).toString('hex')}@${org.domain}`;
    const back = tokenBackToApp(page, 'oauth');

    // By slug this time: the app passes organization_slug.
    await signInWithGoogle(page, org.organization_slug);
    await signInAtIdp(page, idp.googleUrl, { email, name: 'Lin Wu' });
    await back;
    await waitForScreen(page, 'enroll-choice');
    await screenshot(page, 'oauth-2-google-enroll-choice');
    assert.equal(await sessionCookie(context), undefined, 'no session before the second factor');
    assert.ok(await findMember(org.organization_id, email), 'the member was provisioned');

    await page.click('#enroll-choose-totp');
    await waitForScreen(page, 'totp-enroll');
    const secret = (await page.textContent('#totp-secret')).trim();
    await page.fill('#totp-enroll-code', totp(secret));
    await page.click('#totp-enroll-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, 'oauth-2-google-home');

    assert.equal(await page.textContent('#home-email'), email);
    assert.match(await factors(page), /oauth · oauth_google/);
    assert.match(await factors(page), /authenticator_app/);
  }));

test('Google sign-in for an email the organization does not know, without JIT: refused, no member', TIMEOUT, () =>
  withBrowser('oauth-3-google-no-jit', async ({ page, context }) => {
    const org = await organization('OPTIONAL');
    const email = `stranger-${randomBytes(3).toString('hex')}@example.com`;

    await signInWithGoogle(page, org.organization_id);
    await signInAtIdp(page, idp.googleUrl, { email, name: 'Stranger' });
    // Refused at Latchkey's callback (an error page) or at oauth.authenticate (the app shows the error).
    await page.waitForURL((u) => !u.href.startsWith(idp.googleUrl), { timeout: 15000 });
    if (page.url().startsWith(env.appUrl)) {
      await page.waitForSelector('#error:not([hidden])');
      await screenshot(page, 'oauth-3-google-refused-in-app');
    } else {
      await page.waitForLoadState();
      assert.match(await page.textContent('body'), /error_type/);
      await screenshot(page, 'oauth-3-google-refused-at-callback');
    }
    assert.equal(await sessionCookie(context), undefined, 'no session');
    assert.equal(await findMember(org.organization_id, email), null, 'no member was created');
  }));

test('a redirect URL the project has not allowed is refused at the start, before Google', TIMEOUT, async () => {
  const org = await organization('OPTIONAL');
  const start = new URL('/v1/b2b/public/oauth/google/start', env.latchkeyUrl);
  start.searchParams.set('public_token', env.publicToken);
  start.searchParams.set('organization_id', org.organization_id);
  start.searchParams.set('login_redirect_url', `${env.otherAppUrl}/`);
  start.searchParams.set('signup_redirect_url', `${env.otherAppUrl}/`);

  const res = await fetch(start, { redirect: 'manual' });
  const body = await res.text();
  assert.ok(res.status >= 400 && res.status < 500, `a 4xx, not ${res.status}: ${body}`);
  assert.equal(res.headers.get('location'), null, 'no redirect anywhere');
  assert.match(JSON.parse(body).error_type, /redirect|oauth_url|url/, body);
});

test('joining by email domain with an email Google has not verified: refused, no member', TIMEOUT, () =>
  withBrowser('oauth-5-google-unverified-jit', async ({ page, context }) => {
    const org = await organizationForDomain('OPTIONAL');
    const email = `eve-${randomBytes(3).toString('hex')}@${org.domain}`;

    await signInWithGoogle(page, org.organization_id);
    await signInAtIdp(page, idp.googleUrl, { email, name: 'Eve Unverified', emailVerified: false });
    await page.waitForURL((u) => !u.href.startsWith(idp.googleUrl), { timeout: 15000 });
    await page.waitForLoadState();
    await screenshot(page, 'oauth-5-google-unverified-refused');

    assert.ok(!page.url().startsWith(env.appUrl), `refused at the callback, not sent to the app: ${page.url()}`);
    assert.equal(JSON.parse(await page.textContent('body')).error_type, 'oauth_unverified_email');
    assert.equal(await sessionCookie(context), undefined, 'no session');
    assert.equal(await findMember(org.organization_id, email), null, 'no member was created');
  }));

test('an existing member whose email Google has not verified must use another login method first', TIMEOUT, () =>
  withBrowser('oauth-6-google-unverified-member', async ({ page, context }) => {
    const org = await organization('OPTIONAL');
    const m = await member(org.organization_id);
    const authenticated = pending(
      page.waitForResponse((r) => r.url().endsWith('/sdk/v1/b2b/oauth/authenticate')),
    );

    await signInWithGoogle(page, org.organization_id);
    await signInAtIdp(page, idp.googleUrl, { email: m.email, name: 'Grace Hopper', emailVerified: false });
    const resp = (await (await authenticated).json()).data; // the SDK surface's {data: …} envelope
    await waitForScreen(page, 'login');
    await screenshot(page, 'oauth-6-google-unverified-primary-required');

    assert.equal(resp.member_authenticated, false);
    assert.ok(resp.intermediate_session_token, 'an intermediate session for the other method');
    assert.ok(resp.primary_required?.allowed_auth_methods?.length, JSON.stringify(resp.primary_required));
    assert.match(await page.textContent('#login-message'), /requires another login method/);
    assert.equal(await sessionCookie(context), undefined, 'no session');
  }));
