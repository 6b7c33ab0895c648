// RBAC in the browser (issue 10): an admin and a plain member of one organization, each logged in through the
// example's page in their own Chromium and on its members page (examples/headless-mfa/src/members.js). The
// member's attempts are refused by the server with the SDK's error and change nothing; the admin's work; and the
// SDK's local stytch.rbac.isAuthorizedSync agrees with the server's authorization_check for the project's policy,
// which run.sh loads from e2e/rbac-policy.json (stytch_member may also search members; a custom role
// "billing-viewer" may read the custom resource "billing").
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { openBrowser, screenshot, waitForScreen } from '../lib/browser.mjs';
import {
  emailLink,
  env,
  findMember,
  getMember,
  getOrganization,
  isDeleted,
  member,
  messagesTo,
  organization,
  serverAuthorizes,
  setRoles,
} from '../lib/latchkey.mjs';

const TIMEOUT = { timeout: 120_000 };
let org;
/** admin (stytch_admin), member (plain), viewer (billing-viewer), target (plain; changed by the others). */
const users = {};
/** One browser per user that logs in, opened on first use, all closed at the end. */
const browsers = {};

before(async () => {
  org = await organization('OPTIONAL');
  for (const name of ['admin', 'member', 'viewer', 'target']) {
    users[name] = await member(org.organization_id);
  }
  await setRoles(org.organization_id, users.admin.memberId, ['stytch_admin']);
  await setRoles(org.organization_id, users.viewer.memberId, ['billing-viewer']);
});

after(async () => {
  for (const b of Object.values(browsers)) {
    await b.close();
  }
});

/**
 * The user's page, logged in and showing the members page. The login is by an email link read from the dev outbox
 * (as tests/headless-mfa.test.mjs does), which costs the server no password hash.
 */
async function membersPage(name) {
  if (!browsers[name]) {
    const b = await openBrowser();
    browsers[name] = b;
    const { page } = b;
    const { email } = users[name];
    await page.goto(env.appUrl);
    await waitForScreen(page, 'login');
    await page.fill('#login-org', org.organization_id);
    await page.fill('#login-email', email);
    await page.click('#login-magic-link');
    await page.waitForSelector('#login-message:not([hidden])');
    await page.goto(await emailLink(email, 1));
    await waitForScreen(page, 'home');
    await page.click('#home-members');
    await waitForScreen(page, 'members');
  }
  return browsers[name].page;
}

/** Runs a test body; on failure, screenshots every open page and adds their consoles to the message. */
async function withPages(name, body) {
  try {
    await body();
  } catch (e) {
    for (const [who, b] of Object.entries(browsers)) {
      await screenshot(b.page, `${name}-${who}-FAILED`).catch(() => {});
      e.message += `\n${who}'s browser console:\n${b.consoleLines.join('\n')}`;
    }
    throw e;
  }
}

const row = (email) => `#members-rows tr[data-email="${email}"]`;
const allowed = (page, selector) => page.getAttribute(selector, 'data-allowed');

/**
 * Does {@code act}, waits for the page's error and returns what the SDK threw: {name, type, status, text}. Fails at
 * once if the page reports success instead (the member page shows no other message before).
 */
async function refusal(page, act) {
  await act();
  await page.waitForSelector('#error:not([hidden]), #members-message:not([hidden])');
  const allowed = await page.$eval('#members-message', (e) => (e.hidden ? null : e.textContent));
  assert.equal(allowed, null, 'the server allowed it');
  return page.$eval('#error', (e) => ({ ...e.dataset, text: e.textContent }));
}

function assertRefusedByRole(r, what) {
  assert.equal(r.name, 'StytchAPIError', `${what}: the SDK's error class`);
  assert.equal(r.type, 'session_authorization_error', `${what}: ${r.text}`);
  assert.equal(r.status, '403', what);
  assert.match(r.text, /^session_authorization_error: ./, `${what}: the page shows the server's message`);
}

/** Does {@code act} and waits until the page reports {@code done}; fails with the page's error if it shows one. */
async function success(page, act, done) {
  await act();
  await page.waitForFunction(
    (source) =>
      !document.getElementById('error').hidden ||
      new RegExp(source).test(document.getElementById('members-message').textContent),
    done.source,
  );
  const error = await page.$eval('#error', (e) => (e.hidden ? null : e.textContent));
  assert.equal(error, null, `refused: ${error}`);
}

const roleIds = (m) => m.roles.map((r) => r.role_id);

test("a plain member's changes are refused with the SDK's error, and nothing changes", TIMEOUT, () =>
  withPages('rbac-1-member', async () => {
    const page = await membersPage('member');
    const { target } = users;
    assert.equal(await page.textContent('#members-your-roles'), 'stytch_member');
    assert.ok(await page.isHidden('#members-list-refused'), 'the policy lets stytch_member search members');
    await page.waitForSelector(row(target.email));
    await screenshot(page, 'rbac-1-member-page');

    // The page greys out what isAuthorizedSync says the roles do not allow, but keeps it clickable.
    assert.equal(await allowed(page, `${row(target.email)} button[data-action=role]`), 'false');
    assert.equal(await allowed(page, `${row(target.email)} button[data-action=remove]`), 'false');
    assert.equal(await allowed(page, '#invite-submit'), 'false');
    assert.equal(await allowed(page, '#org-name-submit'), 'false');
    assert.equal(await allowed(page, `${row(users.member.email)} button[data-action=remove]`), 'true', 'stytch.self');

    const orgBefore = await getOrganization(org.organization_id);
    const targetBefore = await getMember(org.organization_id, target.memberId);

    let r = await refusal(page, () => page.click(`${row(target.email)} button[data-action=role]`));
    assertRefusedByRole(r, 'make another member admin');
    await screenshot(page, 'rbac-1-member-refused');
    r = await refusal(page, () => page.click(`${row(users.member.email)} button[data-action=role]`));
    assertRefusedByRole(r, 'make oneself admin');
    r = await refusal(page, () => page.click(`${row(target.email)} button[data-action=remove]`));
    assertRefusedByRole(r, 'remove another member');
    await page.fill('#org-name', 'Taken over');
    r = await refusal(page, () => page.click('#org-name-submit'));
    assertRefusedByRole(r, 'rename the organization');
    const invited = `invitee-${randomUUID().slice(0, 8)}@example.com`;
    await page.fill('#invite-email', invited);
    r = await refusal(page, () => page.click('#invite-submit'));
    assertRefusedByRole(r, 'invite');

    const targetAfter = await getMember(org.organization_id, target.memberId);
    assert.equal(targetAfter.status, 'active');
    assert.deepEqual(roleIds(targetAfter), roleIds(targetBefore));
    assert.deepEqual(roleIds(await getMember(org.organization_id, users.member.memberId)), ['stytch_member']);
    assert.equal((await getOrganization(org.organization_id)).organization_name, orgBefore.organization_name);
    assert.equal(await findMember(org.organization_id, invited), null, 'no member was invited');
    assert.equal((await messagesTo(invited)).length, 0, 'no invitation was sent');
  }));

test("an admin's changes work: make admin and back, rename, invite, remove", TIMEOUT, () =>
  withPages('rbac-2-admin', async () => {
    const page = await membersPage('admin');
    const { target } = users;
    assert.match(await page.textContent('#members-your-roles'), /\bstytch_admin\b/);
    await page.waitForSelector(row(target.email));
    for (const selector of [
      `${row(target.email)} button[data-action=role]`,
      `${row(target.email)} button[data-action=remove]`,
      '#invite-submit',
      '#org-name-submit',
    ]) {
      assert.equal(await allowed(page, selector), 'true', selector);
    }

    await success(
      page,
      () => page.click(`${row(target.email)} button[data-action=role]`),
      /now has: stytch_member, stytch_admin\.$/,
    );
    const promoted = await getMember(org.organization_id, target.memberId);
    assert.deepEqual(roleIds(promoted).sort(), ['stytch_admin', 'stytch_member']);
    assert.equal(promoted.is_admin, true);
    assert.equal(await page.textContent(`${row(target.email)} button[data-action=role]`), 'Make member');
    await screenshot(page, 'rbac-2-admin-promoted');

    await success(
      page,
      () => page.click(`${row(target.email)} button[data-action=role]`),
      /now has: stytch_member\.$/,
    );
    assert.deepEqual(roleIds(await getMember(org.organization_id, target.memberId)), ['stytch_member']);

    const name = `Acme renamed ${randomUUID().slice(0, 4)}`;
    await page.fill('#org-name', name);
    await success(page, () => page.click('#org-name-submit'), /is now called/);
    assert.equal((await getOrganization(org.organization_id)).organization_name, name);
    assert.equal(await page.textContent('#members-org'), name);

    const invited = `invitee-${randomUUID().slice(0, 8)}@example.com`;
    await page.fill('#invite-email', invited);
    await success(page, () => page.click('#invite-submit'), /invitation was sent/);
    assert.equal((await findMember(org.organization_id, invited))?.status, 'invited');
    assert.equal((await messagesTo(invited)).length, 1, 'the invitation is in the outbox');
    await page.waitForSelector(row(invited));

    await success(page, () => page.click(`${row(target.email)} button[data-action=remove]`), /was removed/);
    assert.equal(await isDeleted(org.organization_id, target.memberId), true);
    assert.equal(await page.locator(row(target.email)).count(), 0);
    await screenshot(page, 'rbac-2-admin-done');
  }));

// [resource, action] and, per user, what e2e/rbac-policy.json (merged with Stytch's default roles) says.
const CHECKS = [
  ['stytch.member', 'search', { admin: true, member: true, viewer: true }],
  ['stytch.member', 'update.settings.roles', { admin: true, member: false, viewer: false }],
  ['stytch.member', 'delete', { admin: true, member: false, viewer: false }],
  ['stytch.organization', 'update.info.name', { admin: true, member: false, viewer: false }],
  ['stytch.self', 'update.info.name', { admin: true, member: true, viewer: true }],
  ['billing', 'read', { admin: false, member: false, viewer: true }],
  ['billing', 'export', { admin: false, member: false, viewer: false }],
];

/** The page's answer: its "May I?" form asks stytch.rbac.isAuthorizedSync. */
async function pageAuthorizes(page, resource, action) {
  await page.fill('#perm-resource', resource);
  await page.fill('#perm-action', action);
  await page.click('#perm-check');
  const result = page.locator('#perm-result', { hasText: `${resource} · ${action}:` });
  return (await result.getAttribute('data-allowed')) === 'true';
}

test("stytch.rbac.isAuthorizedSync agrees with the server's authorization_check, for a custom role too", TIMEOUT, () =>
  withPages('rbac-3-checks', async () => {
    for (const name of ['admin', 'member', 'viewer']) {
      const page = await membersPage(name);
      const cookies = await browsers[name].context.cookies(env.appUrl);
      const token = cookies.find((c) => c.name === 'stytch_session')?.value;
      assert.ok(token, `${name} has a session`);
      const answers = { page: [], server: [], policy: [] };
      for (const [resource, action, expected] of CHECKS) {
        answers.page.push(`${resource} ${action} ${await pageAuthorizes(page, resource, action)}`);
        const server = await serverAuthorizes(token, org.organization_id, resource, action);
        answers.server.push(`${resource} ${action} ${server}`);
        answers.policy.push(`${resource} ${action} ${expected[name]}`);
      }
      assert.deepEqual(answers.page, answers.server, `${name}: the SDK's local answers and the server's`);
      assert.deepEqual(answers.server, answers.policy, `${name}: the server's answers and the policy's`);
    }
    await screenshot(browsers.viewer.page, 'rbac-3-viewer-checks');
  }));
