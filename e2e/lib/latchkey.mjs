// The backend API of the Latchkey server under test (Basic project_id:secret), for setting up organizations
// and members and for reading SMS codes and email links from the dev outbox. Configured by run.sh through the
// environment.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const env = {
  latchkeyUrl: required('LATCHKEY_URL'),
  projectId: required('LATCHKEY_PROJECT_ID'),
  secret: required('LATCHKEY_PROJECT_SECRET'),
  publicToken: required('LATCHKEY_PUBLIC_TOKEN'),
  appUrl: required('APP_URL'),
  otherAppUrl: required('OTHER_APP_URL'),
};

export const PASSWORD = 'correct horse battery staple 42!';

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests with e2e/run.sh`);
  return v;
}

export async function api(method, path, body) {
  const res = await fetch(env.latchkeyUrl + path, {
    method,
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${env.projectId}:${env.secret}`).toString('base64'),
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) {
    const err = new Error(`${method} ${path} -> ${res.status} ${json.error_type}: ${json.error_message}`);
    err.body = json;
    throw err;
  }
  return json;
}

export async function organization(mfaPolicy) {
  const slug = `acme-${randomUUID().slice(0, 8)}`;
  const r = await api('POST', '/v1/b2b/organizations', {
    organization_name: `Acme ${slug}`,
    organization_slug: slug,
    mfa_policy: mfaPolicy,
  });
  return r.organization;
}

/**
 * A member with {@link PASSWORD}, imported through passwords/migrate as a salted SHA-512 hash (re-hashed to
 * Argon2id by the server at the first login). {@code extra} adds migrate fields, e.g. a verified MFA phone.
 */
export async function member(organizationId, extra = {}) {
  const email = `m-${randomUUID().slice(0, 8)}@example.com`;
  const salt = randomBytes(8).toString('hex');
  const hash = createHash('sha512').update(salt + PASSWORD).digest('hex');
  const r = await api('POST', '/v1/b2b/passwords/migrate', {
    organization_id: organizationId,
    email_address: email,
    hash,
    hash_type: 'sha_512',
    sha_512_config: { prepend_salt: salt },
    ...extra,
  });
  return { memberId: r.member_id, email };
}

export function phoneNumber() {
  return `+1415555${String(1000 + Math.floor(Math.random() * 9000))}`;
}

/** The dev-outbox messages to {@code to}, newest first. */
export async function messagesTo(to) {
  const r = await api('GET', '/dev/v1/messages');
  return r.messages.filter((m) => m.to === to);
}

/** Waits for the {@code count}-th SMS to {@code to} and returns its code. */
export async function smsCode(to, count) {
  for (let i = 0; i < 50; i++) {
    const msgs = await messagesTo(to);
    if (msgs.length >= count) return msgs[0].code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS #${count} to ${to}`);
}

/** Waits for the {@code count}-th email to {@code to} and returns its link. */
export async function emailLink(to, count) {
  for (let i = 0; i < 50; i++) {
    const msgs = await messagesTo(to);
    if (msgs.length >= count) return msgs[0].link;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email #${count} to ${to}`);
}

/** Replaces the member's explicit roles (RBAC_SCIM_M2M.md §1.6); returns the member. */
export async function setRoles(organizationId, memberId, roles) {
  const r = await api('PUT', `/v1/b2b/organizations/${organizationId}/members/${memberId}`, { roles });
  return r.member;
}

/** The member as the backend sees it. */
export async function getMember(organizationId, memberId) {
  const q = new URLSearchParams({ member_id: memberId });
  return (await api('GET', `/v1/b2b/organizations/${organizationId}/member?${q}`)).member;
}

/**
 * Whether the member is deleted: Get Member answers member_not_found for a deleted member, or (where a server
 * returns it) the member with status deleted.
 */
export async function isDeleted(organizationId, memberId) {
  try {
    return (await getMember(organizationId, memberId)).status === 'deleted';
  } catch (e) {
    if (e.body?.error_type === 'member_not_found') return true;
    throw e;
  }
}

/** The member with this email, or null when the organization has none. */
export async function findMember(organizationId, email) {
  const q = new URLSearchParams({ email_address: email });
  try {
    return (await api('GET', `/v1/b2b/organizations/${organizationId}/member?${q}`)).member;
  } catch (e) {
    if (e.body?.error_type === 'member_not_found') return null;
    throw e;
  }
}

export async function getOrganization(organizationId) {
  return (await api('GET', `/v1/b2b/organizations/${organizationId}`)).organization;
}

/**
 * The server's answer to "may this session's member take {@code action} on {@code resourceId}?":
 * sessions/authenticate with authorization_check (RBAC_SCIM_M2M.md §1.8), true on 200 with verdict.authorized,
 * false on 403 session_authorization_error; anything else throws.
 */
export async function serverAuthorizes(sessionToken, organizationId, resourceId, action) {
  try {
    const r = await api('POST', '/v1/b2b/sessions/authenticate', {
      session_token: sessionToken,
      authorization_check: { organization_id: organizationId, resource_id: resourceId, action },
    });
    if (r.verdict?.authorized !== true) {
      throw new Error(`200 without an authorized verdict: ${JSON.stringify(r.verdict)}`);
    }
    return true;
  } catch (e) {
    if (e.body?.status_code === 403 && e.body.error_type === 'session_authorization_error') return false;
    throw e;
  }
}
