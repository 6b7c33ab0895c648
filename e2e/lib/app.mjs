// Driving the example app (examples/headless-mfa) in a browser: one fresh browser per flow, with a screenshot and
// the browser console added to any failure; and what the logged-in home screen shows.
import { env } from './latchkey.mjs';
import { openBrowser, screenshot } from './browser.mjs';

export async function withBrowser(name, flow) {
  const b = await openBrowser();
  try {
    await flow(b);
  } catch (e) {
    await screenshot(b.page, `${name}-FAILED`).catch(() => {});
    e.message += `\nlast URL: ${b.page.url()}\nbrowser console:\n${b.consoleLines.join('\n')}`;
    throw e;
  } finally {
    await b.close();
  }
}

/** The session's factors as the home screen lists them: "type · delivery_method | …". */
export async function factors(page) {
  return (await page.locator('#home-factors li').allTextContents()).join(' | ');
}

export async function sessionCookie(context) {
  const cookies = await context.cookies(env.appUrl);
  return cookies.find((c) => c.name === 'stytch_session')?.value;
}

/**
 * The promise, marked as handled: a wait started before the step it waits for must not become an unhandled
 * rejection when an earlier step fails first (the test fails on that step instead).
 */
export function pending(promise) {
  promise.catch(() => {});
  return promise;
}

/**
 * Resolves to the token Latchkey hands back to the app (…?stytch_token_type=<type>&token=…), taken from the
 * browser's request for the app page; start waiting before the step that leads there.
 */
export function tokenBackToApp(page, type) {
  return pending(
    page.waitForRequest(
      (r) => {
        if (!r.isNavigationRequest() || !r.url().startsWith(env.appUrl)) return false;
        return new URL(r.url()).searchParams.get('stytch_token_type') === type;
      },
      { timeout: 30000 },
    ).then((r) => new URL(r.url())),
  );
}

/** The login page, with the organization (id or slug) typed in. */
export async function openLogin(page, organization) {
  await page.goto(env.appUrl);
  await page.waitForSelector('body[data-screen="login"]');
  await page.fill('#login-org', organization);
}
