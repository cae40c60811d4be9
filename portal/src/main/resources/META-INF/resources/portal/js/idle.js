// The session countdown: always visible in the header, a warning dialog before the end with
// "stay signed in", then sign-out. Activity is the person's own input (keys, pointer, wheel,
// touch); polling by the screens does not count. While the warning is open only its button
// counts, so a stray mouse move does not silently keep an unattended session open.
import { h } from './dom.js';
import { t } from './i18n.js';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'];

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Starts watching. {@code timer} is the header's element; {@code onActive} is called at most once a
 * minute while the person is active (to renew tokens); {@code onTimeout} when the time is up.
 */
export function watchIdle({ timeoutSeconds, warningSeconds, timer, onActive, onTimeout }) {
  let lastActivity = Date.now();
  let lastActiveCall = 0;
  let ended = false;

  const countdown = h('strong', { class: 'idle-countdown' });
  const stay = h('button', { type: 'button', class: 'primary', onclick: () => keepAlive() }, t('shell.staySignedIn'));
  const dialog = h('dialog', { class: 'idle-dialog', role: 'alertdialog', 'aria-labelledby': 'idle-title',
    'aria-describedby': 'idle-text', dataset: { testid: 'idle-dialog' } },
  h('h2', { id: 'idle-title' }, t('shell.idleTitle')),
  h('p', { id: 'idle-text' }, countdown),
  h('div', { class: 'actions' }, stay));
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault(); // Escape means "I am here"
    keepAlive();
  });
  document.body.append(dialog);

  function keepAlive() {
    lastActivity = Date.now();
    if (dialog.open) {
      dialog.close();
    }
    activeNow();
  }

  function activeNow() {
    if (Date.now() - lastActiveCall > 60_000) {
      lastActiveCall = Date.now();
      Promise.resolve(onActive()).catch(() => {});
    }
  }

  const onActivity = () => {
    if (!dialog.open && !ended) {
      lastActivity = Date.now();
      activeNow();
    }
  };
  for (const type of ACTIVITY) {
    window.addEventListener(type, onActivity, { passive: true, capture: true });
  }

  function tick() {
    if (ended) {
      return;
    }
    const left = timeoutSeconds - (Date.now() - lastActivity) / 1000;
    timer.textContent = t('shell.sessionLeft', { time: clock(left) });
    timer.setAttribute('aria-label', t('shell.sessionLeftLabel', { time: clock(left) }));
    if (left <= 0) {
      ended = true;
      if (dialog.open) {
        dialog.close();
      }
      onTimeout();
      return;
    }
    if (left <= warningSeconds) {
      countdown.textContent = t('shell.idleText', { time: clock(left) });
      if (!dialog.open) {
        dialog.showModal();
        stay.focus();
      }
    }
  }
  tick();
  setInterval(tick, 1000);
}
