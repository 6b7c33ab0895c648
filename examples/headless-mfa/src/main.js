// The page of Stytch's "Headless Integration of MFA" guide, made real: primary login (password, email link, SSO,
// "Sign in with Google"), required enrollment (SMS or TOTP), returning MFA (SMS pre-sent), recovery codes, optional
// enrollment and step-up, logout; and a members page (members.js) whose actions the server allows or refuses by the
// roles of the caller's session.
// Every call goes through the unmodified official SDK; the only Latchkey-specific line is the API URL below.
import { StytchB2BHeadlessClient } from '@stytch/vanilla-js/b2b/headless';
import { membersPage } from './members.js';
import { authenticateRedirectToken, redirectLoginButtons, takeRedirectToken } from './redirect-login.js';

const SESSION_MINUTES = 60;
const config = window.LATCHKEY ?? {};

// The SDK sends every call to `${baseURL}/sdk/v1/...`, with baseURL = endpoints.testAPIURL for a
// `public-token-test-…` token and endpoints.liveAPIURL otherwise. Both are used verbatim (scheme and port kept).
// `customBaseUrl` would be rewritten to `https://<hostname>` with the port dropped (see docs/frontend.md).
const stytch = new StytchB2BHeadlessClient(config.publicToken, {
  endpoints: { testAPIURL: config.apiUrl, liveAPIURL: config.apiUrl },
});

/** Where the current MFA flow stands. mode: 'required' | 'returning' | 'optional' | 'step-up'. */
let flow = {};

const $ = (id) => document.getElementById(id);

function show(screen) {
  for (const s of document.querySelectorAll('section[data-screen]')) {
    s.hidden = s.dataset.screen !== screen;
  }
  document.body.dataset.screen = screen;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function fail(err) {
  console.error(err);
  const text = err?.error_type ? `${err.error_type}: ${err.error_message}` : String(err?.message ?? err);
  $('error').textContent = text;
  // What the SDK threw (e.g. StytchAPIError with the server's error_type), for a reader of the page's markup.
  $('error').dataset.name = err?.name ?? '';
  $('error').dataset.type = err?.error_type ?? '';
  $('error').dataset.status = err?.status_code ?? '';
  $('error').hidden = false;
}

/** Runs a UI action: clears the last error, shows the next one. */
function run(action) {
  return async (event) => {
    event?.preventDefault();
    clearError();
    try {
      await action();
    } catch (err) {
      fail(err);
    }
  };
}

function note(id, text) {
  $(id).textContent = text ?? '';
  $(id).hidden = !text;
}

function list(id, items) {
  $(id).replaceChildren(
    ...items.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

function ids() {
  return { organization_id: flow.organizationId, member_id: flow.memberId };
}

// ---- Primary authentication -------------------------------------------------------------------------------

function showLogin(message) {
  flow = {};
  note('login-message', message);
  show('login');
}

$('login-form').addEventListener(
  'submit',
  run(async () => {
    const resp = await stytch.passwords.authenticate({
      organization_id: $('login-org').value.trim(),
      email_address: $('login-email').value.trim(),
      password: $('login-password').value,
      session_duration_minutes: SESSION_MINUTES,
    });
    $('login-password').value = '';
    await afterPrimary(resp);
  }),
);

$('login-magic-link').addEventListener(
  'click',
  run(async () => {
    const here = window.location.origin + window.location.pathname;
    await stytch.magicLinks.email.loginOrSignup({
      organization_id: $('login-org').value.trim(),
      email_address: $('login-email').value.trim(),
      login_redirect_url: here,
      signup_redirect_url: here,
    });
    note('login-message', 'Check your email for a login link.');
  }),
);

/**
 * After any primary factor: a member session means done; otherwise the intermediate session (kept by the SDK in a
 * cookie) waits for a second factor. No member_options means the member must enroll first. (The guide's sample
 * response says `mfa_phone`; the API and the SDK's types say `member_options.mfa_phone_number`.)
 */
async function afterPrimary(resp) {
  if (resp.member_session) {
    return showHome();
  }
  flow = {
    organizationId: resp.organization_id ?? resp.organization?.organization_id,
    memberId: resp.member_id,
    organization: resp.organization,
  };
  if (resp.primary_required) {
    const methods = resp.primary_required.allowed_auth_methods ?? [];
    return showLogin(`This organization requires another login method first: ${methods.join(', ')}.`);
  }
  const options = resp.mfa_required?.member_options;
  flow.memberOptions = options ?? null;
  if (!options) {
    flow.mode = 'required';
    return showEnrollChoice();
  }
  flow.mode = 'returning';
  if (resp.mfa_required.secondary_auth_initiated === 'sms_otp') {
    return showSmsCode(options.mfa_phone_number);
  }
  if (options.totp_registration_id) {
    return showTotpCode();
  }
  return sendSms();
}

// ---- Required enrollment ----------------------------------------------------------------------------------

function allowedMfaMethods(organization) {
  return organization?.mfa_methods === 'RESTRICTED' ? organization.allowed_mfa_methods : ['sms_otp', 'totp'];
}

function showEnrollChoice() {
  const allowed = allowedMfaMethods(flow.organization);
  for (const el of document.querySelectorAll('[data-bind="org-name"]')) {
    el.textContent = flow.organization?.organization_name ?? 'Your organization';
  }
  $('enroll-choose-totp').hidden = !allowed.includes('totp');
  $('enroll-choose-sms').hidden = !allowed.includes('sms_otp');
  show('enroll-choice');
}

$('enroll-choose-totp').addEventListener('click', run(startTotpEnrollment));
$('enroll-choose-sms').addEventListener('click', run(async () => show('sms-phone')));

async function startTotpEnrollment() {
  const created = await stytch.totp.create({ ...ids(), expiration_minutes: 60 });
  $('totp-qr').src = created.qr_code;
  $('totp-secret').textContent = created.secret;
  list('totp-recovery-codes', created.recovery_codes ?? []);
  $('totp-enroll-code').value = '';
  show('totp-enroll');
}

$('totp-enroll-form').addEventListener(
  'submit',
  run(() => authenticateTotp($('totp-enroll-code').value.trim())),
);

$('sms-phone-form').addEventListener(
  'submit',
  run(() => sendSms($('sms-phone').value.trim())),
);

// ---- Codes: SMS, TOTP, recovery ---------------------------------------------------------------------------

async function sendSms(phone) {
  await stytch.otps.sms.send({ ...ids(), ...(phone ? { mfa_phone_number: phone } : {}) });
  showSmsCode(phone ?? flow.memberOptions?.mfa_phone_number ?? flow.member?.mfa_phone_number ?? flow.phone);
}

function showSmsCode(phone) {
  flow.phone = phone;
  $('sms-sent-to').textContent = phone ?? 'your phone';
  $('sms-code').value = '';
  const returning = flow.mode === 'returning';
  const hasTotp = Boolean(flow.memberOptions?.totp_registration_id);
  $('sms-use-totp').hidden = !(returning && hasTotp);
  $('sms-use-recovery').hidden = !(returning && hasTotp);
  show('sms-code');
}

function showTotpCode() {
  $('totp-code').value = '';
  const returning = flow.mode === 'returning';
  $('totp-use-sms').hidden = !(returning && flow.memberOptions?.mfa_phone_number);
  $('totp-use-recovery').hidden = !returning;
  show('totp-code');
}

$('sms-resend').addEventListener('click', run(() => sendSms()));
$('sms-use-totp').addEventListener('click', run(async () => showTotpCode()));
$('totp-use-sms').addEventListener('click', run(() => sendSms()));
for (const id of ['sms-use-recovery', 'totp-use-recovery']) {
  $(id).addEventListener(
    'click',
    run(async () => {
      $('recovery-code').value = '';
      show('recovery');
    }),
  );
}

/** Optional enrollment asks for it explicitly; step-up omits it (SMS/TOTP stay step-up only factors). */
function enrollment() {
  return flow.mode === 'optional' ? { set_mfa_enrollment: 'enroll' } : {};
}

$('sms-code-form').addEventListener(
  'submit',
  run(async () => {
    const resp = await stytch.otps.sms.authenticate({
      ...ids(),
      code: $('sms-code').value.trim(),
      session_duration_minutes: SESSION_MINUTES,
      ...enrollment(),
    });
    await afterSecondFactor(resp, 'Text message verified.');
  }),
);

$('totp-code-form').addEventListener(
  'submit',
  run(() => authenticateTotp($('totp-code').value.trim())),
);

async function authenticateTotp(code) {
  const resp = await stytch.totp.authenticate({
    ...ids(),
    code,
    session_duration_minutes: SESSION_MINUTES,
    ...enrollment(),
  });
  await afterSecondFactor(resp, 'Authenticator app verified.');
}

$('recovery-form').addEventListener(
  'submit',
  run(async () => {
    const resp = await stytch.recoveryCodes.recover({
      ...ids(),
      recovery_code: $('recovery-code').value.trim(),
      session_duration_minutes: SESSION_MINUTES,
    });
    await afterSecondFactor(resp, `Recovery code accepted; ${resp.recovery_codes_remaining} left.`);
  }),
);

async function afterSecondFactor(resp, message) {
  if (!resp.member_session) {
    throw new Error('The second factor did not start a session.');
  }
  const mode = flow.mode;
  await showHome(mode === 'optional' || mode === 'step-up' || mode === 'returning' ? message : undefined);
}

// ---- Logged in ----------------------------------------------------------------------------------------------

async function showHome(message) {
  const session = stytch.session.getSync();
  if (!session) {
    return showLogin();
  }
  // self.get and organization.get ask the server (GET …/members/me, …/organizations/me) for the caller's own.
  const [member, organization] = await Promise.all([stytch.self.get(), stytch.organization.get()]);
  flow = { organizationId: session.organization_id, memberId: session.member_id, member };
  $('home-email').textContent = member.email_address;
  $('home-org').textContent = `${organization.organization_name} (${organization.mfa_policy})`;
  list(
    'home-factors',
    stytch.session.getSync().authentication_factors.map((f) => `${f.type} · ${f.delivery_method}`),
  );
  $('home-mfa').textContent = member.mfa_enrolled ? 'yes' : 'no';
  $('home-phone').textContent = member.mfa_phone_number
    ? `${member.mfa_phone_number}${member.mfa_phone_number_verified ? ' (verified)' : ''}`
    : 'none';
  $('home-totp').textContent = member.totp_registration_id ? 'registered' : 'none';
  $('optional-totp').hidden = Boolean(member.totp_registration_id);
  $('optional-sms').hidden = Boolean(member.mfa_phone_number_verified);
  $('stepup-totp').hidden = !member.totp_registration_id;
  $('stepup-sms').hidden = !member.mfa_phone_number_verified;
  $('recovery-show').hidden = !member.totp_registration_id;
  $('recovery-rotate').hidden = !member.totp_registration_id;
  list('home-recovery-codes', []);
  note('home-message', message);
  show('home');
}

$('optional-totp').addEventListener(
  'click',
  run(async () => {
    flow.mode = 'optional';
    await startTotpEnrollment();
  }),
);
$('optional-sms').addEventListener(
  'click',
  run(async () => {
    flow.mode = 'optional';
    $('sms-phone').value = '';
    show('sms-phone');
  }),
);
$('stepup-totp').addEventListener(
  'click',
  run(async () => {
    flow.mode = 'step-up';
    showTotpCode();
  }),
);
$('stepup-sms').addEventListener(
  'click',
  run(async () => {
    flow.mode = 'step-up';
    await sendSms();
  }),
);
$('recovery-show').addEventListener(
  'click',
  run(async () => list('home-recovery-codes', (await stytch.recoveryCodes.get()).recovery_codes)),
);
$('recovery-rotate').addEventListener(
  'click',
  run(async () => {
    list('home-recovery-codes', (await stytch.recoveryCodes.rotate()).recovery_codes);
    note('home-message', 'New recovery codes; the old ones no longer work.');
  }),
);
redirectLoginButtons(stytch, { $, run });

const members = membersPage(stytch, { $, show, run, note, back: () => showHome() });
$('home-members').addEventListener('click', run(members.open));

$('logout').addEventListener(
  'click',
  run(async () => {
    await stytch.session.revoke();
    showLogin('You are logged out.');
  }),
);

// The SDK re-checks the session every few minutes; if the server says it is gone, go back to the login.
stytch.session.onChange((session) => {
  if (!session && ['home', 'members'].includes(document.body.dataset.screen)) {
    showLogin('Your session ended.');
  }
});

// ---- Start ----------------------------------------------------------------------------------------------------

async function start() {
  if (!config.apiUrl || !config.publicToken) {
    fail(new Error('config.js must set window.LATCHKEY = {apiUrl, publicToken}.'));
    return show('login');
  }
  try {
    // A login link from email, or the way back from SSO or Google, lands here with ?stytch_token_type=…&token=…
    const token = takeRedirectToken();
    if (token) {
      return await afterPrimary(await authenticateRedirectToken(stytch, token, SESSION_MINUTES));
    }
    if (stytch.session.getSync()) {
      return await showHome();
    }
  } catch (err) {
    fail(err);
  }
  showLogin();
}

start();
