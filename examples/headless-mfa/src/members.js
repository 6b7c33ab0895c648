// The members page: the caller's organization, its members (list, invite by email, make admin or member, remove),
// its name, and a "may I?" check. Every call is one of the SDK's public methods; the server decides by the roles of
// the caller's session. The page asks the SDK's local copy of the project's policy (stytch.rbac.isAuthorizedSync,
// from the bootstrap's rbac_policy) only to grey out what the caller's roles do not allow: a greyed-out action can
// still be tried, and then shows the server's refusal.

const ADMIN = 'stytch_admin';
const MEMBER = 'stytch_member';

/**
 * @param stytch the StytchB2BHeadlessClient
 * @param ui {$, show, run, note, back}: the page's helpers (main.js); back() returns to the home screen
 * @returns {{open: () => Promise<void>}}
 */
export function membersPage(stytch, { $, show, run, note, back }) {
  /** The SDK's local answer: does a role of the caller's session grant `action` on `resource`? */
  const may = (resource, action) => stytch.rbac.isAuthorizedSync(resource, action);

  /** Greys out (but does not disable) a control the caller's roles do not allow. */
  function allow(el, allowed) {
    el.dataset.allowed = String(allowed);
    el.classList.toggle('not-allowed', !allowed);
    el.title = allowed ? '' : 'Your roles do not allow this; you may try, the server will refuse.';
  }

  /**
   * Explicitly assigned roles (the ones members.update replaces), without the implicit stytch_member. Removing the
   * last one sends `roles: []`, as the SDK's own Admin Portal does (adminPortal/memberManagement/AccessSection).
   */
  function explicitRoles(member) {
    return (member.roles ?? [])
      .filter((r) => r.role_id !== MEMBER && r.sources?.some((s) => s.type === 'direct_assignment'))
      .map((r) => r.role_id);
  }

  function isAdmin(member) {
    return (member.roles ?? []).some((r) => r.role_id === ADMIN);
  }

  function button(label, action, allowed) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = label;
    b.dataset.action = action;
    allow(b, allowed);
    return b;
  }

  function cell(text) {
    const td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  function row(member, selfId) {
    const tr = document.createElement('tr');
    tr.dataset.memberId = member.member_id;
    tr.dataset.email = member.email_address;
    const roles = (member.roles ?? []).map((r) => r.role_id).join(', ');
    const self = member.member_id === selfId;
    const admin = isAdmin(member);
    const role = button(admin ? 'Make member' : 'Make admin', 'role', may('stytch.member', 'update.settings.roles'));
    role.addEventListener(
      'click',
      run(async () => {
        const others = explicitRoles(member).filter((r) => r !== ADMIN);
        const resp = await stytch.organization.members.update({
          member_id: member.member_id,
          roles: admin ? others : [...others, ADMIN],
        });
        await refresh(`${member.email_address} now has: ${resp.member.roles.map((r) => r.role_id).join(', ')}.`);
      }),
    );
    const remove = button(
      'Remove',
      'remove',
      may('stytch.member', 'delete') || (self && may('stytch.self', 'delete')),
    );
    remove.addEventListener(
      'click',
      run(async () => {
        await stytch.organization.members.delete(member.member_id);
        if (self) {
          return; // the SDK dropped the session; main.js shows the login
        }
        await refresh(`${member.email_address} was removed.`);
      }),
    );
    const actions = document.createElement('td');
    actions.append(role, remove);
    tr.append(cell(member.email_address + (self ? ' (you)' : '')), cell(member.status), cell(roles), actions);
    return tr;
  }

  /**
   * Lists the organization's members (members.search needs stytch.member search). Refused, the page shows the
   * refusal and the caller alone.
   */
  async function listMembers(self) {
    try {
      const resp = await stytch.organization.members.search({ limit: 100 });
      return resp.members.filter((m) => m.status !== 'deleted');
    } catch (err) {
      if (!err?.error_type) throw err;
      note('members-list-refused', `The member list was refused: ${err.error_type}: ${err.error_message}`);
      return [self];
    }
  }

  async function refresh(message) {
    const session = stytch.session.getSync();
    // isAuthorizedSync reads the policy the SDK has cached; the first visit may come before the bootstrap's arrives.
    await stytch.rbac.isAuthorized('stytch.self', 'update.info.name');
    const [self, organization] = await Promise.all([stytch.self.get(), stytch.organization.get()]);
    note('members-list-refused', '');
    const members = await listMembers(self);
    $('members-org').textContent = organization.organization_name;
    $('members-you').textContent = self.email_address;
    $('members-your-roles').textContent = (session?.roles ?? []).join(', ');
    $('members-rows').replaceChildren(...members.map((m) => row(m, self.member_id)));
    allow($('invite-submit'), may('stytch.member', 'create'));
    allow($('org-name-submit'), may('stytch.organization', 'update.info.name'));
    $('org-name').value = organization.organization_name;
    note('members-message', message);
    show('members');
  }

  $('invite-form').addEventListener(
    'submit',
    run(async () => {
      const email = $('invite-email').value.trim();
      await stytch.magicLinks.email.invite({
        email_address: email,
        invite_redirect_url: window.location.origin + window.location.pathname,
      });
      $('invite-email').value = '';
      await refresh(`An invitation was sent to ${email}.`);
    }),
  );

  $('org-name-form').addEventListener(
    'submit',
    run(async () => {
      const resp = await stytch.organization.update({ organization_name: $('org-name').value.trim() });
      await refresh(`The organization is now called ${resp.organization.organization_name}.`);
    }),
  );

  // What the SDK's local policy says for any resource and action, e.g. a custom resource of the project's policy.
  $('perm-form').addEventListener(
    'submit',
    run(async () => {
      const resource = $('perm-resource').value.trim();
      const action = $('perm-action').value.trim();
      const allowed = may(resource, action);
      $('perm-result').dataset.allowed = String(allowed);
      $('perm-result').textContent = `${resource} · ${action}: ${allowed ? 'allowed' : 'not allowed'}`;
    }),
  );

  $('members-back').addEventListener('click', run(() => back()));

  return { open: () => refresh() };
}
