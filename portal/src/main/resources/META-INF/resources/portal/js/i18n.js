// The portal's texts: French by default, English on request (kept in localStorage). The shell's
// texts are here; each screen brings its own (screen.texts), registered under the screen's id.

const STORAGE_KEY = 'iris.language';
export const LANGUAGES = ['fr', 'en'];

const dictionaries = {
  fr: {
    shell: {
      skip: 'Aller au contenu',
      loading: 'Chargement…',
      brand: 'Iris — imagerie partagée',
      mainNav: 'Navigation principale',
      otherLanguage: 'English',
      otherLanguageLabel: 'Switch to English',
      signOut: 'Se déconnecter',
      signIn: 'Se connecter',
      account: 'Mon compte',
      sessionLeft: 'Session : {time}',
      sessionLeftLabel: 'Temps restant avant déconnexion automatique : {time}',
      idleTitle: 'Votre session va expirer',
      idleText: 'Sans activité, vous serez déconnecté dans {time}.',
      staySignedIn: 'Rester connecté',
      signedOutIdle: 'Vous avez été déconnecté après {minutes} minutes d’inactivité.',
      signedOut: 'Vous êtes déconnecté.',
      notFound: 'Page introuvable.',
      forbidden: 'Cette page n’est pas disponible pour votre compte.',
      error: 'Une erreur est survenue : {message}',
      retry: 'Réessayer',
      back: 'Retour',
      close: 'Fermer',
    },
  },
  en: {
    shell: {
      skip: 'Skip to content',
      loading: 'Loading…',
      brand: 'Iris — shared imaging',
      mainNav: 'Main navigation',
      otherLanguage: 'Français',
      otherLanguageLabel: 'Passer en français',
      signOut: 'Sign out',
      signIn: 'Sign in',
      account: 'My account',
      sessionLeft: 'Session: {time}',
      sessionLeftLabel: 'Time left before automatic sign-out: {time}',
      idleTitle: 'Your session is about to end',
      idleText: 'Without activity, you will be signed out in {time}.',
      staySignedIn: 'Stay signed in',
      signedOutIdle: 'You were signed out after {minutes} minutes without activity.',
      signedOut: 'You are signed out.',
      notFound: 'Page not found.',
      forbidden: 'This page is not available to your account.',
      error: 'Something went wrong: {message}',
      retry: 'Try again',
      back: 'Back',
      close: 'Close',
    },
  },
};

export function language() {
  const chosen = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.includes(chosen) ? chosen : 'fr';
}

export function setLanguage(lang) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

/** Adds a screen's texts ({fr: {...}, en: {...}}) under {@code namespace}. */
export function register(namespace, texts) {
  for (const lang of LANGUAGES) {
    dictionaries[lang][namespace] = texts?.[lang] ?? texts?.fr ?? {};
  }
}

/** The text of {@code key} ("shell.signOut"), its {placeholders} filled from {@code values}; French when missing. */
export function t(key, values = {}) {
  const text = lookup(dictionaries[language()], key) ?? lookup(dictionaries.fr, key) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function lookup(dictionary, key) {
  let node = dictionary;
  for (const part of key.split('.')) {
    node = node?.[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Fills every [data-i18n] element of the static page with its text. */
export function translateStatic(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
}
