// Administration — access audit: who accessed a study (StudyInstanceUID) or a patient's studies
// (Patient ID + issuer), newest first (GET /api/audit/accesses), each line exportable as a FHIR
// AuditEvent or a DICOM audit message (RFC 3881 / PS3.15 A.5) through GET /api/audit/events/{id},
// and the whole list as a FHIR Bundle. The search is kept in the hash (the study page links here).
import { h, replace, saveBlob } from '../dom.js';
import { formatDateTime, formatName, formatCount } from '../format.js';

const FHIR = 'application/fhir+json';
const DICOM_AUDIT = 'application/xml';
const LIMITS = ['100', '500', '1000'];
const MAX_NAMES = 25;

export default {
  id: 'adminAudit',
  route: '/admin/audit',
  nav: { order: 80, label: 'adminAudit.nav' },
  roles: ['site-admin', 'platform-admin'],
  texts: {
    fr: {
      nav: 'Audit des accès',
      title: 'Audit des accès',
      fromStudy: 'Voir qui a accédé à cet examen',
      intro: 'Qui a consulté un examen ou les examens d’un patient, du plus récent au plus ancien, parmi les examens que vous administrez.',
      byStudy: 'Par examen',
      byPatient: 'Par patient',
      study: 'Study Instance UID',
      patientId: 'Identifiant du patient (Patient ID)',
      issuer: 'Émetteur de l’identifiant (Issuer of Patient ID)',
      limit: 'Nombre de lignes au plus',
      search: 'Voir les accès',
      results: 'Accès',
      caption: 'Accès, du plus récent au plus ancien',
      count: '{count} ligne(s)',
      empty: 'Aucun accès enregistré.',
      when: 'Quand',
      repeated: '{count} fois, jusqu’au {last}',
      who: 'Qui',
      action: 'Action',
      outcome: 'Résultat',
      client: 'Client',
      studyColumn: 'Examen',
      exports: 'Exports',
      outcomes: { SUCCEEDED: 'Réussi', FAILED: 'Échec' },
      actions: { 'sign-in': 'Connexion', query: 'Recherche', metadata: 'Métadonnées', retrieve: 'Récupération',
        rendered: 'Image rendue', export: 'Demande d’export', download: 'Téléchargement',
        'registration-refused': 'Enregistrement refusé', 'patient-reassigned': 'Patient réaffecté',
        'referral-removed': 'Prescription retirée' },
      fhir: 'FHIR AuditEvent',
      fhirLabel: 'Télécharger la ligne {id} en FHIR AuditEvent',
      dicom: 'Message d’audit DICOM',
      dicomLabel: 'Télécharger la ligne {id} en message d’audit DICOM (RFC 3881 / PS3.15)',
      bundle: 'Exporter la liste (FHIR Bundle)',
      saved: 'Fichier {name} téléchargé.',
      needOne: 'Indiquez un Study Instance UID, ou un identifiant de patient.',
      you: '{name} (vous)',
    },
    en: {
      nav: 'Access audit',
      title: 'Access audit',
      fromStudy: 'See who accessed this study',
      intro: 'Who looked at a study or at a patient’s studies, newest first, among the studies you administer.',
      byStudy: 'By study',
      byPatient: 'By patient',
      study: 'Study Instance UID',
      patientId: 'Patient ID',
      issuer: 'Issuer of Patient ID',
      limit: 'At most this many lines',
      search: 'Show the accesses',
      results: 'Accesses',
      caption: 'Accesses, newest first',
      count: '{count} line(s)',
      empty: 'No access recorded.',
      when: 'When',
      repeated: '{count} times, until {last}',
      who: 'Who',
      action: 'Action',
      outcome: 'Outcome',
      client: 'Client',
      studyColumn: 'Study',
      exports: 'Exports',
      outcomes: { SUCCEEDED: 'Succeeded', FAILED: 'Failed' },
      actions: { 'sign-in': 'Sign-in', query: 'Search', metadata: 'Metadata', retrieve: 'Retrieve',
        rendered: 'Rendered image', export: 'Export request', download: 'Download',
        'registration-refused': 'Registration refused', 'patient-reassigned': 'Patient reassigned',
        'referral-removed': 'Referral removed' },
      fhir: 'FHIR AuditEvent',
      fhirLabel: 'Download line {id} as a FHIR AuditEvent',
      dicom: 'DICOM audit message',
      dicomLabel: 'Download line {id} as a DICOM audit message (RFC 3881 / PS3.15)',
      bundle: 'Export the list (FHIR Bundle)',
      saved: 'File {name} downloaded.',
      needOne: 'Give a Study Instance UID, or a patient ID.',
      you: '{name} (you)',
    },
  },

  async render(main, ctx) {
    const { api, t, signal, query, navigate } = ctx;
    const search = {
      study: (query.get('study') ?? '').trim(),
      patientId: (query.get('patientId') ?? '').trim(),
      issuer: (query.get('issuerOfPatientId') ?? '').trim(),
      limit: LIMITS.includes(query.get('limit')) ? query.get('limit') : LIMITS[0],
    };
    const field = (id, label, attributes) => h('div', { class: 'field' }, h('label', { for: id }, label),
      h('input', { id, autocomplete: 'off', spellcheck: 'false', ...attributes }));
    const limit = h('select', { id: 'audit-limit', name: 'limit' },
      LIMITS.map((l) => h('option', { value: l, selected: l === search.limit }, l)));
    const problem = h('p', { class: 'error', role: 'alert', hidden: true });
    const form = h('form', { class: 'filters audit', 'aria-label': t('adminAudit.title') },
      h('fieldset', {}, h('legend', {}, t('adminAudit.byStudy')),
        field('audit-study', t('adminAudit.study'), { name: 'study', value: search.study, maxlength: 64,
          pattern: '[0-9.]*', inputmode: 'decimal' })),
      h('fieldset', {}, h('legend', {}, t('adminAudit.byPatient')),
        field('audit-patient', t('adminAudit.patientId'), { name: 'patientId', value: search.patientId, maxlength: 64 }),
        field('audit-issuer', t('adminAudit.issuer'), { name: 'issuerOfPatientId', value: search.issuer, maxlength: 64 })),
      h('div', { class: 'field' }, h('label', { for: 'audit-limit' }, t('adminAudit.limit')), limit),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('adminAudit.search'))),
      problem);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const study = data.get('study').trim();
      const patientId = data.get('patientId').trim();
      if (!study && !patientId) {
        problem.textContent = t('adminAudit.needOne');
        problem.hidden = false;
        form.querySelector('#audit-study').focus();
        return;
      }
      // one search at a time: a study, else a patient
      navigate('/admin/audit', study ? { study, limit: data.get('limit') }
        : { patientId, issuerOfPatientId: data.get('issuerOfPatientId').trim(), limit: data.get('limit') });
    });
    const results = h('section', { 'aria-labelledby': 'audit-results' });
    replace(main, h('h1', {}, t('adminAudit.title')), h('p', {}, t('adminAudit.intro')), form, results);
    if (!search.study && !search.patientId) {
      return;
    }
    const params = new URLSearchParams({ limit: search.limit });
    if (search.study) {
      params.set('study', search.study);
    } else {
      params.set('patientId', search.patientId);
      if (search.issuer) params.set('issuerOfPatientId', search.issuer);
    }
    let lines;
    try {
      lines = await api(`/api/audit/accesses?${params}`, { signal }) ?? [];
    } catch (e) {
      if (e.status !== 400) {
        throw e;
      }
      problem.textContent = t('shell.error', { message: e.message });
      problem.hidden = false;
      return;
    }
    const names = await actorNames(lines, ctx);
    replace(results,
      h('h2', { id: 'audit-results' }, t('adminAudit.results')),
      h('div', { class: 'actions' },
        h('p', { class: 'count', role: 'status' }, t('adminAudit.count', { count: formatCount(lines.length) })),
        lines.length ? exportButton(t('adminAudit.bundle'), null, `/api/audit/accesses?${params}`, FHIR,
          `audit-${search.study || search.patientId}.fhir.json`, ctx) : null),
      lines.length ? table(lines, names, !search.study, ctx) : h('p', { class: 'empty' }, t('adminAudit.empty')));
  },
};

/** Names of the people behind the subjects (the accounts the caller administers); the subject otherwise. */
async function actorNames(lines, { api, signal, claims, t }) {
  const names = new Map();
  if (claims.sub) { // administrators do not administer themselves: their own name from the token
    names.set(claims.sub, t('adminAudit.you', { name: formatName(claims.family_name, claims.given_name) || claims.preferred_username }));
  }
  const subjects = [...new Set(lines.map((l) => l.actor).filter((a) => a && !names.has(a)))].slice(0, MAX_NAMES);
  await Promise.all(subjects.map((subject) => api(`/api/accounts/${encodeURIComponent(subject)}`, { signal })
    .then((a) => names.set(subject, formatName(a.familyName, a.givenName) || a.username))
    .catch(() => {})));
  return names;
}

function table(lines, names, withStudy, ctx) {
  const { t, href } = ctx;
  const columns = ['when', 'who', 'action', 'outcome', 'client', withStudy ? 'studyColumn' : null, 'exports'].filter(Boolean);
  return h('table', { class: 'audit' },
    h('caption', { class: 'visually-hidden' }, t('adminAudit.caption')),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, t(`adminAudit.${c}`))))),
    h('tbody', {}, lines.map((line) => h('tr', { class: line.outcome === 'FAILED' ? 'failed' : null, dataset: { line: line.id } },
      h('th', { scope: 'row' }, formatDateTime(line.occurredAt),
        line.repeatCount > 1 ? h('div', { class: 'muted' }, t('adminAudit.repeated',
          { count: line.repeatCount, last: formatDateTime(line.lastOccurredAt) })) : null),
      h('td', {}, names.get(line.actor) ?? line.actor ?? '—',
        names.has(line.actor) ? h('div', { class: 'muted uid' }, line.actor) : null),
      h('td', {}, label(t, `adminAudit.actions.${line.action}`, line.action),
        line.endpoint ? h('div', { class: 'muted uid' }, line.endpoint) : null),
      h('td', {}, label(t, `adminAudit.outcomes.${line.outcome}`, line.outcome)),
      h('td', {}, line.clientId ?? '', line.remoteAddress ? h('div', { class: 'muted' }, line.remoteAddress) : null),
      withStudy ? h('td', { class: 'uid' }, line.studyInstanceUID
        ? h('a', { href: href('/admin/audit', { study: line.studyInstanceUID }) }, line.studyInstanceUID) : '') : null,
      h('td', {}, h('div', { class: 'actions' },
        exportButton(t('adminAudit.fhir'), t('adminAudit.fhirLabel', { id: line.id }), `/api/audit/events/${line.id}`, FHIR,
          `audit-${line.id}.fhir.json`, ctx),
        exportButton(t('adminAudit.dicom'), t('adminAudit.dicomLabel', { id: line.id }), `/api/audit/events/${line.id}`,
          DICOM_AUDIT, `audit-${line.id}.xml`, ctx)))))));
}

function label(t, key, fallback) {
  const text = t(key);
  return text === key ? (fallback ?? '') : text;
}

function exportButton(text, ariaLabel, path, accept, fileName, { blob, t, announce }) {
  const button = h('button', { type: 'button', class: 'secondary small', 'aria-label': ariaLabel }, text);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      saveBlob(await blob(path, accept), fileName);
      announce(t('adminAudit.saved', { name: fileName }));
    } catch (e) {
      announce(t('shell.error', { message: e.message }));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
