// Notifications: the header's bell (the unread count, asked again every minute and when the page
// comes back into view) and the inbox (GET /api/notifications, newest first), where a notification
// is marked read (POST /api/notifications/{id}/read). The inbox tells the bell when it changes.
import { h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';

const REFRESH_MS = 60_000;
const CHANGED = 'iris:notifications';

export default {
  id: 'notifications',
  route: '/notifications',
  texts: {
    fr: {
      title: 'Notifications',
      bell: 'Notifications',
      bellUnread: 'Notifications, {count} non lue(s)',
      caption: 'Mes notifications, de la plus récente à la plus ancienne',
      unread: 'Non lue',
      read: 'Lue',
      markRead: 'Marquer comme lue',
      markReadLabel: 'Marquer comme lue : {title}',
      markAll: 'Tout marquer comme lu',
      marked: 'Notification marquée comme lue.',
      allMarked: 'Toutes les notifications sont marquées comme lues.',
      count: '{count} notification(s), dont {unread} non lue(s)',
      empty: 'Aucune notification.',
      downloads: 'Voir mes téléchargements',
      open: 'Ouvrir',
    },
    en: {
      title: 'Notifications',
      bell: 'Notifications',
      bellUnread: 'Notifications, {count} unread',
      caption: 'My notifications, newest first',
      unread: 'Unread',
      read: 'Read',
      markRead: 'Mark as read',
      markReadLabel: 'Mark as read: {title}',
      markAll: 'Mark all as read',
      marked: 'Notification marked as read.',
      allMarked: 'All notifications are marked as read.',
      count: '{count} notification(s), {unread} unread',
      empty: 'No notifications.',
      downloads: 'See my downloads',
      open: 'Open',
    },
  },

  async render(main, ctx) {
    const { api, t, signal, announce } = ctx;
    const status = h('p', { class: 'count', role: 'status' });
    const markAll = h('button', { type: 'button', class: 'secondary' }, t('notifications.markAll'));
    const list = h('ul', { class: 'inbox' });
    replace(main, h('h1', {}, t('notifications.title')), h('div', { class: 'actions' }, status, markAll), list);
    let items = await api('/api/notifications', { signal }) ?? [];

    const show = () => {
      const unread = items.filter((n) => !n.read).length;
      status.textContent = t('notifications.count', { count: items.length, unread });
      markAll.hidden = unread === 0;
      replace(list, items.length ? items.map((n) => item(n)) : h('li', { class: 'empty' }, t('notifications.empty')));
      window.dispatchEvent(new CustomEvent(CHANGED, { detail: { unread } }));
    };
    const markRead = async (n) => {
      const updated = await api(`/api/notifications/${encodeURIComponent(n.id)}/read`, { method: 'POST' });
      items = items.map((one) => (one.id === n.id ? { ...one, ...(updated ?? {}), read: true } : one));
    };
    const item = (n) => {
      const mark = n.read ? null : h('button', { type: 'button', class: 'secondary',
        'aria-label': t('notifications.markReadLabel', { title: n.title }) }, t('notifications.markRead'));
      mark?.addEventListener('click', async () => {
        mark.disabled = true;
        try {
          await markRead(n);
          show();
          announce(t('notifications.marked'));
          main.focus();
        } catch (e) {
          mark.disabled = false;
          announce(t('shell.error', { message: e.message }));
        }
      });
      const link = target(n, ctx);
      return h('li', { class: n.read ? 'read' : 'unread', dataset: { notification: n.id } },
        h('h2', {}, n.read ? null : h('span', { class: 'unread-dot', 'aria-hidden': 'true' }), n.title,
          h('span', { class: 'visually-hidden' }, ` (${t(n.read ? 'notifications.read' : 'notifications.unread')})`)),
        h('p', { class: 'muted' }, h('time', { datetime: n.createdAt }, formatDateTime(n.createdAt))),
        h('p', { class: 'body' }, n.body),
        h('div', { class: 'actions' },
          link ? h('a', { href: link.href, onclick: () => (n.read ? null : markRead(n).catch(() => {})) }, link.label)
            : null,
          mark));
    };
    markAll.addEventListener('click', async () => {
      markAll.disabled = true;
      try {
        for (const n of items.filter((one) => !one.read)) {
          await markRead(n);
        }
        announce(t('notifications.allMarked'));
      } catch (e) {
        announce(t('shell.error', { message: e.message }));
      } finally {
        markAll.disabled = false;
        show();
        main.focus();
      }
    });
    show();
  },

  /** The bell in the header: a button to the inbox, its name saying how many are unread. */
  widget({ api, t, navigate }) {
    const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    const bell = h('button', { type: 'button', class: 'bell', 'aria-label': t('notifications.bell'),
      onclick: () => navigate('/notifications') }, h('img', { src: 'img/bell.svg', alt: '', width: 20, height: 20 }), badge);
    const showCount = (unread) => {
      badge.textContent = unread > 99 ? '99+' : String(unread);
      badge.hidden = unread === 0;
      bell.setAttribute('aria-label', unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell'));
      bell.dataset.unread = String(unread);
    };
    let asking = false;
    const refresh = async () => {
      if (asking || document.hidden) {
        return;
      }
      asking = true;
      try {
        const items = await api('/api/notifications') ?? [];
        showCount(items.filter((n) => !n.read).length);
      } catch {
        // the count stays as it was; the next minute asks again
      } finally {
        asking = false;
      }
    };
    window.addEventListener(CHANGED, (event) => showCount(event.detail.unread));
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', refresh);
    setInterval(refresh, REFRESH_MS);
    refresh();
    return bell;
  },
};

/** Where a notification leads in the portal: a ready export to the downloads, a portal link as is. */
function target(n, { t, href }) {
  if (n.kind?.startsWith('export-')) {
    return { href: href('/downloads'), label: t('notifications.downloads') };
  }
  if (typeof n.link === 'string' && n.link.startsWith('#/')) {
    return { href: n.link, label: t('notifications.open') };
  }
  return null;
}
