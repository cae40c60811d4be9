// Dates and names the French way (the English portal keeps day-first dates: en-GB).
import { language } from './i18n.js';

const locales = { fr: 'fr-FR', en: 'en-GB' };

function locale() {
  return locales[language()] ?? 'fr-FR';
}

/** A Date from a DICOM DA (yyyyMMdd), an ISO date (yyyy-MM-dd) or an ISO instant; null when absent or bad. */
export function toDate(value) {
  if (!value) {
    return null;
  }
  const dicom = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (dicom) {
    return new Date(Number(dicom[1]), Number(dicom[2]) - 1, Number(dicom[3]));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) {
    return new Date(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 07/12/2026 */
export function formatDate(value) {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date) : '';
}

/** 07/12/2026 14:05 */
export function formatDateTime(value) {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' }).format(date) : '';
}

/** A DICOM TM (HHmmss.ffffff) as 14:05. */
export function formatTime(value) {
  const time = /^(\d{2})(\d{2})?/.exec(value ?? '');
  return time ? `${time[1]}:${time[2] ?? '00'}` : '';
}

/**
 * A person's name the French way: family name in capitals, then the given names ("DUPONT Jean").
 * Takes a DICOM PN (Family^Given^Middle^Prefix^Suffix, or its JSON form {Alphabetic}) or
 * separate family and given names.
 */
export function formatName(name, given) {
  if (name && typeof name === 'object') {
    name = name.Alphabetic ?? '';
  }
  let family = name ?? '';
  let givens = given ?? '';
  if (given === undefined && family.includes('^')) {
    const parts = family.split('^');
    family = parts[0];
    givens = [parts[1], parts[2]].filter(Boolean).join(' ');
  }
  return [family.trim().toLocaleUpperCase('fr-FR'), givens.trim()].filter(Boolean).join(' ');
}

/** 1,5 Mo / 1.5 MB */
export function formatSize(bytes) {
  if (bytes === null || bytes === undefined) {
    return '';
  }
  const units = language() === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}

/** A whole number with the locale's grouping (1 234). */
export function formatCount(n) {
  return new Intl.NumberFormat(locale()).format(n);
}
