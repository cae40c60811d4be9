// Administration — DIMSE peers: what a PACS administrator needs to send studies to the platform
// (its called AE title and ports) and the peers of the caller's establishments that it accepts
// (GET /api/dimse; a platform administrator sees every peer).
import { h, replace } from '../dom.js';

export default {
  id: 'adminPeers',
  route: '/admin/peers',
  nav: { order: 75, label: 'adminPeers.nav' },
  roles: ['site-admin', 'platform-admin'],
  texts: {
    fr: {
      nav: 'Pairs DICOM',
      title: 'Pairs DICOM (DIMSE)',
      scp: 'La plateforme comme destination DICOM',
      disabled: 'La réception DICOM (DIMSE) est désactivée sur cette plateforme.',
      aeTitle: 'AE title appelé',
      port: 'Port',
      tlsPort: 'Port TLS (DICOM TLS)',
      noTls: 'pas de port TLS',
      peers: 'Pairs acceptés',
      peersHelp: 'Une association n’est acceptée que depuis l’AE title d’un pair, depuis l’une de ses adresses, et en TLS avec son certificat quand il en a un.',
      caption: 'Pairs DICOM acceptés',
      name: 'Nom',
      peerAeTitle: 'AE title appelant',
      hosts: 'Adresses',
      tls: 'TLS',
      establishment: 'Établissement (FINESS)',
      tlsRequired: 'obligatoire (certificat)',
      tlsNo: 'non',
      count: '{count} pair(s)',
      empty: 'Aucun pair DICOM n’est configuré pour vos établissements.',
    },
    en: {
      nav: 'DICOM peers',
      title: 'DICOM peers (DIMSE)',
      scp: 'The platform as a DICOM destination',
      disabled: 'DICOM reception (DIMSE) is switched off on this platform.',
      aeTitle: 'Called AE title',
      port: 'Port',
      tlsPort: 'TLS port (DICOM TLS)',
      noTls: 'no TLS port',
      peers: 'Accepted peers',
      peersHelp: 'An association is accepted only from a peer’s AE title, from one of its addresses, and over TLS with its certificate when it has one.',
      caption: 'Accepted DICOM peers',
      name: 'Name',
      peerAeTitle: 'Calling AE title',
      hosts: 'Addresses',
      tls: 'TLS',
      establishment: 'Establishment (FINESS)',
      tlsRequired: 'required (certificate)',
      tlsNo: 'no',
      count: '{count} peer(s)',
      empty: 'No DICOM peer is configured for your establishments.',
    },
  },

  async render(main, { api, t, signal }) {
    const settings = await api('/api/dimse', { signal });
    const peers = settings.peers ?? [];
    replace(main,
      h('h1', {}, t('adminPeers.title')),
      h('section', { 'aria-labelledby': 'scp-title' },
        h('h2', { id: 'scp-title' }, t('adminPeers.scp')),
        settings.enabled === false ? h('p', { class: 'notice' }, t('adminPeers.disabled')) : null,
        h('dl', { class: 'summary' },
          h('dt', {}, t('adminPeers.aeTitle')), h('dd', {}, h('code', {}, settings.aeTitle)),
          h('dt', {}, t('adminPeers.port')), h('dd', {}, String(settings.port ?? '')),
          h('dt', {}, t('adminPeers.tlsPort')), h('dd', {}, settings.tlsPort ? String(settings.tlsPort) : t('adminPeers.noTls')))),
      h('section', { 'aria-labelledby': 'peers-title' },
        h('h2', { id: 'peers-title' }, t('adminPeers.peers')),
        h('p', {}, t('adminPeers.peersHelp')),
        h('p', { class: 'count' }, t('adminPeers.count', { count: peers.length })),
        peers.length ? h('table', { class: 'peers' },
          h('caption', { class: 'visually-hidden' }, t('adminPeers.caption')),
          h('thead', {}, h('tr', {}, ['name', 'peerAeTitle', 'hosts', 'tls', 'establishment']
            .map((c) => h('th', { scope: 'col' }, t(`adminPeers.${c}`))))),
          h('tbody', {}, peers.map((p) => h('tr', {},
            h('th', { scope: 'row' }, p.name),
            h('td', {}, h('code', {}, p.aeTitle)),
            h('td', {}, (p.hosts ?? []).join(', ')),
            h('td', {}, t(p.tls ? 'adminPeers.tlsRequired' : 'adminPeers.tlsNo')),
            h('td', {}, p.establishment ?? '—')))))
          : h('p', { class: 'empty' }, t('adminPeers.empty'))));
  },
};
