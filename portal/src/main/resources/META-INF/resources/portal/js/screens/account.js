// My account: who the platform knows the person as (GET /api/accounts/me), the password change
// with the policy shown (GET /api/accounts/password-policy, PUT /api/accounts/me/password), the
// channel of one-time codes (PUT /api/accounts/me/otp) and the active sessions with their
// sign-out (GET /api/accounts/me/sessions, DELETE /api/accounts/me/sessions/{id}).
import { h, replace } from '../dom.js';

const append = (parent, ...children) => parent.append(...children.filter(Boolean));
import { formatDateTime, formatName } from '../format.js';

const VIOLATIONS = ['TOO_SHORT', 'TOO_LONG', 'NO_DIGIT', 'NO_LOWER_CASE', 'NO_UPPER_CASE', 'NO_SYMBOL', 'EQUALS_IDENTIFIER'];

export default {
  id: 'account',
  route: '/account',
  nav: { order: 90, label: 'account.nav' },
  texts: {
    fr: {
      nav: 'Mon compte',
      title: 'Mon compte',
      details: 'Mes informations',
      name: 'Nom',
      username: 'Identifiant',
      idNatPs: 'Identifiant national (idNat_PS)',
      rpps: 'RPPS {number}',
      adeli: 'ADELI {number}',
      profession: 'Profession',
      email: 'Adresse e-mail',
      phone: 'Téléphone mobile',
      roles: 'Rôles',
      establishments: 'Établissements (FINESS)',
      charter: 'Charte acceptée',
      charterVersion: 'version {version}, le {date}',
      noAccount: 'Votre compte n’est pas géré par cette plateforme.',
      roleNames: { practitioner: 'Praticien', 'site-admin': 'Administrateur d’établissement',
        'platform-admin': 'Administrateur de la plateforme', guest: 'Invité' },
      password: 'Mot de passe',
      policy: 'Votre mot de passe doit contenir :',
      policyLength: 'entre {min} et {max} caractères',
      policyDigit: 'au moins un chiffre',
      policyLower: 'au moins une lettre minuscule',
      policyUpper: 'au moins une lettre majuscule',
      policySymbol: 'au moins un symbole (ni lettre ni chiffre)',
      policyIdentifier: 'et être différent de votre identifiant, de votre idNat_PS et de votre e-mail.',
      current: 'Mot de passe actuel',
      new: 'Nouveau mot de passe',
      confirm: 'Confirmer le nouveau mot de passe',
      change: 'Changer le mot de passe',
      changed: 'Votre mot de passe a été changé.',
      required: 'Ce champ est obligatoire.',
      mismatch: 'Les deux mots de passe ne sont pas identiques.',
      wrongPassword: 'Le mot de passe actuel est incorrect.',
      violations: {
        TOO_SHORT: 'Trop court.', TOO_LONG: 'Trop long.', NO_DIGIT: 'Il manque un chiffre.',
        NO_LOWER_CASE: 'Il manque une lettre minuscule.', NO_UPPER_CASE: 'Il manque une lettre majuscule.',
        NO_SYMBOL: 'Il manque un symbole.', EQUALS_IDENTIFIER: 'Il ne doit pas être votre identifiant ni votre e-mail.',
      },
      otp: 'Code de connexion à usage unique',
      otpLegend: 'Recevoir le code de connexion',
      otpEMAIL: 'Par e-mail',
      otpSMS: 'Par SMS',
      otpNoPhone: 'Indiquez un numéro de mobile à votre établissement pour recevoir les codes par SMS.',
      otpSave: 'Enregistrer le canal',
      otpSaved: 'Les codes vous seront envoyés : {channel}.',
      sessions: 'Sessions actives',
      sessionsCaption: 'Mes sessions actives',
      signedInAt: 'Ouverte le',
      lastSeenAt: 'Dernière activité',
      device: 'Navigateur',
      method: 'Méthode de connexion',
      action: 'Action',
      thisSession: 'Cette session',
      endSession: 'Fermer la session',
      endSessionLabel: 'Fermer la session ouverte le {date}',
      sessionEnded: 'La session a été fermée.',
      endOthers: 'Fermer toutes les autres sessions',
      othersEnded: 'Toutes vos autres sessions ont été fermées.',
      noSessions: 'Aucune autre session active.',
      sessionsUnavailable: 'La liste des sessions n’est pas disponible pour le moment.',
      amr: { pwd: 'mot de passe', otp: 'code à usage unique', mfa: 'double facteur', sms: 'SMS', email: 'e-mail',
        hwk: 'carte CPS', sc: 'carte CPS', cps: 'carte CPS', swk: 'e-CPS' },
    },
    en: {
      nav: 'My account',
      title: 'My account',
      details: 'My details',
      name: 'Name',
      username: 'Username',
      idNatPs: 'National identifier (idNat_PS)',
      rpps: 'RPPS {number}',
      adeli: 'ADELI {number}',
      profession: 'Profession',
      email: 'E-mail address',
      phone: 'Mobile phone',
      roles: 'Roles',
      establishments: 'Establishments (FINESS)',
      charter: 'Charter accepted',
      charterVersion: 'version {version}, on {date}',
      noAccount: 'Your account is not managed by this platform.',
      roleNames: { practitioner: 'Practitioner', 'site-admin': 'Establishment administrator',
        'platform-admin': 'Platform administrator', guest: 'Guest' },
      password: 'Password',
      policy: 'Your password must contain:',
      policyLength: 'between {min} and {max} characters',
      policyDigit: 'at least one digit',
      policyLower: 'at least one lower-case letter',
      policyUpper: 'at least one upper-case letter',
      policySymbol: 'at least one symbol (neither letter nor digit)',
      policyIdentifier: 'and differ from your username, idNat_PS and e-mail address.',
      current: 'Current password',
      new: 'New password',
      confirm: 'Confirm the new password',
      change: 'Change the password',
      changed: 'Your password has been changed.',
      required: 'This field is required.',
      mismatch: 'The two passwords differ.',
      wrongPassword: 'The current password is wrong.',
      violations: {
        TOO_SHORT: 'Too short.', TOO_LONG: 'Too long.', NO_DIGIT: 'A digit is missing.',
        NO_LOWER_CASE: 'A lower-case letter is missing.', NO_UPPER_CASE: 'An upper-case letter is missing.',
        NO_SYMBOL: 'A symbol is missing.', EQUALS_IDENTIFIER: 'It must not be your username or e-mail address.',
      },
      otp: 'One-time sign-in code',
      otpLegend: 'Receive the sign-in code',
      otpEMAIL: 'By e-mail',
      otpSMS: 'By text message (SMS)',
      otpNoPhone: 'Give a mobile number to your establishment to receive codes by SMS.',
      otpSave: 'Save the channel',
      otpSaved: 'Codes will be sent: {channel}.',
      sessions: 'Active sessions',
      sessionsCaption: 'My active sessions',
      signedInAt: 'Opened',
      lastSeenAt: 'Last activity',
      device: 'Browser',
      method: 'Sign-in method',
      action: 'Action',
      thisSession: 'This session',
      endSession: 'End the session',
      endSessionLabel: 'End the session opened on {date}',
      sessionEnded: 'The session has been ended.',
      endOthers: 'End every other session',
      othersEnded: 'All your other sessions have been ended.',
      noSessions: 'No other active session.',
      sessionsUnavailable: 'The list of sessions is not available right now.',
      amr: { pwd: 'password', otp: 'one-time code', mfa: 'two factors', sms: 'SMS', email: 'e-mail',
        hwk: 'CPS card', sc: 'CPS card', cps: 'CPS card', swk: 'e-CPS' },
    },
  },

  async render(main, ctx) {
    const { api, t, signal } = ctx;
    const [me, policy] = await Promise.all([
      api('/api/accounts/me', { signal }).catch((e) => (e.status === 404 ? null : Promise.reject(e))),
      api('/api/accounts/password-policy', { signal }).catch(() => null),
    ]);
    replace(main, h('h1', {}, t('account.title')));
    if (!me) {
      main.append(h('p', {}, t('account.noAccount')));
      return;
    }
    main.append(details(me, t), passwordSection(me, policy, ctx), otpSection(me, ctx));
    const sessions = h('section', { 'aria-labelledby': 'sessions-title' },
      h('h2', { id: 'sessions-title' }, t('account.sessions')));
    main.append(sessions);
    await sessionsList(sessions, ctx);
  },
};

function details(me, t) {
  const row = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : null);
  const id = me.idNatPs ?? '';
  const national = id.startsWith('8') ? t('account.rpps', { number: id.slice(1) })
    : id.startsWith('0') ? t('account.adeli', { number: id.slice(1) }) : '';
  return h('section', { 'aria-labelledby': 'details-title' },
    h('h2', { id: 'details-title' }, t('account.details')),
    h('dl', { class: 'summary' },
      row(t('account.name'), formatName(me.familyName, me.givenName)),
      row(t('account.username'), me.username),
      row(t('account.idNatPs'), id && (national ? `${id} (${national})` : id)),
      row(t('account.profession'), me.profession),
      row(t('account.email'), me.email),
      row(t('account.phone'), me.phone),
      row(t('account.roles'), (me.roles ?? []).map((r) => t(`account.roleNames.${r}`).replace(`account.roleNames.`, '')).join(', ')),
      row(t('account.establishments'), (me.establishments ?? []).join(', ')),
      row(t('account.charter'), me.charterVersion
        && t('account.charterVersion', { version: me.charterVersion, date: formatDateTime(me.charterAcceptedAt) }))));
}

/** A labelled input with the place for its error, tied by aria-describedby. */
function field(id, label, input, describedBy = []) {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  input.id = id;
  input.setAttribute('aria-describedby', [...describedBy, error.id].join(' '));
  return { element: h('div', { class: 'field' }, h('label', { for: id }, label), input, error), input, error };
}

function setError(f, message) {
  f.error.textContent = message ?? '';
  f.error.hidden = !message;
  if (message) {
    f.input.setAttribute('aria-invalid', 'true');
  } else {
    f.input.removeAttribute('aria-invalid');
  }
}

function passwordSection(me, policy, ctx) {
  const { api, t } = ctx;
  const input = (autocomplete) => h('input', { type: 'password', autocomplete, required: true, maxlength: 1024 });
  const current = me.hasPassword ? field('pw-current', t('account.current'), input('current-password')) : null;
  const rules = policyList(policy, t);
  const next = field('pw-new', t('account.new'), input('new-password'), rules ? ['pw-policy'] : []);
  const confirm = field('pw-confirm', t('account.confirm'), input('new-password'));
  const status = h('p', { role: 'status', class: 'form-status' });
  const form = h('form', { class: 'stacked', novalidate: true, 'aria-labelledby': 'password-title' },
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: me.username ?? '', hidden: true }),
    current?.element, next.element, confirm.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('account.change'))),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    const fields = [current, next, confirm].filter(Boolean);
    fields.forEach((f) => setError(f, null));
    for (const f of fields) {
      if (!f.input.value) {
        setError(f, t('account.required'));
      }
    }
    if (next.input.value && confirm.input.value && next.input.value !== confirm.input.value) {
      setError(confirm, t('account.mismatch'));
    }
    const invalid = fields.find((f) => f.input.getAttribute('aria-invalid'));
    if (invalid) {
      invalid.input.focus();
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api('/api/accounts/me/password', { method: 'PUT',
        body: { currentPassword: current?.input.value ?? null, newPassword: next.input.value } });
      form.reset();
      status.textContent = t('account.changed');
    } catch (e) {
      const type = String(e.problem?.type ?? '');
      if (type.endsWith(':wrong-password') && current) {
        setError(current, t('account.wrongPassword'));
        current.input.focus();
      } else if (type.endsWith(':password-policy')) {
        const broken = VIOLATIONS.filter((v) => String(e.problem.detail ?? '').includes(v));
        setError(next, broken.length ? broken.map((v) => t(`account.violations.${v}`)).join(' ') : e.message);
        next.input.focus();
      } else {
        status.textContent = t('shell.error', { message: e.message });
      }
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': 'password-title' },
    h('h2', { id: 'password-title' }, t('account.password')), rules, form);
}

function policyList(policy, t) {
  if (!policy) {
    return null;
  }
  return h('div', { id: 'pw-policy', class: 'policy' },
    h('p', {}, t('account.policy')),
    h('ul', {},
      policy.minLength ? h('li', {}, t('account.policyLength', { min: policy.minLength, max: policy.maxLength ?? '…' })) : null,
      policy.requireDigit ? h('li', {}, t('account.policyDigit')) : null,
      policy.requireLowerCase ? h('li', {}, t('account.policyLower')) : null,
      policy.requireUpperCase ? h('li', {}, t('account.policyUpper')) : null,
      policy.requireSymbol ? h('li', {}, t('account.policySymbol')) : null),
    policy.notIdentifier === false ? null : h('p', {}, t('account.policyIdentifier')));
}

function otpSection(me, ctx) {
  const { api, t } = ctx;
  const status = h('p', { role: 'status', class: 'form-status' });
  const choice = (channel, detail, disabled) => h('div', { class: 'choice' },
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'otp', value: channel,
      checked: me.otpChannel === channel, disabled, 'aria-describedby': `otp-${channel}-detail` }), t(`account.otp${channel}`)),
    h('span', { id: `otp-${channel}-detail`, class: 'muted' }, detail));
  const form = h('form', { class: 'stacked', 'aria-labelledby': 'otp-title' },
    h('fieldset', {}, h('legend', {}, t('account.otpLegend')),
      choice('EMAIL', me.email ?? ''),
      choice('SMS', me.phone ?? t('account.otpNoPhone'), !me.phone)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('account.otpSave'))),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const channel = new FormData(form).get('otp');
    if (!channel) {
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const saved = await api('/api/accounts/me/otp', { method: 'PUT', body: { channel } });
      const message = t('account.otpSaved', { channel: t(`account.otp${saved?.otpChannel ?? channel}`).toLowerCase() });
      status.textContent = message;
    } catch (e) {
      status.textContent = t('shell.error', { message: e.message });
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': 'otp-title' }, h('h2', { id: 'otp-title' }, t('account.otp')), form);
}

async function sessionsList(section, ctx) {
  const { api, t, signal } = ctx;
  let answer;
  try {
    answer = await api('/api/accounts/me/sessions', { signal });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    section.append(h('p', { class: 'muted' }, t('account.sessionsUnavailable')));
    return;
  }
  const sessions = Array.isArray(answer) ? answer : Object.values(answer ?? {}).find(Array.isArray) ?? [];
  sessions.sort((a, b) => Number(Boolean(b.current)) - Number(Boolean(a.current)));
  const status = h('p', { role: 'status', class: 'form-status' });
  const opened = (s) => s.signedInAt ?? s.createdAt ?? s.startedAt;
  const row = (s) => {
    const end = s.current ? null : h('button', { type: 'button', class: 'danger',
      'aria-label': t('account.endSessionLabel', { date: formatDateTime(opened(s)) }) }, t('account.endSession'));
    const tr = h('tr', { class: s.current ? 'current' : null, dataset: { session: s.id } },
      h('th', { scope: 'row' }, formatDateTime(opened(s)),
        s.current ? h('span', { class: 'tag' }, t('account.thisSession')) : null),
      h('td', {}, formatDateTime(s.lastActivityAt ?? s.lastSeenAt)),
      h('td', {}, browser(s.userAgent),
        s.clients?.length ? h('div', { class: 'muted' }, s.clients.join(', ')) : null),
      h('td', {}, methods(s.amr ?? s.method, t)),
      h('td', {}, end));
    end?.addEventListener('click', async () => {
      end.disabled = true;
      try {
        await api(`/api/accounts/me/sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
        tr.remove();
        status.textContent = t('account.sessionEnded');
        section.querySelector('h2').setAttribute('tabindex', '-1');
        section.querySelector('h2').focus();
      } catch (e) {
        end.disabled = false;
        status.textContent = t('shell.error', { message: e.message });
      }
    });
    return tr;
  };
  const others = sessions.filter((s) => !s.current);
  const endAll = others.length > 1 ? h('button', { type: 'button', class: 'danger' }, t('account.endOthers')) : null;
  endAll?.addEventListener('click', async () => {
    endAll.disabled = true;
    try {
      await api('/api/accounts/me/sessions', { method: 'DELETE' });
      section.querySelectorAll('tbody tr:not(.current)').forEach((tr) => tr.remove());
      endAll.remove();
      status.textContent = t('account.othersEnded');
      section.querySelector('h2').setAttribute('tabindex', '-1');
      section.querySelector('h2').focus();
    } catch (e) {
      endAll.disabled = false;
      status.textContent = t('shell.error', { message: e.message });
    }
  });
  append(section,
    endAll,
    h('table', { class: 'sessions' },
      h('caption', { class: 'visually-hidden' }, t('account.sessionsCaption')),
      h('thead', {}, h('tr', {}, ['signedInAt', 'lastSeenAt', 'device', 'method', 'action']
        .map((c) => h('th', { scope: 'col' }, t(`account.${c}`))))),
      h('tbody', {}, sessions.map(row))),
    others.length ? null : h('p', { class: 'muted' }, t('account.noSessions')),
    status);
}

/** "Firefox 128 · Linux" from a User-Agent header; the header itself when not recognised. */
function browser(userAgent) {
  if (!userAgent) {
    return '';
  }
  const name = [/(Edg)\/(\d+)/, /(Firefox)\/(\d+)/, /(Chrome)\/(\d+)/, /Version\/(\d+).*(Safari)/]
    .map((re) => re.exec(userAgent)).find(Boolean);
  const system = ['Windows', 'Android', 'iPhone', 'iPad', 'Mac OS', 'Linux'].find((os) => userAgent.includes(os));
  if (!name) {
    return userAgent.slice(0, 60);
  }
  const [product, version] = name[1] === 'Version' || /^\d/.test(name[1]) ? [name[2], name[1]] : [name[1], name[2]];
  return [`${product === 'Edg' ? 'Edge' : product} ${version}`, system].filter(Boolean).join(' · ');
}

function methods(amr, t) {
  const list = Array.isArray(amr) ? amr : amr ? [amr] : [];
  return list.map((m) => {
    const name = t(`account.amr.${m}`);
    return name.startsWith('account.') ? m : name;
  }).join(' + ');
}
