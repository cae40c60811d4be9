// The study page: patient and study summary, availability (refreshing by itself while NEARLINE),
// series with thumbnails and their JPEG download, the reports in the study (SR as text,
// encapsulated PDF inline), the viewer, and the DICOM download (export) with its progress.
import { h, replace, saveBlob } from '../dom.js';
import { value, values } from '../api.js';
import { formatDate, formatTime, formatName, formatSize, formatDateTime } from '../format.js';
import { srAsText } from '../sr.js';
import { firstPart } from '../multipart.js';

const STUDY_FIELDS = ['00081030', '00080061', '00100010', '00100020', '00100021', '00100030', '00100040',
  '00080090', '00080050', '00080056', '00201206', '00201208', '00080020', '00080030', '00080080'];
const SERIES_FIELDS = ['0008103E', '00200011', '00201209', '00080056', '00080060'];
const REPORT_MODALITIES = ['SR', 'DOC'];
const PDF_STORAGE = '1.2.840.10008.5.1.4.1.1.104.1';
const REFRESH_MS = 5000;

export default {
  id: 'study',
  route: '/studies/:study',
  roles: ['practitioner', 'site-admin', 'platform-admin', 'guest'],
  texts: {
    fr: {
      title: 'Examen',
      patient: 'Patient',
      patientId: 'Identifiant patient',
      birthDate: 'Né(e) le',
      sex: 'Sexe',
      studyDate: 'Date de l’examen',
      description: 'Description',
      modalities: 'Modalités',
      referring: 'Médecin prescripteur',
      accession: 'Numéro d’accès',
      institution: 'Établissement',
      counts: '{series} série(s), {instances} image(s)',
      images: '{count} image(s)',
      others: 'Autres examens du patient',
      noOthers: 'Aucun autre examen de ce patient ne vous est accessible.',
      nearline: 'Cet examen n’est pas encore disponible : il est en cours de préparation. La page se mettra à jour d’elle-même.',
      online: 'L’examen est disponible.',
      openViewer: 'Ouvrir dans la visionneuse',
      series: 'Séries',
      seriesNumber: 'Série {number}',
      thumbnail: 'Aperçu de la série {number}',
      noThumbnail: 'Pas d’aperçu',
      downloadJpeg: 'Télécharger en JPEG (ZIP)',
      downloadJpegLabel: 'Télécharger en JPEG (ZIP) la série {number}',
      downloading: 'Téléchargement…',
      downloaded: 'Téléchargement terminé.',
      reports: 'Comptes rendus',
      noReports: 'Aucun compte rendu dans cet examen.',
      pdfTitle: 'Compte rendu PDF',
      openPdf: 'Ouvrir le PDF',
      exportTitle: 'Téléchargement DICOM',
      exportHelp: 'L’examen complet au format DICOM (ZIP avec DICOMDIR), préparé par la plateforme. Un e-mail vous prévient quand il est prêt.',
      requestExport: 'Demander le téléchargement DICOM',
      exportREQUESTED: 'En préparation…',
      exportREADY: 'Prêt : {size}, disponible jusqu’au {expires}.',
      exportFAILED: 'Échec de la préparation : {reason}',
      exportEXPIRED: 'Expiré.',
      downloadExport: 'Télécharger le paquet DICOM',
      allDownloads: 'Tous mes téléchargements',
      sexes: { M: 'Masculin', F: 'Féminin', O: 'Autre' },
    },
    en: {
      title: 'Study',
      patient: 'Patient',
      patientId: 'Patient ID',
      birthDate: 'Born',
      sex: 'Sex',
      studyDate: 'Study date',
      description: 'Description',
      modalities: 'Modalities',
      referring: 'Referring physician',
      accession: 'Accession number',
      institution: 'Institution',
      counts: '{series} series, {instances} image(s)',
      images: '{count} image(s)',
      others: 'The patient\'s other studies',
      noOthers: 'No other study of this patient is available to you.',
      nearline: 'This study is not yet available: it is being prepared. This page updates by itself.',
      online: 'The study is available.',
      openViewer: 'Open in the viewer',
      series: 'Series',
      seriesNumber: 'Series {number}',
      thumbnail: 'Preview of series {number}',
      noThumbnail: 'No preview',
      downloadJpeg: 'Download as JPEG (ZIP)',
      downloadJpegLabel: 'Download as JPEG (ZIP) series {number}',
      downloading: 'Downloading…',
      downloaded: 'Download complete.',
      reports: 'Reports',
      noReports: 'No report in this study.',
      pdfTitle: 'PDF report',
      openPdf: 'Open the PDF',
      exportTitle: 'DICOM download',
      exportHelp: 'The whole study as DICOM (ZIP with DICOMDIR), prepared by the platform. An e-mail tells you when it is ready.',
      requestExport: 'Request the DICOM download',
      exportREQUESTED: 'Being prepared…',
      exportREADY: 'Ready: {size}, available until {expires}.',
      exportFAILED: 'Preparation failed: {reason}',
      exportEXPIRED: 'Expired.',
      downloadExport: 'Download the DICOM package',
      allDownloads: 'All my downloads',
      sexes: { M: 'Male', F: 'Female', O: 'Other' },
    },
  },

  async render(main, ctx) {
    const { params, dicomweb, t, signal, ApiError } = ctx;
    const uid = params.study;
    const found = await dicomweb(`/studies?StudyInstanceUID=${encodeURIComponent(uid)}&includefield=${STUDY_FIELDS.join(',')}`,
      { signal });
    if (!found.length) {
      throw new ApiError(404, { title: 'Not found' });
    }
    const study = found[0];
    const availability = h('div', { class: 'availability' });
    const seriesSection = h('section', { 'aria-labelledby': 'series-title' }, h('h2', { id: 'series-title' }, t('study.series')));
    const otherStudies = h('section', { 'aria-labelledby': 'others-title' }, h('h2', { id: 'others-title' }, t('study.others')));
    const reportsSection = h('section', { 'aria-labelledby': 'reports-title' }, h('h2', { id: 'reports-title' }, t('study.reports')));
    replace(main,
      h('h1', {}, formatName(value(study, '00100010')) || t('study.title')),
      summary(study, t),
      availability,
      h('p', { class: 'actions' }, h('a', { class: 'button primary', target: '_blank', rel: 'noopener',
        href: `${ctx.config.viewerPath}?StudyInstanceUIDs=${encodeURIComponent(uid)}` }, t('study.openViewer')),
      ctx.roles.some((role) => role.endsWith('admin')) // the access audit (screens/admin-audit.js)
        ? h('a', { href: ctx.href('/admin/audit', { study: uid }) }, t('adminAudit.fromStudy')) : null),
      seriesSection,
      reportsSection,
      exportSection(uid, ctx),
      otherStudies);
    priorStudies(otherStudies, study, uid, ctx).catch(() => otherStudies.remove());

    const online = await showAvailability(availability, study, uid, ctx);
    if (!online) {
      return;
    }
    const series = (await dicomweb(`/studies/${encodeURIComponent(uid)}/series?includefield=${SERIES_FIELDS.join(',')}`, { signal }))
      .sort((a, b) => (value(a, '00200011') ?? 0) - (value(b, '00200011') ?? 0));
    const images = series.filter((s) => !REPORT_MODALITIES.includes(value(s, '00080060')));
    seriesSection.append(h('ul', { class: 'series' }, images.map((s) => seriesCard(uid, s, ctx))));
    await reports(reportsSection, uid, series.filter((s) => REPORT_MODALITIES.includes(value(s, '00080060'))), ctx);
  },
};

function summary(study, t) {
  const row = (label, text) => (text ? [h('dt', {}, label), h('dd', {}, text)] : null);
  const sex = value(study, '00100040');
  return h('dl', { class: 'summary' },
    row(t('study.patientId'), [value(study, '00100020'), value(study, '00100021')].filter(Boolean).join(' / ')),
    row(t('study.birthDate'), formatDate(value(study, '00100030'))),
    row(t('study.sex'), sex ? t(`study.sexes.${sex}`) : ''),
    row(t('study.studyDate'), [formatDate(value(study, '00080020')), formatTime(value(study, '00080030'))].filter(Boolean).join(' ')),
    row(t('study.description'), value(study, '00081030')),
    row(t('study.modalities'), values(study, '00080061').join(', ')),
    row(t('study.referring'), formatName(value(study, '00080090'))),
    row(t('study.accession'), value(study, '00080050')),
    row(t('study.institution'), value(study, '00080080')),
    h('dt', { class: 'visually-hidden' }, t('study.series')),
    h('dd', {}, t('study.counts', { series: value(study, '00201206') ?? '?', instances: value(study, '00201208') ?? '?' })));
}

/** Shows the availability; while NEARLINE, asks again every few seconds and re-renders once ONLINE. */
async function showAvailability(element, study, uid, ctx) {
  const { dicomweb, t, signal } = ctx;
  let state = value(study, '00080056') ?? 'ONLINE';
  if (state === 'ONLINE') {
    return true;
  }
  replace(element, h('p', { class: 'notice', role: 'status', dataset: { availability: state } }, t('study.nearline')));
  const poll = async () => {
    if (signal.aborted) {
      return;
    }
    const again = await dicomweb(`/studies?StudyInstanceUID=${encodeURIComponent(uid)}&includefield=00080056`, { signal })
      .catch(() => []);
    state = value(again[0], '00080056') ?? state;
    if (state === 'ONLINE') {
      ctx.show();
    } else {
      setTimeout(poll, REFRESH_MS);
    }
  };
  setTimeout(poll, REFRESH_MS);
  return false;
}

function seriesCard(uid, series, ctx) {
  const { t, dicomweb, blob, signal, announce } = ctx;
  const seriesUid = value(series, '0020000E');
  const number = value(series, '00200011') ?? '';
  const base = `/studies/${encodeURIComponent(uid)}/series/${encodeURIComponent(seriesUid)}`;
  const picture = h('div', { class: 'thumbnail' }, h('span', { class: 'placeholder' }, t('study.noThumbnail')));
  (async () => {
    const first = await dicomweb(`${base}/instances?limit=1`, { signal });
    const sop = value(first[0], '00080018');
    if (!sop) {
      return;
    }
    const image = await blob(`${base}/instances/${encodeURIComponent(sop)}/thumbnail`, 'image/jpeg', signal);
    const url = URL.createObjectURL(image);
    replace(picture, h('img', { src: url, alt: t('study.thumbnail', { number }), width: 128, height: 128,
      onload: () => setTimeout(() => URL.revokeObjectURL(url), 1000) }));
  })().catch(() => {});
  const download = h('button', { type: 'button', 'aria-label': t('study.downloadJpegLabel', { number }),
    dataset: { series: seriesUid } }, t('study.downloadJpeg'));
  download.addEventListener('click', async () => {
    download.disabled = true;
    download.textContent = t('study.downloading');
    try {
      saveBlob(await blob(`${base}/rendered`, 'application/zip'), `serie-${number || seriesUid}.zip`);
      announce(t('study.downloaded'));
    } catch (e) {
      announce(t('shell.error', { message: e.message }));
    } finally {
      download.disabled = false;
      download.textContent = t('study.downloadJpeg');
    }
  });
  return h('li', { class: 'series-card' },
    picture,
    h('div', {},
      h('h3', {}, [t('study.seriesNumber', { number }), value(series, '0008103E')].filter(Boolean).join(' — ')),
      h('p', {}, [value(series, '00080060'), t('study.images', { count: value(series, '00201209') ?? '?' })].filter(Boolean).join(' · ')),
      download));
}

async function reports(section, uid, series, ctx) {
  const { t, dicomweb, api, signal } = ctx;
  if (!series.length) {
    section.append(h('p', {}, t('study.noReports')));
    return;
  }
  for (const s of series) {
    const seriesUid = value(s, '0020000E');
    const base = `/studies/${encodeURIComponent(uid)}/series/${encodeURIComponent(seriesUid)}`;
    for (const instance of await dicomweb(`${base}/instances?includefield=00080016`, { signal })) {
      const sop = value(instance, '00080018');
      const path = `${base}/instances/${encodeURIComponent(sop)}`;
      if (value(instance, '00080016') === PDF_STORAGE) {
        const response = await api(`${path}/bulkdata/00420011`, { accept: 'multipart/related; type="application/octet-stream"',
          raw: true, signal });
        const pdf = new Blob([await firstPart(response)], { type: 'application/pdf' });
        const url = URL.createObjectURL(pdf);
        section.append(h('figure', { class: 'pdf' },
          h('iframe', { src: url, title: t('study.pdfTitle'), width: '100%', height: 600 }),
          h('figcaption', {}, h('a', { href: url, target: '_blank', rel: 'noopener' }, t('study.openPdf')))));
      } else {
        const metadata = await dicomweb(`${path}/metadata`, { signal });
        section.append(srAsText(metadata[0]));
      }
    }
  }
}

/** The patient's other studies the caller may see (QIDO-RS by Patient ID and issuer), newest first. */
async function priorStudies(section, study, uid, ctx) {
  const { dicomweb, t, href, signal } = ctx;
  const patientId = value(study, '00100020');
  if (!patientId) {
    section.remove();
    return;
  }
  const issuer = value(study, '00100021');
  const query = new URLSearchParams({ PatientID: patientId, includefield: '00081030,00080061', limit: 100 });
  if (issuer) {
    query.set('IssuerOfPatientID', issuer);
  }
  const others = (await dicomweb(`/studies?${query}`, { signal }))
    .filter((s) => value(s, '0020000D') !== uid)
    .sort((a, b) => String(value(b, '00080020') ?? '').localeCompare(String(value(a, '00080020') ?? '')));
  section.append(others.length
    ? h('ul', { class: 'others' }, others.map((s) => h('li', {},
      h('a', { href: href(`/studies/${encodeURIComponent(value(s, '0020000D'))}`) },
        [formatDate(value(s, '00080020')), values(s, '00080061').join(', '), value(s, '00081030')].filter(Boolean).join(' — ')))))
    : h('p', {}, t('study.noOthers')));
}

function exportSection(uid, ctx) {
  const { t, api, blob, signal, href, announce } = ctx;
  const state = h('div', { class: 'export-state', role: 'status', 'aria-live': 'polite' });
  const request = h('button', { type: 'button', class: 'secondary' }, t('study.requestExport'));
  request.addEventListener('click', async () => {
    request.disabled = true;
    try {
      const job = await api('/api/exports', { method: 'POST', body: { studyInstanceUID: uid, locale: document.documentElement.lang } });
      follow(job);
    } catch (e) {
      request.disabled = false;
      replace(state, h('p', { class: 'error' }, t('shell.error', { message: e.message })));
    }
  });
  const follow = (job) => {
    const progress = h('progress', { 'aria-label': t('study.exportTitle') });
    replace(state, h('p', {}, t(`study.export${job.status}`, { size: formatSize(job.sizeBytes),
      expires: formatDateTime(job.expiresAt), reason: job.failureReason ?? '' })),
    job.status === 'REQUESTED' ? progress : null);
    if (job.status === 'REQUESTED' && !signal.aborted) {
      setTimeout(() => api(`/api/exports/${encodeURIComponent(job.id)}`, { signal }).then(follow).catch(() => {}), 2000);
    } else if (job.status === 'READY') {
      announce(t(`study.export${job.status}`, { size: formatSize(job.sizeBytes), expires: formatDateTime(job.expiresAt) }));
      const download = h('button', { type: 'button', class: 'primary' }, t('study.downloadExport'));
      download.addEventListener('click', async () => {
        download.disabled = true;
        try {
          saveBlob(await blob(job.archive, 'application/zip'), `examen-${job.id}.zip`);
          announce(t('study.downloaded'));
        } finally {
          download.disabled = false;
        }
      });
      state.append(download);
    }
  };
  return h('section', { 'aria-labelledby': 'export-title', class: 'export' },
    h('h2', { id: 'export-title' }, t('study.exportTitle')),
    h('p', {}, t('study.exportHelp')),
    request, state,
    h('p', {}, h('a', { href: href('/downloads') }, t('study.allDownloads'))));
}
