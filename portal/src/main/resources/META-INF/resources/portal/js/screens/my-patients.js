// Home for practitioners: My patients (Telemis' "Mes patients") — one row per patient with a study
// the caller prescribed, newest study first, unread marker, study count; filters, search, sort and
// paging, all kept in the hash so that Back and a reload keep them. GET /api/my-patients.
import { h, replace } from '../dom.js';
import { formatDate, formatName, formatCount } from '../format.js';

const PAGE = 50;
const MODALITIES = ['CR', 'CT', 'DX', 'MG', 'MR', 'NM', 'PT', 'RF', 'US', 'XA', 'SR', 'OT'];
const PERIODS = ['', '1', '3', '6', '12', 'range'];
const SORTS = ['patientName', 'patientBirthDate', 'latestStudyDate', 'studies', 'unread'];

export default {
  id: 'patients',
  route: '/patients',
  home: true,
  nav: { order: 10, label: 'patients.nav' },
  roles: ['practitioner'],
  texts: {
    fr: {
      nav: 'Mes patients',
      title: 'Mes patients',
      search: 'Rechercher',
      name: 'Nom du patient',
      birthDate: 'Date de naissance',
      modalities: 'Modalités',
      period: 'Période',
      periods: { '': 'Toutes les dates', 1: 'Dernier mois', 3: '3 derniers mois', 6: '6 derniers mois',
        12: '12 derniers mois', range: 'Entre deux dates' },
      from: 'Du',
      to: 'Au',
      unreadOnly: 'Non lus seulement',
      apply: 'Filtrer',
      clear: 'Effacer les filtres',
      count: '{count} patient(s)',
      caption: 'Mes patients, du plus récent examen au plus ancien',
      patient: 'Patient',
      latestStudy: 'Dernier examen',
      description: 'Description',
      studies: 'Examens',
      unread: 'Non lus',
      unreadMarker: 'Nouvel examen non lu',
      sortBy: 'Trier par {column}',
      none: 'Aucun patient ne correspond.',
      empty: 'Aucun examen ne vous a encore été adressé.',
      previous: 'Page précédente',
      next: 'Page suivante',
      page: 'Page {page} sur {pages}',
      pager: 'Pages',
    },
    en: {
      nav: 'My patients',
      title: 'My patients',
      search: 'Search',
      name: 'Patient name',
      birthDate: 'Date of birth',
      modalities: 'Modalities',
      period: 'Period',
      periods: { '': 'Any date', 1: 'Last month', 3: 'Last 3 months', 6: 'Last 6 months', 12: 'Last 12 months',
        range: 'Between two dates' },
      from: 'From',
      to: 'To',
      unreadOnly: 'Unread only',
      apply: 'Filter',
      clear: 'Clear filters',
      count: '{count} patient(s)',
      caption: 'My patients, newest study first',
      patient: 'Patient',
      latestStudy: 'Latest study',
      description: 'Description',
      studies: 'Studies',
      unread: 'Unread',
      unreadMarker: 'New unread study',
      sortBy: 'Sort by {column}',
      none: 'No patient matches.',
      empty: 'No study has been sent to you yet.',
      previous: 'Previous page',
      next: 'Next page',
      page: 'Page {page} of {pages}',
      pager: 'Pages',
    },
  },

  async render(main, { query, api, t, href, navigate, signal }) {
    const filters = readFilters(query);
    const form = filterForm(filters, t, navigate);
    const results = h('div', { class: 'results' });
    replace(main, h('h1', {}, t('patients.title')), form, results);

    const params = new URLSearchParams({ limit: PAGE, offset: (filters.page - 1) * PAGE });
    for (const modality of filters.modality) {
      params.append('modality', modality);
    }
    if (filters.q) params.set('q', filters.q);
    if (filters.birthDate) params.set('birthDate', filters.birthDate);
    if (filters.period === 'range') {
      if (filters.from) params.set('from', filters.from);
      if (filters.to) params.set('to', filters.to);
    } else if (filters.period) {
      params.set('months', filters.period);
    }
    if (filters.unread) params.set('unread', 'true');
    if (filters.sort) {
      params.set('sort', filters.sort);
      params.set('dir', filters.dir);
    }
    const page = await api(`/api/my-patients?${params}`, { signal });
    const filtered = filters.q || filters.birthDate || filters.modality.length || filters.period || filters.unread;
    replace(results,
      h('p', { class: 'count', role: 'status' }, t('patients.count', { count: formatCount(page.total) })),
      page.patients.length
        ? table(page.patients, filters, t, href)
        : h('p', { class: 'empty' }, t(filtered ? 'patients.none' : 'patients.empty')),
      pager(page.total, filters, t, href));
  },
};

function readFilters(query) {
  const sort = SORTS.includes(query.get('sort')) ? query.get('sort') : '';
  return {
    q: query.get('q') ?? '',
    birthDate: query.get('birthDate') ?? '',
    modality: query.getAll('modality').filter((m) => MODALITIES.includes(m)),
    period: PERIODS.includes(query.get('period')) ? query.get('period') : '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    unread: query.get('unread') === 'true',
    sort,
    dir: query.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1),
  };
}

function asQuery(filters) {
  return { q: filters.q, birthDate: filters.birthDate, modality: filters.modality, period: filters.period,
    from: filters.period === 'range' ? filters.from : '', to: filters.period === 'range' ? filters.to : '',
    unread: filters.unread ? 'true' : '', sort: filters.sort, dir: filters.sort ? filters.dir : '',
    page: filters.page > 1 ? filters.page : '' };
}

function filterForm(filters, t, navigate) {
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const period = h('select', { id: 'f-period', name: 'period' },
    PERIODS.map((p) => h('option', { value: p, selected: p === filters.period }, t(`patients.periods.${p}`))));
  const range = h('div', { class: 'range', hidden: filters.period !== 'range' },
    field('f-from', t('patients.from'), h('input', { id: 'f-from', name: 'from', type: 'date', value: filters.from })),
    field('f-to', t('patients.to'), h('input', { id: 'f-to', name: 'to', type: 'date', value: filters.to })));
  period.addEventListener('change', () => {
    range.hidden = period.value !== 'range';
  });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('patients.search') },
    field('f-q', t('patients.name'), h('input', { id: 'f-q', name: 'q', type: 'search', value: filters.q,
      maxlength: 64, autocomplete: 'off' })),
    field('f-birth', t('patients.birthDate'), h('input', { id: 'f-birth', name: 'birthDate', type: 'date',
      value: filters.birthDate })),
    h('fieldset', { class: 'modalities' }, h('legend', {}, t('patients.modalities')),
      MODALITIES.map((m) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'modality', value: m, checked: filters.modality.includes(m) }), m))),
    field('f-period', t('patients.period'), period),
    range,
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'unread', value: 'true',
      checked: filters.unread }), t('patients.unreadOnly')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('patients.apply')),
      h('button', { type: 'button', class: 'secondary', onclick: () => navigate('/patients') }, t('patients.clear'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate('/patients', asQuery({ ...filters, q: data.get('q').trim(), birthDate: data.get('birthDate'),
      modality: data.getAll('modality'), period: data.get('period'), from: data.get('from') ?? '',
      to: data.get('to') ?? '', unread: data.get('unread') === 'true', page: 1 }));
  });
  return form;
}

function table(patients, filters, t, href) {
  const sortable = (column, label) => {
    const active = filters.sort === column;
    const dir = active && filters.dir === 'desc' ? 'asc' : 'desc';
    return h('th', { scope: 'col', 'aria-sort': active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : null },
      h('a', { href: href('/patients', asQuery({ ...filters, sort: column, dir, page: 1 })),
        title: t('patients.sortBy', { column: label }) }, label, active ? (filters.dir === 'asc' ? ' ▲' : ' ▼') : ''));
  };
  return h('table', { class: 'patients' },
    h('caption', { class: 'visually-hidden' }, t('patients.caption')),
    h('thead', {}, h('tr', {},
      sortable('patientName', t('patients.patient')),
      sortable('patientBirthDate', t('patients.birthDate')),
      sortable('latestStudyDate', t('patients.latestStudy')),
      h('th', { scope: 'col' }, t('patients.modalities')),
      h('th', { scope: 'col' }, t('patients.description')),
      sortable('studies', t('patients.studies')),
      sortable('unread', t('patients.unread')))),
    h('tbody', {}, patients.map((p) => h('tr', { class: p.unread ? 'unread' : null },
      h('th', { scope: 'row' },
        p.unread ? h('span', { class: 'unread-dot', title: t('patients.unreadMarker') },
          h('span', { class: 'visually-hidden' }, t('patients.unreadMarker'))) : null,
        h('a', { href: href(`/studies/${encodeURIComponent(p.latestStudyInstanceUID)}`) },
          formatName(p.patientName) || p.patientID)),
      h('td', {}, formatDate(p.patientBirthDate)),
      h('td', {}, formatDate(p.latestStudyDate)),
      h('td', {}, (p.modalitiesInStudy ?? []).join(', ')),
      h('td', {}, p.studyDescription ?? ''),
      h('td', { class: 'number' }, formatCount(p.studies)),
      h('td', { class: 'number' }, p.unreadStudies ? formatCount(p.unreadStudies) : '')))));
}

function pager(total, filters, t, href) {
  const pages = Math.max(1, Math.ceil(total / PAGE));
  if (pages === 1) {
    return null;
  }
  const link = (page, label, rel) => (page < 1 || page > pages
    ? h('span', { class: 'disabled', 'aria-disabled': 'true' }, label)
    : h('a', { href: href('/patients', asQuery({ ...filters, page })), rel }, label));
  return h('nav', { class: 'pager', 'aria-label': t('patients.pager') },
    link(filters.page - 1, t('patients.previous'), 'prev'),
    h('span', { 'aria-current': 'page' }, t('patients.page', { page: filters.page, pages })),
    link(filters.page + 1, t('patients.next'), 'next'));
}
