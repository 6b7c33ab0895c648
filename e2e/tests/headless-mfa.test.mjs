// The flows of the headless MFA guide (shared seed), driven through examples/headless-mfa: the unmodified
// @stytch/vanilla-js B2B headless client, in Debian's headless Chromium, against a Latchkey server on another
// origin. run.sh starts both servers and sets the environment that lib/latchkey.mjs reads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openBrowser, screenshot, waitForScreen } from '../lib/browser.mjs';
import {
  PASSWORD,
  api,
  emailLink,
  env,
  member,
  messagesTo,
  organization,
  phoneNumber,
  smsCode,
} from '../lib/latchkey.mjs';
import { totp } from '../lib/totp.mjs';

const TIMEOUT = { timeout: 90_000 };
let required; // an organization with mfa_policy REQUIRED_FOR_ALL
let optional; // an organization with mfa_policy OPTIONAL
const totpMember = {}; // enrolled by TOTP in flow 1, recovers with a code in flow 4
const smsMember = {}; // enrolled by SMS in flow 2, returns in flow 3

before(async () => {
  required = await organization('REQUIRED_FOR_ALL');
  optional = await organization('OPTIONAL');
});

async function login(page, org, email, { url = env.appUrl } = {}) {
  await page.goto(url);
  await waitForScreen(page, 'login');
  await page.fill('#login-org', org.organization_id);
  await page.fill('#login-email', email);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
}

async function sessionCookie(context) {
  const cookies = await context.cookies(env.appUrl);
  return cookies.find((c) => c.name === 'stytch_session')?.value;
}

async function factors(page) {
  return (await page.locator('#home-factors li').allTextContents()).join(' | ');
}

async function withBrowser(name, flow) {
  const b = await openBrowser();
  try {
    await flow(b);
  } catch (e) {
    await screenshot(b.page, `${name}-FAILED`).catch(() => {});
    e.message += `\nbrowser console:\n${b.consoleLines.join('\n')}`;
    throw e;
  } finally {
    await b.close();
  }
}

test('required enrollment by TOTP: password, choose the app, scan the QR code, enter the code', TIMEOUT, () =>
  withBrowser('1-required-totp', async ({ page, context }) => {
    const m = await member(required.organization_id);
    Object.assign(totpMember, m);
    const bootstrap = page.waitForResponse((r) => r.url().includes('/sdk/v1/projects/bootstrap/'));

    await login(page, required, m.email);
    assert.equal((await bootstrap).status(), 200, 'the SDK bootstrapped from Latchkey');
    await waitForScreen(page, 'enroll-choice');
    await screenshot(page, '1-required-enroll-choice');
    assert.ok(await page.isVisible('#enroll-choose-totp'));
    assert.ok(await page.isVisible('#enroll-choose-sms'));
    assert.equal(await sessionCookie(context), undefined, 'no session before the second factor');
    const ist = (await context.cookies(env.appUrl)).find((c) => c.name === 'stytch_intermediate_session_token');
    assert.ok(ist?.value, 'the SDK keeps the intermediate session token in its cookie');

    await page.click('#enroll-choose-totp');
    await waitForScreen(page, 'totp-enroll');
    const secret = (await page.textContent('#totp-secret')).trim();
    const qr = await page.getAttribute('#totp-qr', 'src');
    totpMember.recoveryCodes = await page.locator('#totp-recovery-codes li').allTextContents();
    assert.match(qr, /^data:image\/png;base64,/);
    assert.equal(totpMember.recoveryCodes.length, 10);
    await screenshot(page, '1-required-totp-qr');

    await page.fill('#totp-enroll-code', totp(secret));
    await page.click('#totp-enroll-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, '1-required-totp-home');

    assert.equal(await page.textContent('#home-email'), m.email);
    assert.equal(await page.textContent('#home-mfa'), 'yes');
    assert.match(await factors(page), /password · knowledge/);
    assert.match(await factors(page), /authenticator_app/);
    assert.ok(await sessionCookie(context), 'the SDK stored the session token');
  }));

test('required enrollment by SMS: password, choose text messages, enter the texted code', TIMEOUT, () =>
  withBrowser('2-required-sms', async ({ page }) => {
    const m = await member(required.organization_id);
    Object.assign(smsMember, m, { phone: phoneNumber() });

    await login(page, required, m.email);
    await waitForScreen(page, 'enroll-choice');
    await page.click('#enroll-choose-sms');
    await waitForScreen(page, 'sms-phone');
    await page.fill('#sms-phone', smsMember.phone);
    await page.click('#sms-phone-form button[type=submit]');
    await waitForScreen(page, 'sms-code');
    await screenshot(page, '2-required-sms-code');

    await page.fill('#sms-code', await smsCode(smsMember.phone, 1));
    await page.click('#sms-code-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, '2-required-sms-home');

    assert.match(await factors(page), /sms/);
    assert.match(await page.textContent('#home-phone'), /\(verified\)/);
  }));

test('returning MFA: the SMS is sent with the password login, the member only types the code', TIMEOUT, () =>
  withBrowser('3-returning-sms', async ({ page }) => {
    assert.ok(smsMember.phone, 'flow 2 enrolled this member');
    const before = (await messagesTo(smsMember.phone)).length;

    await login(page, required, smsMember.email);
    await waitForScreen(page, 'sms-code');
    await screenshot(page, '3-returning-sms-presented');
    assert.equal(await page.textContent('#sms-sent-to'), smsMember.phone);
    assert.equal((await messagesTo(smsMember.phone)).length, before + 1, 'pre-sent by passwords.authenticate');

    await page.fill('#sms-code', await smsCode(smsMember.phone, before + 1));
    await page.click('#sms-code-form button[type=submit]');
    await waitForScreen(page, 'home');
    assert.match(await factors(page), /sms/);
  }));

test('recovery code: a TOTP member without the app logs in with a recovery code', TIMEOUT, () =>
  withBrowser('4-recovery', async ({ page }) => {
    assert.ok(totpMember.recoveryCodes?.length, 'flow 1 enrolled this member');

    await login(page, required, totpMember.email);
    await waitForScreen(page, 'totp-code');
    await page.click('#totp-use-recovery');
    await waitForScreen(page, 'recovery');
    await page.fill('#recovery-code', totpMember.recoveryCodes[0]);
    await screenshot(page, '4-recovery-entry');
    await page.click('#recovery-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, '4-recovery-home');

    assert.match(await page.textContent('#home-message'), /9 left/);
    assert.match(await factors(page), /recovery_code/);

    // The used code is spent.
    await page.click('#logout');
    await waitForScreen(page, 'login');
    await login(page, required, totpMember.email);
    await waitForScreen(page, 'totp-code');
    await page.click('#totp-use-recovery');
    await page.fill('#recovery-code', totpMember.recoveryCodes[0]);
    await page.click('#recovery-form button[type=submit]');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.textContent('#error'), /recovery_code/);
  }));

test('optional enrollment: a logged-in member adds an authenticator app and its recovery codes', TIMEOUT, () =>
  withBrowser('5-optional', async ({ page }) => {
    const m = await member(optional.organization_id);

    await login(page, optional, m.email);
    await waitForScreen(page, 'home');
    assert.equal(await page.textContent('#home-mfa'), 'no');
    await screenshot(page, '5-optional-before');

    await page.click('#optional-totp');
    await waitForScreen(page, 'totp-enroll');
    const secret = (await page.textContent('#totp-secret')).trim();
    const codes = await page.locator('#totp-recovery-codes li').allTextContents();
    await page.fill('#totp-enroll-code', totp(secret));
    await page.click('#totp-enroll-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, '5-optional-after');

    assert.equal(await page.textContent('#home-mfa'), 'yes');
    assert.equal(await page.textContent('#home-totp'), 'registered');
    assert.match(await factors(page), /authenticator_app/);

    // recoveryCodes.get and .rotate act on the caller's own member.
    await page.click('#recovery-show');
    await page.waitForSelector('#home-recovery-codes li');
    assert.deepEqual(await page.locator('#home-recovery-codes li').allTextContents(), codes);
    await page.click('#recovery-rotate');
    await page.waitForFunction(
      (first) => document.querySelector('#home-recovery-codes li')?.textContent !== first,
      codes[0],
    );
    assert.equal(await page.locator('#home-recovery-codes li').count(), 10);
  }));

test('step-up: a member logged in with a password alone proves an SMS code for a sensitive action', TIMEOUT, () =>
  withBrowser('6-step-up', async ({ page }) => {
    const phone = phoneNumber();
    // A verified phone for step-up, without enrolling in MFA: the password alone still logs in.
    const m = await member(optional.organization_id, { mfa_phone_number: phone, set_phone_number_verified: true });

    await login(page, optional, m.email);
    await waitForScreen(page, 'home');
    assert.doesNotMatch(await factors(page), /sms/);
    assert.ok(await page.isVisible('#stepup-sms'));

    await page.click('#stepup-sms');
    await waitForScreen(page, 'sms-code');
    await page.fill('#sms-code', await smsCode(phone, 1));
    await page.click('#sms-code-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, '6-step-up-home');

    assert.match(await page.textContent('#home-message'), /Text message verified/);
    assert.match(await factors(page), /password · knowledge/);
    assert.match(await factors(page), /sms/);
    assert.equal(await page.textContent('#home-mfa'), 'no', 'step-up does not enroll');
  }));

test('step-up with the authenticator app after optional enrollment, in the same session', TIMEOUT, () =>
  withBrowser('6b-step-up-totp', async ({ page }) => {
    const m = await member(optional.organization_id);
    await login(page, optional, m.email);
    await waitForScreen(page, 'home');
    await page.click('#optional-totp');
    await waitForScreen(page, 'totp-enroll');
    const secret = (await page.textContent('#totp-secret')).trim();
    await page.fill('#totp-enroll-code', totp(secret));
    await page.click('#totp-enroll-form button[type=submit]');
    await waitForScreen(page, 'home');

    await page.click('#stepup-totp');
    await waitForScreen(page, 'totp-code');
    // A code is accepted once per member: use the next time step's, which RFC 6238's ±1-step window accepts.
    await page.fill('#totp-code', totp(secret, { stepOffset: 1 }));
    await page.click('#totp-code-form button[type=submit]');
    await waitForScreen(page, 'home');
    assert.match(await page.textContent('#home-message'), /Authenticator app verified/);
  }));

test('logout: the session is revoked on the server and the SDK clears its cookies', TIMEOUT, () =>
  withBrowser('7-logout', async ({ page, context }) => {
    const m = await member(optional.organization_id);
    await login(page, optional, m.email);
    await waitForScreen(page, 'home');
    const token = await sessionCookie(context);
    assert.ok(token);

    await page.click('#logout');
    await waitForScreen(page, 'login');
    await screenshot(page, '7-logout');

    assert.match(await page.textContent('#login-message'), /logged out/);
    assert.equal(await sessionCookie(context), undefined);
    await assert.rejects(
      api('POST', '/v1/b2b/sessions/authenticate', { session_token: token }),
      (e) => e.body?.error_type === 'session_not_found',
    );

    // A reload stays logged out.
    await page.reload();
    await waitForScreen(page, 'login');
  }));

test('a reload keeps the session: the SDK re-authenticates it from its cookie', TIMEOUT, () =>
  withBrowser('8-reload', async ({ page }) => {
    const m = await member(optional.organization_id);
    await login(page, optional, m.email);
    await waitForScreen(page, 'home');

    const refreshed = page.waitForResponse((r) => r.url().endsWith('/sdk/v1/b2b/sessions/authenticate'));
    await page.reload();
    assert.equal((await refreshed).status(), 200);
    await waitForScreen(page, 'home');
    assert.equal(await page.textContent('#home-email'), m.email);
  }));

/** Asks for a login link on the login page, then opens the link the dev outbox holds, as the email's reader. */
async function loginByMagicLink(page, org, email) {
  const before = (await messagesTo(email)).length;
  await page.goto(env.appUrl);
  await waitForScreen(page, 'login');
  await page.fill('#login-org', org.organization_id);
  await page.fill('#login-email', email);
  const sent = page.waitForResponse((r) => r.url().endsWith('/sdk/v1/b2b/magic_links/email/login_or_signup'));
  await page.click('#login-magic-link');
  assert.equal((await sent).status(), 200, 'login_or_signup sent the link');
  await page.waitForSelector('#login-message:not([hidden])');
  assert.match(await page.textContent('#login-message'), /Check your email/);

  const link = await emailLink(email, before + 1);
  assert.ok(link.startsWith(`${env.appUrl}/?`), `the link returns to the app: ${link}`);
  assert.match(link, /[?&]stytch_token_type=multi_tenant_magic_links(&|$)/);
  const authenticated = page.waitForResponse((r) => r.url().endsWith('/sdk/v1/b2b/magic_links/authenticate'));
  await page.goto(link);
  assert.equal((await authenticated).status(), 200, 'magic_links/authenticate accepted the token');
}

test('magic link: the member asks for a login link, opens it and is logged in', TIMEOUT, () =>
  withBrowser('10-magic-link', async ({ page, context }) => {
    const m = await member(optional.organization_id);

    await loginByMagicLink(page, optional, m.email);
    await waitForScreen(page, 'home');
    await screenshot(page, '10-magic-link-home');

    assert.equal(await page.textContent('#home-email'), m.email);
    assert.match(await factors(page), /magic_link · email/);
    assert.ok(await sessionCookie(context), 'the SDK stored the session token');
    assert.doesNotMatch(page.url(), /token=/, 'the spent token left the address bar');

    // A reload keeps the session and does not replay the spent link.
    await page.reload();
    await waitForScreen(page, 'home');
    assert.equal(await page.textContent('#home-email'), m.email);
  }));

test('magic link into an organization requiring MFA: enrollment by TOTP follows the link', TIMEOUT, () =>
  withBrowser('11-magic-link-required', async ({ page, context }) => {
    const m = await member(required.organization_id);

    await loginByMagicLink(page, required, m.email);
    await waitForScreen(page, 'enroll-choice');
    await screenshot(page, '11-magic-link-enroll-choice');
    assert.equal(await sessionCookie(context), undefined, 'no session before the second factor');

    await page.click('#enroll-choose-totp');
    await waitForScreen(page, 'totp-enroll');
    const secret = (await page.textContent('#totp-secret')).trim();
    await page.fill('#totp-enroll-code', totp(secret));
    await page.click('#totp-enroll-form button[type=submit]');
    await waitForScreen(page, 'home');
    await screenshot(page, '11-magic-link-totp-home');

    assert.equal(await page.textContent('#home-email'), m.email);
    assert.equal(await page.textContent('#home-mfa'), 'yes');
    assert.match(await factors(page), /magic_link · email/);
    assert.match(await factors(page), /authenticator_app/);
  }));

test('an origin the project has not authorized is refused: no login, no cookies', TIMEOUT, () =>
  withBrowser('9-other-origin', async ({ page, context }) => {
    const m = await member(optional.organization_id);
    const refused = [];
    page.on('response', (r) => {
      if (r.url().startsWith(env.latchkeyUrl) && r.request().method() === 'OPTIONS') refused.push(r.status());
    });
    page.on('requestfailed', (r) => {
      if (r.url().startsWith(env.latchkeyUrl)) refused.push(r.failure()?.errorText);
    });

    await login(page, optional, m.email, { url: env.otherAppUrl });
    await page.waitForSelector('#error:not([hidden])');
    await screenshot(page, '9-other-origin-refused');

    assert.equal(await page.evaluate(() => document.body.dataset.screen), 'login');
    assert.match(await page.textContent('#error'), /contact|fetch|reach/i);
    assert.equal((await context.cookies(env.otherAppUrl)).length, 0);
    assert.ok(refused.length > 0, 'the browser refused the cross-origin calls');
  }));
