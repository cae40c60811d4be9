// Downloads: the caller's DICOM exports (GET /api/exports, a page of 20) with their state, size and expiry, and
// the download of a ready package (with the token, hence a button, not a link). Asks again every
// few seconds while one is being prepared.
import { h, replace, saveBlob } from '../dom.js';
import { formatDateTime, formatSize } from '../format.js';

const REFRESH_MS = 3000;
const PAGE = 20;

export default {
  id: 'downloads',
  route: '/downloads',
  nav: { order: 20, label: 'downloads.nav' },
  roles: ['practitioner', 'site-admin', 'platform-admin', 'guest'],
  texts: {
    fr: {
      nav: 'Téléchargements',
      title: 'Mes téléchargements',
      intro: 'Les examens que vous avez demandés au format DICOM. Un paquet prêt reste disponible jusqu’à sa date d’expiration.',
      caption: 'Mes téléchargements DICOM, du plus récent au plus ancien',
      study: 'Examen',
      openStudy: 'Voir l’examen',
      requestedAt: 'Demandé le',
      state: 'État',
      size: 'Taille',
      images: '{count} image(s)',
      expiresAt: 'Disponible jusqu’au',
      action: 'Action',
      states: { REQUESTED: 'En préparation', READY: 'Prêt', FAILED: 'Échec', EXPIRED: 'Expiré' },
      failed: 'Échec : {reason}',
      download: 'Télécharger',
      downloadLabel: 'Télécharger le paquet DICOM demandé le {date}',
      downloading: 'Téléchargement…',
      downloaded: 'Téléchargement terminé.',
      nowReady: 'Un téléchargement est prêt.',
      empty: 'Vous n’avez demandé aucun téléchargement. Demandez-en un depuis la page d’un examen.',
      count: '{count} téléchargement(s)',
      pager: 'Pages',
      previous: 'Page précédente',
      next: 'Page suivante',
      page: 'Page {page} sur {pages}',
    },
    en: {
      nav: 'Downloads',
      title: 'My downloads',
      intro: 'The studies you asked for as DICOM. A ready package stays available until its expiry date.',
      caption: 'My DICOM downloads, newest first',
      study: 'Study',
      openStudy: 'Open the study',
      requestedAt: 'Requested',
      state: 'State',
      size: 'Size',
      images: '{count} image(s)',
      expiresAt: 'Available until',
      action: 'Action',
      states: { REQUESTED: 'Being prepared', READY: 'Ready', FAILED: 'Failed', EXPIRED: 'Expired' },
      failed: 'Failed: {reason}',
      download: 'Download',
      downloadLabel: 'Download the DICOM package requested on {date}',
      downloading: 'Downloading…',
      downloaded: 'Download complete.',
      nowReady: 'A download is ready.',
      empty: 'You have not asked for any download. Ask for one from a study’s page.',
      count: '{count} download(s)',
      pager: 'Pages',
      previous: 'Previous page',
      next: 'Next page',
      page: 'Page {page} of {pages}',
    },
  },

  async render(main, ctx) {
    const { api, t, signal, announce, query } = ctx;
    const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
    const list = h('div', { class: 'downloads' });
    const status = h('p', { class: 'count', role: 'status' });
    const paging = h('div');
    replace(main, h('h1', {}, t('downloads.title')), h('p', {}, t('downloads.intro')), status, list, paging);
    let before = new Map();
    const refresh = async () => {
      const answer = await api(`/api/exports?limit=${PAGE}&offset=${(page - 1) * PAGE}`, { signal });
      const jobs = asList(answer)
        .sort((a, b) => String(b.requestedAt ?? '').localeCompare(String(a.requestedAt ?? '')));
      const total = Number.isInteger(answer?.total) ? answer.total : jobs.length;
      if (signal.aborted) {
        return;
      }
      if (jobs.some((job) => job.status === 'READY' && before.get(job.id) === 'REQUESTED')) {
        announce(t('downloads.nowReady'));
      }
      before = new Map(jobs.map((job) => [job.id, job.status]));
      const focused = document.activeElement?.dataset?.job;
      status.textContent = total ? t('downloads.count', { count: total }) : '';
      replace(paging, pager(total, page, ctx));
      replace(list, jobs.length ? table(jobs, ctx) : h('p', { class: 'empty' }, t('downloads.empty')));
      if (focused) {
        list.querySelector(`[data-job="${CSS.escape(focused)}"]`)?.focus();
      }
      if (jobs.some((job) => job.status === 'REQUESTED')) {
        setTimeout(() => refresh().catch(() => {}), REFRESH_MS);
      }
    };
    await refresh();
  },
};

function pager(total, page, { t, href }) {
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) {
    return null;
  }
  const link = (to, label, rel) => (to < 1 || to > pages
    ? h('span', { class: 'disabled', 'aria-disabled': 'true' }, label)
    : h('a', { href: href('/downloads', { page: to > 1 ? to : '' }), rel }, label));
  return h('nav', { class: 'pager', 'aria-label': t('downloads.pager') },
    link(page - 1, t('downloads.previous'), 'prev'),
    h('span', { 'aria-current': 'page' }, t('downloads.page', { page, pages })),
    link(page + 1, t('downloads.next'), 'next'));
}

/** The listing: an array, or a page holding one ({total, offset, limit, exports: [...]}). */
function asList(answer) {
  if (Array.isArray(answer)) {
    return answer;
  }
  return Object.values(answer ?? {}).find(Array.isArray) ?? [];
}

function table(jobs, ctx) {
  const { t, href } = ctx;
  return h('table', { class: 'downloads' },
    h('caption', { class: 'visually-hidden' }, t('downloads.caption')),
    h('thead', {}, h('tr', {},
      ['requestedAt', 'study', 'state', 'size', 'expiresAt', 'action'].map((column) =>
        h('th', { scope: 'col' }, t(`downloads.${column}`))))),
    h('tbody', {}, jobs.map((job) => h('tr', { dataset: { status: job.status } },
      h('th', { scope: 'row' }, formatDateTime(job.requestedAt)),
      h('td', { class: 'uid' }, h('a', { href: href(`/studies/${encodeURIComponent(job.studyInstanceUID)}`),
        title: t('downloads.openStudy') }, job.studyInstanceUID),
      job.instanceCount ? h('div', { class: 'muted' }, t('downloads.images', { count: job.instanceCount })) : null),
      h('td', {}, h('span', { class: `state state-${String(job.status).toLowerCase()}` },
        t(`downloads.states.${job.status}`)),
      job.status === 'REQUESTED' ? h('progress', { 'aria-label': t('downloads.states.REQUESTED') }) : null,
      job.status === 'FAILED' && job.failureReason
        ? h('div', { class: 'error' }, t('downloads.failed', { reason: job.failureReason })) : null),
      h('td', { class: 'number' }, job.status === 'READY' ? formatSize(job.sizeBytes) : ''),
      h('td', {}, job.status === 'READY' || job.status === 'EXPIRED' ? formatDateTime(job.expiresAt) : ''),
      h('td', {}, job.status === 'READY' && job.archive ? downloadButton(job, ctx) : null)))));
}

function downloadButton(job, { t, blob, announce }) {
  const label = t('downloads.downloadLabel', { date: formatDateTime(job.requestedAt) });
  const button = h('button', { type: 'button', class: 'primary', 'aria-label': label, dataset: { job: job.id } },
    t('downloads.download'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = t('downloads.downloading');
    try {
      saveBlob(await blob(job.archive, 'application/zip'), `examen-${job.id}.zip`);
      announce(t('downloads.downloaded'));
    } catch (e) {
      announce(t('shell.error', { message: e.message }));
    } finally {
      button.disabled = false;
      button.textContent = t('downloads.download');
    }
  });
  return button;
}
