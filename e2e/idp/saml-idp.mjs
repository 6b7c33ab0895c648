// A local SAML 2.0 identity provider for the browser tests, on samlify (>= 2.10: earlier versions have the
// signature-wrapping bug CVE-2025-47949) with @authenio/samlify-node-xmllint as the schema validator.
//
// SP-initiated login only as real IdPs do it: the service provider (Latchkey's connection) is registered first,
// then its HTTP-Redirect AuthnRequest is schema-checked, its signature verified against the registered SP
// certificate, a login page is shown, and the signed response goes back by an auto-submitting POST form to the
// ACS URL with InResponseTo and the RelayState copied. The assertion is signed with RSA-SHA256 (exc-c14n) by a
// key that openssl makes at start. IdP-initiated login: GET /idp-initiated?sp=<entity id>&email=… .
//
//   GET  /metadata        IdP metadata (entity id, SSO URL for Redirect and POST, signing certificate)
//   GET  /certificate     the signing certificate, PEM
//   POST /admin/sp        JSON {entity_id, acs_urls: [..], signing_certificate?: PEM} registers a service
//                         provider (again: replaces it); without a certificate its requests need no signature
//   GET  /sso             the SSO URL (HTTP-Redirect binding): SAMLRequest, RelayState, SigAlg, Signature
//   POST /sso/login       the login page's form: email, first_name, last_name, groups (comma-separated)
//
// Environment: PORT (0: a free port; printed as "listening on …"), SAML_SIGN_RESPONSE=true to sign the Response
// as well as the Assertion, SAML_AUTO_LOGIN=<email> to answer without the login page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import samlify from 'samlify';
import * as xmllint from '@authenio/samlify-node-xmllint';

samlify.setSchemaValidator(xmllint);
const { SamlLib, Constants } = samlify;
const POST = Constants.namespace.binding.post;
const REDIRECT = Constants.namespace.binding.redirect;
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const LIFETIME_MS = 5 * 60 * 1000;

const port = Number(process.env.PORT ?? 0);
const signResponse = process.env.SAML_SIGN_RESPONSE === 'true';
const autoLogin = process.env.SAML_AUTO_LOGIN ?? '';

const { privateKey, certificate } = makeKeyAndCertificate();

const server = createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const entityId = `${base}/metadata`;

/** Two views of the one IdP: samlify checks AuthnRequest signatures per IdP, we decide per SP. */
function identityProvider(wantAuthnRequestsSigned) {
  return samlify.IdentityProvider({
    entityID: entityId,
    privateKey,
    signingCert: certificate,
    wantAuthnRequestsSigned,
    isAssertionEncrypted: false,
    nameIDFormat: [EMAIL_FORMAT],
    singleSignOnService: [
      { Binding: REDIRECT, Location: `${base}/sso` },
      { Binding: POST, Location: `${base}/sso` },
    ],
  });
}
const idpVerifying = identityProvider(true);
const idpTrusting = identityProvider(false);

/** Registered service providers by entity id: {entityId, acsUrls, certificate, sp (samlify)}. */
const providers = new Map();
/** AuthnRequests waiting for the login page, by a random key in the form. */
const pending = new Map();

function register({ entity_id: id, acs_urls: acsUrls, signing_certificate: cert }) {
  if (!id || !Array.isArray(acsUrls) || acsUrls.length === 0) {
    throw new BadRequest('entity_id and acs_urls are required');
  }
  const sp = samlify.ServiceProvider({
    entityID: id,
    authnRequestsSigned: Boolean(cert),
    wantAssertionsSigned: true,
    wantMessageSigned: signResponse,
    ...(cert ? { signingCert: cert } : {}),
    assertionConsumerService: acsUrls.map((Location) => ({ Binding: POST, Location })),
  });
  providers.set(id, { entityId: id, acsUrls, certificate: cert ?? null, sp });
}

server.on('request', async (req, res) => {
  const url = new URL(req.url, base);
  try {
    if (req.method === 'GET' && url.pathname === '/metadata') {
      return send(res, 200, 'application/samlmetadata+xml', idpVerifying.getMetadata());
    }
    if (req.method === 'GET' && url.pathname === '/certificate') {
      return send(res, 200, 'application/x-pem-file', certificate);
    }
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, 'text/plain', 'ok');
    if (req.method === 'POST' && url.pathname === '/admin/sp') {
      register(JSON.parse(await body(req)));
      return send(res, 200, 'application/json', JSON.stringify({ entity_id: entityId, sso_url: `${base}/sso` }));
    }
    if (req.method === 'GET' && url.pathname === '/sso') return await startLogin(req, res, url);
    if (req.method === 'POST' && url.pathname === '/sso/login') {
      const form = new URLSearchParams(await body(req));
      const request = pending.get(form.get('request') ?? '');
      if (!request) throw new BadRequest('unknown or used login request');
      pending.delete(form.get('request'));
      return await answer(res, request, userFrom(form));
    }
    if (req.method === 'GET' && url.pathname === '/idp-initiated') {
      const provider = providers.get(url.searchParams.get('sp') ?? '');
      if (!provider) throw new BadRequest('unknown service provider');
      const request = { provider, acsUrl: provider.acsUrls[0], requestId: null, relayState: '' };
      return await answer(res, request, userFrom(url.searchParams));
    }
    send(res, 404, 'text/plain', 'not found');
  } catch (err) {
    const status = err instanceof BadRequest ? 400 : 500;
    if (status === 500) console.error(err);
    send(res, status, 'text/html; charset=utf-8', page('Error', `<pre id="idp-error">${escape(err.message)}</pre>`));
  }
});

/**
 * An AuthnRequest by HTTP-Redirect: finds the registered SP by the request's Issuer, verifies the request (schema,
 * and the signature over the query's octet string when the SP registered a certificate), checks the requested ACS
 * URL against the registered ones, then shows the login page.
 */
async function startLogin(req, res, url) {
  const samlRequest = url.searchParams.get('SAMLRequest');
  if (!samlRequest) throw new BadRequest('no SAMLRequest');
  const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
  const issuer = xml.match(/<(?:\w+:)?Issuer[^>]*>([^<]+)<\/(?:\w+:)?Issuer>/)?.[1]?.trim();
  const provider = providers.get(issuer ?? '');
  if (!provider) throw new BadRequest(`service provider ${issuer} is not registered at this IdP`);
  const idp = provider.certificate ? idpVerifying : idpTrusting;
  let parsed;
  try {
    parsed = await idp.parseLoginRequest(provider.sp, 'redirect', {
      query: Object.fromEntries(url.searchParams),
      octetString: octetString(req.url),
    });
  } catch (err) {
    throw new BadRequest(`AuthnRequest refused: ${err.message ?? err}`);
  }
  const requested = parsed.extract.request?.assertionConsumerServiceUrl;
  if (requested && !provider.acsUrls.includes(requested)) {
    throw new BadRequest(`ACS URL ${requested} is not registered for ${issuer}`);
  }
  const request = {
    provider,
    acsUrl: requested || provider.acsUrls[0],
    requestId: parsed.extract.request.id,
    relayState: url.searchParams.get('RelayState') ?? '',
  };
  if (autoLogin) return answer(res, request, { email: autoLogin, firstName: 'Auto', lastName: 'Login', groups: [] });
  const key = randomUUID();
  pending.set(key, request);
  send(
    res,
    200,
    'text/html; charset=utf-8',
    page(
      'Sign in',
      `<p>Service provider <code>${escape(issuer)}</code> asks who you are.</p>
<form method="post" action="/sso/login">
  <input type="hidden" name="request" value="${key}">
  <label>Email <input id="idp-email" name="email" type="email" required></label>
  <label>First name <input id="idp-first-name" name="first_name"></label>
  <label>Last name <input id="idp-last-name" name="last_name"></label>
  <label>Groups (comma-separated) <input id="idp-groups" name="groups"></label>
  <button id="idp-sign-in" type="submit">Sign in</button>
</form>`,
    ),
  );
}

/** The signed query parameters exactly as sent (saml-bindings §3.4.4.1): SAMLRequest, RelayState, SigAlg. */
function octetString(rawUrl) {
  const query = rawUrl.slice(rawUrl.indexOf('?') + 1).split('&');
  const pick = (name) => query.find((p) => p.startsWith(`${name}=`));
  return ['SAMLRequest', 'RelayState', 'SigAlg'].map(pick).filter(Boolean).join('&');
}

function userFrom(params) {
  const email = (params.get('email') ?? '').trim();
  if (!email.includes('@')) throw new BadRequest('an email is required');
  return {
    email,
    firstName: (params.get('first_name') ?? '').trim() || email.split('@')[0],
    lastName: (params.get('last_name') ?? '').trim() || 'User',
    groups: (params.get('groups') ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean),
  };
}

/** The signed Response in an auto-submitting form to the ACS URL (HTTP-POST binding). */
async function answer(res, request, user) {
  const { provider, acsUrl, requestId, relayState } = request;
  const response = await idpTrusting.createLoginResponse(provider.sp, null, 'post', user, {
    customTagReplacement: (template) => fill(template, provider.entityId, acsUrl, requestId, user),
  });
  send(
    res,
    200,
    'text/html; charset=utf-8',
    `<!doctype html><html><head><title>Signing in…</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escape(acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escape(response.context)}">
${relayState ? `<input type="hidden" name="RelayState" value="${escape(relayState)}">` : ''}
<noscript><button type="submit">Continue</button></noscript></form></body></html>`,
  );
}

/** Fills samlify's response template: subject, audience, times, InResponseTo, AuthnStatement, attributes. */
function fill(template, audience, acsUrl, requestId, user) {
  const id = '_' + randomUUID();
  const now = new Date();
  const later = new Date(now.getTime() + LIFETIME_MS).toISOString();
  const attributes = [
    ['email', [user.email]],
    ['first_name', [user.firstName]],
    ['last_name', [user.lastName]],
    ['groups', user.groups],
  ]
    .filter(([, values]) => values.length)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escape(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  const authn =
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${id}"><saml:AuthnContext>` +
    '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' +
    '</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>';
  const withStatements = template
    .replace('{AuthnStatement}', authn)
    .replace('{AttributeStatement}', `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`);
  return {
    id,
    context: SamlLib.replaceTagsByValue(withStatements, {
      ID: id,
      AssertionID: '_' + randomUUID(),
      Destination: acsUrl,
      Audience: audience,
      SubjectRecipient: acsUrl,
      Issuer: entityId,
      IssueInstant: now.toISOString(),
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: now.toISOString(),
      ConditionsNotOnOrAfter: later,
      SubjectConfirmationDataNotOnOrAfter: later,
      NameIDFormat: EMAIL_FORMAT,
      NameID: user.email,
      // Undefined drops the attribute: an IdP-initiated response answers no request.
      InResponseTo: requestId ?? undefined,
    }),
  };
}

function makeKeyAndCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-saml-idp-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', '7',
      '-subj', '/CN=Latchkey e2e test IdP',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return {
      privateKey: readFileSync(join(dir, 'key.pem'), 'utf8'),
      certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

class BadRequest extends Error {}

function body(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      data += c;
      if (data.length > 256 * 1024) reject(new BadRequest('body too large'));
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
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test SAML IdP · ${title}</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:3rem auto}label{display:block;margin:.6rem 0}</style></head>
<body><h1>Test SAML identity provider</h1><h2>${title}</h2>${content}</body></html>`;
}

console.log(`saml-idp listening on ${base} (entity ${entityId}, SSO ${base}/sso)`);
