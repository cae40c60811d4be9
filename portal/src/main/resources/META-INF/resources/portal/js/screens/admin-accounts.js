// Administration — accounts: the registrations waiting for approval (with the charter version each
// accepted) and the accounts by status, with the decisions: approve, suspend, reinstate, revoke
// (GET /api/accounts?status=, POST /api/accounts/{id}/{decision}). Suspending and revoking end the
// person's sessions: a dialog asks for confirmation first.
import { h, replace } from '../dom.js';
import { formatDateTime, formatName, formatCount } from '../format.js';

const STATUSES = ['PENDING_APPROVAL', 'ACTIVE', 'SUSPENDED', 'REVOKED'];
const DECISIONS = {
  PENDING_APPROVAL: ['approve', 'revoke'],
  ACTIVE: ['suspend', 'revoke'],
  SUSPENDED: ['reinstate', 'revoke'],
  REVOKED: [],
};
const CONFIRM = ['suspend', 'revoke'];

export default {
  id: 'adminAccounts',
  route: '/admin/accounts',
  nav: { order: 70, label: 'adminAccounts.nav' },
  roles: ['site-admin', 'platform-admin'],
  home: true, // for an administrator who is not a practitioner (My patients comes first in the list)
  texts: {
    fr: {
      nav: 'Comptes',
      title: 'Administration des comptes',
      filter: 'Filtrer les comptes',
      status: 'Statut',
      show: 'Afficher',
      statuses: { PENDING_APPROVAL: 'En attente de validation', ACTIVE: 'Actif', SUSPENDED: 'Suspendu', REVOKED: 'Révoqué' },
      caption: 'Comptes : {status}',
      count: '{count} compte(s)',
      empty: 'Aucun compte dans cet état.',
      name: 'Nom',
      idNatPs: 'RPPS / idNat_PS',
      email: 'E-mail',
      establishments: 'Établissement',
      requestedAt: 'Demandé le',
      charter: 'Charte acceptée',
      charterVersion: 'version {version}',
      charterDate: 'le {date}',
      actions: 'Actions',
      approve: 'Approuver',
      suspend: 'Suspendre',
      reinstate: 'Réactiver',
      revoke: 'Révoquer',
      actionLabel: '{action} le compte de {name}',
      confirmTitle: { suspend: 'Suspendre le compte de {name} ?', revoke: 'Révoquer le compte de {name} ?' },
      confirmText: {
        suspend: 'La personne ne pourra plus se connecter et ses sessions en cours seront fermées. Vous pourrez réactiver le compte plus tard.',
        revoke: 'Le compte sera fermé définitivement et ses sessions en cours seront fermées. Cette décision est irréversible.',
      },
      confirm: { suspend: 'Confirmer la suspension', revoke: 'Confirmer la révocation' },
      cancel: 'Annuler',
      done: {
        approve: 'Le compte de {name} est approuvé.', suspend: 'Le compte de {name} est suspendu.',
        reinstate: 'Le compte de {name} est réactivé.', revoke: 'Le compte de {name} est révoqué.',
      },
    },
    en: {
      nav: 'Accounts',
      title: 'Account administration',
      filter: 'Filter the accounts',
      status: 'Status',
      show: 'Show',
      statuses: { PENDING_APPROVAL: 'Awaiting approval', ACTIVE: 'Active', SUSPENDED: 'Suspended', REVOKED: 'Revoked' },
      caption: 'Accounts: {status}',
      count: '{count} account(s)',
      empty: 'No account in this state.',
      name: 'Name',
      idNatPs: 'RPPS / idNat_PS',
      email: 'E-mail',
      establishments: 'Establishment',
      requestedAt: 'Requested',
      charter: 'Charter accepted',
      charterVersion: 'version {version}',
      charterDate: 'on {date}',
      actions: 'Actions',
      approve: 'Approve',
      suspend: 'Suspend',
      reinstate: 'Reinstate',
      revoke: 'Revoke',
      actionLabel: '{action} the account of {name}',
      confirmTitle: { suspend: 'Suspend the account of {name}?', revoke: 'Revoke the account of {name}?' },
      confirmText: {
        suspend: 'The person will no longer be able to sign in and their open sessions will end. You can reinstate the account later.',
        revoke: 'The account will be closed for good and its open sessions will end. This cannot be undone.',
      },
      confirm: { suspend: 'Confirm the suspension', revoke: 'Confirm the revocation' },
      cancel: 'Cancel',
      done: {
        approve: 'The account of {name} is approved.', suspend: 'The account of {name} is suspended.',
        reinstate: 'The account of {name} is reinstated.', revoke: 'The account of {name} is revoked.',
      },
    },
  },

  async render(main, ctx) {
    const { api, t, signal, query, navigate } = ctx;
    const status = STATUSES.includes(query.get('status')) ? query.get('status') : 'PENDING_APPROVAL';
    const select = h('select', { id: 'accounts-status', name: 'status' },
      STATUSES.map((s) => h('option', { value: s, selected: s === status }, t(`adminAccounts.statuses.${s}`))));
    const form = h('form', { class: 'filters inline', 'aria-label': t('adminAccounts.filter') },
      h('div', { class: 'field' }, h('label', { for: 'accounts-status' }, t('adminAccounts.status')), select),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('adminAccounts.show'))));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      navigate('/admin/accounts', { status: select.value });
    });
    const message = h('p', { role: 'status', class: 'form-status', tabindex: '-1' });
    const results = h('div', { class: 'results' });
    replace(main, h('h1', {}, t('adminAccounts.title')), form, message, results);

    const load = async () => {
      const accounts = await api(`/api/accounts?status=${encodeURIComponent(status)}`, { signal }) ?? [];
      replace(results,
        h('p', { class: 'count' }, t('adminAccounts.count', { count: formatCount(accounts.length) })),
        accounts.length ? table(accounts) : h('p', { class: 'empty' }, t('adminAccounts.empty')));
    };
    const decide = async (account, decision) => {
      const name = nameOf(account);
      if (CONFIRM.includes(decision) && !(await confirmed(decision, name, t))) {
        return;
      }
      try {
        await api(`/api/accounts/${encodeURIComponent(account.id)}/${decision}`, { method: 'POST' });
        await load();
        message.className = 'form-status';
        message.textContent = t(`adminAccounts.done.${decision}`, { name });
      } catch (e) {
        message.className = 'form-status error';
        message.textContent = t('shell.error', { message: e.message });
      }
      message.focus(); // the row and its button may be gone: keep the keyboard near
    };
    const table = (accounts) => h('table', { class: 'accounts' },
      h('caption', { class: 'visually-hidden' }, t('adminAccounts.caption', { status: t(`adminAccounts.statuses.${status}`) })),
      h('thead', {}, h('tr', {}, ['name', 'idNatPs', 'email', 'establishments', 'requestedAt', 'charter', 'actions']
        .map((c) => h('th', { scope: 'col' }, t(`adminAccounts.${c}`))))),
      h('tbody', {}, accounts.map((a) => h('tr', { dataset: { account: a.id } },
        h('th', { scope: 'row' }, nameOf(a), a.profession ? h('div', { class: 'muted' }, a.profession) : null),
        h('td', {}, a.idNatPs ?? ''),
        h('td', { class: 'email' }, a.email ?? ''),
        h('td', {}, (a.establishments ?? []).join(', ')),
        h('td', {}, formatDateTime(a.createdAt)),
        h('td', {}, a.charterVersion ? [t('adminAccounts.charterVersion', { version: a.charterVersion }),
          a.charterAcceptedAt ? h('div', { class: 'muted' },
            t('adminAccounts.charterDate', { date: formatDateTime(a.charterAcceptedAt) })) : null] : '—'),
        h('td', {}, h('div', { class: 'actions' }, (DECISIONS[a.status] ?? []).map((decision) =>
          h('button', { type: 'button', class: decision === 'approve' ? 'primary' : CONFIRM.includes(decision) ? 'danger' : null,
            'aria-label': t('adminAccounts.actionLabel', { action: t(`adminAccounts.${decision}`), name: nameOf(a) }),
            onclick: () => decide(a, decision) }, t(`adminAccounts.${decision}`)))))))));
    await load();
  },
};

function nameOf(account) {
  return formatName(account.familyName, account.givenName) || account.username || '';
}

/** A modal dialog asking to confirm {@code decision}; focus goes back to where it was. Resolves true or false. */
function confirmed(decision, name, t) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'secondary', value: 'cancel' }, t('adminAccounts.cancel'));
    const ok = h('button', { type: 'button', class: 'danger', value: 'ok' }, t(`adminAccounts.confirm.${decision}`));
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text',
      dataset: { testid: 'confirm-dialog' } },
    h('h2', { id: 'confirm-title' }, t(`adminAccounts.confirmTitle.${decision}`, { name })),
    h('p', { id: 'confirm-text' }, t(`adminAccounts.confirmText.${decision}`)),
    h('div', { class: 'actions' }, cancel, ok));
    let answer = false;
    ok.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) {
        opener.focus();
      }
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus(); // the safe choice first
  });
}
