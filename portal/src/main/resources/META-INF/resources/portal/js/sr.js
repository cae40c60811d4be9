// A DICOM Structured Report as text (PS3.3 C.17.3): the document title, then its content tree —
// headings for containers, "concept: value" lines for TEXT, CODE, NUM, DATE, TIME, DATETIME,
// PNAME and UIDREF items. Built as DOM (text nodes only).
import { h } from './dom.js';
import { formatDate, formatName } from './format.js';

const CONCEPT = '0040A043';
const MEANING = '00080104';
const CONTENT = '0040A730';
const VALUE_TYPE = '0040A040';

function first(item, tag) {
  return item?.[tag]?.Value?.[0];
}

function concept(item) {
  return first(first(item, CONCEPT), MEANING) ?? '';
}

function valueOf(item) {
  switch (first(item, VALUE_TYPE)) {
    case 'TEXT': return first(item, '0040A160');
    case 'CODE': return first(first(item, '0040A168'), MEANING);
    case 'NUM': {
      const measured = first(item, '0040A300');
      const unit = first(first(measured, '004008EA'), '00080100');
      return [first(measured, '0040A30A'), unit && unit !== '1' ? unit : ''].filter((v) => v !== undefined && v !== '').join(' ');
    }
    case 'DATE': return formatDate(first(item, '0040A121'));
    case 'TIME': return first(item, '0040A122');
    case 'DATETIME': return first(item, '0040A120');
    case 'PNAME': return formatName(first(item, '0040A123'));
    case 'UIDREF': return first(item, '0040A124');
    default: return undefined;
  }
}

/** The report's DOM: {@code dataset} is the instance's WADO-RS metadata (DICOM JSON). */
export function srAsText(dataset, level = 3) {
  const children = (dataset[CONTENT]?.Value ?? []).map((item) => node(item, level + 1));
  return h('article', { class: 'sr' }, h(`h${Math.min(level, 6)}`, {}, concept(dataset) || 'Compte rendu'), children);
}

function node(item, level) {
  if (first(item, VALUE_TYPE) === 'CONTAINER') {
    return h('section', {}, h(`h${Math.min(level, 6)}`, {}, concept(item)),
      (item[CONTENT]?.Value ?? []).map((child) => node(child, level + 1)));
  }
  const value = valueOf(item);
  const nested = (item[CONTENT]?.Value ?? []).map((child) => node(child, level + 1));
  if (value === undefined && !nested.length) {
    return null;
  }
  const name = concept(item);
  return h('div', { class: 'sr-item' },
    first(item, VALUE_TYPE) === 'TEXT' && name
      ? [h('p', { class: 'sr-concept' }, name), h('p', { class: 'sr-text' }, value)]
      : h('p', {}, name ? h('span', { class: 'sr-concept' }, `${name} : `) : null, value ?? ''),
    nested);
}
