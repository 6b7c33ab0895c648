// A local OpenID Connect identity provider for the browser tests: panva's oidc-provider (9.x) with one
// confidential client, a per-process RS256 key, PKCE, the scopes openid email profile, and a login page that the
// browser test fills in (any email logs in; the page says what the ID token will claim). Used twice by run.sh:
// as the IdP of an OIDC SSO connection, and as the "Google" that Latchkey's OAuth is pointed at.
//
// Environment:
//   PORT                  where to listen on 127.0.0.1 (0: a free port; the URL is printed as "listening on …")
//   OIDC_CLIENT_ID        the one client (default "latchkey")
//   OIDC_CLIENT_SECRET    its secret, sent by client_secret_basic (default "latchkey-secret")
//   OIDC_REDIRECT_PREFIX  every redirect_uri starting with this is accepted (e.g. "<latchkey>/v1/b2b/"): the
//                         callback ids are minted by Latchkey at run time, so no fixed list can be registered
//   OIDC_REQUIRE_PKCE     "false" lets the client leave out PKCE (default: required, S256)
//   OIDC_HD_FROM_EMAIL    "true" adds Google's `hd` claim (the email's domain) unless the login page overrides it
//   OIDC_AUTO_LOGIN       an email: log that user in without showing the page (for non-browser clients)
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 0);
const clientId = process.env.OIDC_CLIENT_ID ?? 'latchkey';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'latchkey-secret';
const redirectPrefix = process.env.OIDC_REDIRECT_PREFIX ?? '';
const requirePkce = process.env.OIDC_REQUIRE_PKCE !== 'false';
const hdFromEmail = process.env.OIDC_HD_FROM_EMAIL === 'true';
const autoLogin = process.env.OIDC_AUTO_LOGIN ?? '';

/** Users seen on the login page, by account id; the provider asks for their claims when it issues tokens. */
const accounts = new Map();

/** A stable subject per email, as a real IdP keeps one per user. */
function accountFor({ email, name, emailVerified, hd }) {
  const accountId = 'user-' + createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 20);
  const [given, ...rest] = (name || email.split('@')[0]).split(' ');
  const claims = {
    sub: accountId,
    email,
    email_verified: emailVerified,
    name: name || given,
    given_name: given,
    family_name: rest.join(' ') || 'User',
  };
  if (hd) claims.hd = hd;
  accounts.set(accountId, claims);
  return accountId;
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [`${redirectPrefix || issuer + '/'}registered-at-run-time`],
    },
  ],
  jwks: { keys: [jwk] },
  pkce: { required: () => requirePkce },
  scopes: ['openid', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified', 'hd'], profile: ['name', 'given_name', 'family_name'] },
  // Claims in the ID token too, as Google puts them there (not only behind userinfo).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
  findAccount: (ctx, sub) =>
    accounts.has(sub) ? { accountId: sub, claims: () => accounts.get(sub) } : undefined,
  renderError: (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<pre id="idp-error">${escape(JSON.stringify(out, null, 2))}</pre>`);
  },
});
if (redirectPrefix) {
  // Any callback under Latchkey's API (its connection and OAuth callback ids exist only at run time).
  provider.Client.prototype.redirectUriAllowed = (value) =>
    typeof value === 'string' && value.startsWith(redirectPrefix);
}
provider.on('server_error', (ctx, err) => console.error('server_error', err));

const handleProvider = provider.callback();

server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  const m = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  try {
    if (m && req.method === 'GET' && !m[2]) return await showInteraction(req, res, url);
    if (m && req.method === 'POST' && m[2]) return await submitLogin(req, res);
    if (url.pathname === '/health') return send(res, 200, 'text/plain', 'ok');
    return handleProvider(req, res);
  } catch (err) {
    console.error(err);
    send(res, 500, 'text/plain', String(err?.message ?? err));
  }
});

/** The login page, or for a consent prompt an automatic grant (the client is first-party). */
async function showInteraction(req, res, url) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    return provider.interactionFinished(req, res, { consent: { grantId: await grant(details) } }, {
      mergeWithLastSubmission: true,
    });
  }
  if (autoLogin) {
    const accountId = accountFor({ email: autoLogin, emailVerified: true, hd: hdOf(autoLogin, '') });
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  const hint = details.params.login_hint ?? '';
  send(
    res,
    200,
    'text/html; charset=utf-8',
    page(
      'Sign in',
      `<p>Client <code>${escape(details.params.client_id)}</code> asks for
  <code>${escape(details.params.scope)}</code>.</p>
<form method="post" action="${url.pathname}/login">
  <label>Email <input id="idp-email" name="email" type="email" required value="${escape(hint)}"></label>
  <label>Full name <input id="idp-name" name="name"></label>
  <label><input id="idp-email-verified" name="email_verified" type="checkbox" checked> Email verified</label>
  ${hdFromEmail ? '<label>Hosted domain (hd; empty: the email\'s) <input id="idp-hd" name="hd"></label>' : ''}
  <button id="idp-sign-in" type="submit">Sign in</button>
</form>`,
    ),
  );
}

async function submitLogin(req, res) {
  const form = new URLSearchParams(await body(req));
  const email = (form.get('email') ?? '').trim();
  if (!email.includes('@')) return send(res, 400, 'text/plain', 'an email is required');
  const accountId = accountFor({
    email,
    name: (form.get('name') ?? '').trim(),
    emailVerified: form.get('email_verified') === 'on',
    hd: hdOf(email, (form.get('hd') ?? '').trim()),
  });
  await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
}

function hdOf(email, given) {
  return given || (hdFromEmail ? email.split('@')[1] : undefined);
}

/** Grants what the authorization request asked for (the scopes and claims the prompt lists as missing). */
async function grant(details) {
  const { missingOIDCScope = [], missingOIDCClaims = [] } = details.prompt.details;
  const g = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (missingOIDCScope.length) g.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims.length) g.addOIDCClaims(missingOIDCClaims);
  return g.save();
}

function body(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      data += c;
      if (data.length > 64 * 1024) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res, status, type, text) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(text);
}

function escape(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, content) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP · ${title}</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:3rem auto}label{display:block;margin:.6rem 0}</style></head>
<body><h1>Test OpenID provider</h1><h2>${title}</h2>${content}</body></html>`;
}

console.log(`oidc-idp listening on ${issuer} (client ${clientId}, PKCE ${requirePkce ? 'required' : 'optional'})`);
