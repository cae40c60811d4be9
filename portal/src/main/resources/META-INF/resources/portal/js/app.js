// The portal's entry point: settings, sign-in, the shell (header, menu, header widgets, session
// countdown), then the screen of the current hash route. Screens are in screens/ (index.js).
import { loadConfig } from './config.js';
import { currentUser, signIn, signOut, renew, roles, claims, tokenSecondsLeft } from './auth.js';
import { api, dicomweb, blob, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { t, language, setLanguage, register, translateStatic, LANGUAGES } from './i18n.js';
import { current, compile, href, navigate } from './router.js';
import { watchIdle } from './idle.js';
import { formatName } from './format.js';
import screens from './screens/index.js';

const main = document.getElementById('main');
const banner = document.getElementById('banner');
const live = document.getElementById('live');
const routes = screens.map((screen) => ({ screen, match: compile(screen.route) }));
let leaving = null;
let firstScreen = true;

// The skip link's "#main" would be taken for a route (a "page not found"): it moves the focus only.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

for (const screen of screens) {
  register(screen.id, screen.texts);
}

function allowed(screen) {
  return !screen.roles || screen.roles.some((role) => roles().includes(role));
}

function announce(message) {
  live.textContent = '';
  setTimeout(() => {
    live.textContent = message;
  }, 50);
}

/** What every screen's render() receives. */
function context(params, query, signal, config) {
  return { params, query, signal, config, api, dicomweb, blob, t, href, navigate, announce, roles: roles(),
    claims: claims(), ApiError, show };
}

async function show() {
  const config = await loadConfig();
  leaving?.abort();
  const controller = new AbortController();
  leaving = controller;
  const { path, query } = current();
  if (path === '/') {
    const home = screens.find((screen) => screen.home && allowed(screen)) ?? screens.find((s) => s.nav && allowed(s));
    window.location.replace(home ? href(home.route) : '#/account');
    return;
  }
  const found = routes.map((r) => ({ screen: r.screen, params: r.match(path) })).find((r) => r.params);
  main.setAttribute('aria-busy', 'true');
  delete document.body.dataset.ready;
  markMenu(found?.screen);
  if (!found || !allowed(found.screen)) {
    document.title = 'Iris';
    replace(main, h('h1', {}, t(found ? 'shell.forbidden' : 'shell.notFound')),
      h('p', {}, h('a', { href: '#/' }, t('shell.back'))));
    finish('none');
    return;
  }
  const { screen, params } = found;
  document.body.dataset.screen = screen.id;
  document.title = `${t(`${screen.id}.title`)} — Iris`;
  main.replaceChildren();
  try {
    await screen.render(main, context(params, query, controller.signal, config));
  } catch (e) {
    if (controller.signal.aborted || e.name === 'AbortError') {
      return;
    }
    const notFound = e instanceof ApiError && e.status === 404;
    replace(main, h('h1', {}, t(notFound ? 'shell.notFound' : `${screen.id}.title`)),
      notFound ? null : h('p', { class: 'error', role: 'alert' }, t('shell.error', { message: e.message })),
      h('p', {}, h('button', { type: 'button', onclick: show }, t('shell.retry'))));
  }
  if (!controller.signal.aborted) {
    finish(screen.id);
  }
}

function finish(id) {
  main.setAttribute('aria-busy', 'false');
  document.body.dataset.ready = id;
  performance.mark(`iris:ready:${id}`);
  if (!firstScreen) {
    main.focus(); // a screen reader starts reading the new screen
  }
  firstScreen = false;
}

function markMenu(screen) {
  for (const link of banner.querySelectorAll('nav a')) {
    if (link.dataset.screen === screen?.id) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function buildShell(config) {
  const me = claims();
  const timer = h('span', { class: 'session-timer', role: 'timer', dataset: { testid: 'session-timer' } });
  const menu = screens.filter((screen) => screen.nav && allowed(screen))
    .sort((a, b) => a.nav.order - b.nav.order)
    .map((screen) => h('li', {}, h('a', { href: href(screen.nav.route ?? screen.route), dataset: { screen: screen.id } },
      t(screen.nav.label))));
  const widgets = screens.filter((screen) => screen.widget && allowed(screen))
    .map((screen) => screen.widget(context({}, new URLSearchParams(), undefined, config)));
  const other = LANGUAGES.find((lang) => lang !== language());
  replace(banner,
    h('a', { class: 'brand', href: '#/' }, h('img', { src: 'img/iris.svg', alt: '', width: 28, height: 28 }),
      h('span', {}, t('shell.brand'))),
    h('nav', { 'aria-label': t('shell.mainNav') }, h('ul', {}, menu)),
    h('div', { class: 'tools' },
      widgets,
      timer,
      h('button', { type: 'button', class: 'link', lang: other, 'aria-label': t('shell.otherLanguageLabel'),
        onclick: () => {
          setLanguage(other);
          window.location.reload();
        } }, t('shell.otherLanguage')),
      h('a', { href: '#/account', class: 'who' }, formatName(me.family_name, me.given_name) || t('shell.account')),
      h('button', { type: 'button', class: 'secondary', onclick: () => signOut('user') }, t('shell.signOut'))));
  banner.hidden = false;
  watchIdle({
    timeoutSeconds: config.idleTimeoutSeconds,
    warningSeconds: config.idleWarningSeconds,
    timer,
    onActive: () => (tokenSecondsLeft() < 300 ? renew() : null), // keeps the provider's session alive too
    onTimeout: () => signOut('idle'),
  });
}

function signedOutPage(reason, config) {
  document.title = 'Iris';
  replace(main,
    h('h1', {}, t('shell.brand')),
    h('p', { role: 'status' }, reason === 'idle'
      ? t('shell.signedOutIdle', { minutes: Math.round(config.idleTimeoutSeconds / 60) })
      : t('shell.signedOut')),
    h('p', {}, h('a', { class: 'button primary', href: '/portal/' }, t('shell.signIn'))));
  finish('signed-out');
}

async function start() {
  setLanguage(language());
  translateStatic();
  const config = await loadConfig();
  const reason = new URLSearchParams(window.location.search).get('signed-out');
  const user = await currentUser(config);
  if (!user) {
    if (reason) {
      signedOutPage(reason, config);
    } else {
      await signIn(window.location.hash || '#/');
    }
    return;
  }
  if (reason) {
    window.history.replaceState(null, '', `/portal/${window.location.hash}`);
  }
  buildShell(config);
  window.addEventListener('hashchange', show);
  await show();
}

start().catch((e) => {
  replace(main, h('p', { class: 'error', role: 'alert' }, t('shell.error', { message: e.message })));
  main.setAttribute('aria-busy', 'false');
});
