import { el, showValue, utc } from './dom.js';

/**
 * One checkbox per event type the trial's history holds (none checked means every type). Taken from the
 * history rather than listed here, so that a type added to the domain (a correction, say) is offered without
 * a change to this page; the route takes several, comma-separated in its one `type` parameter.
 */
export const renderTypeFilter = (fieldset, entries) => {
  const types = [...new Set(entries.map((entry) => entry.type))];
  fieldset.replaceChildren(
    el('legend', {}, ['Event types']),
    ...types.map((type) => el('label', { class: 'check' }, [el('input', { type: 'checkbox', name: 'type', value: type }), type])),
  );
};

const nextDay = (day) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().replace('.000Z', 'Z');
};

/**
 * The form as the history route's parameters (type, actor, from, to; see history-filter.dto.ts). The route's
 * range is half-open on the recorded time, [from, to); the form asks for whole UTC days, both included, so
 * "through" becomes the start of the next day.
 */
export const filterParams = (form) => {
  const data = new FormData(form);
  const types = data.getAll('type').map(String);
  const actor = String(data.get('actor') ?? '').trim();
  const from = String(data.get('from') ?? '');
  const to = String(data.get('to') ?? '');
  return {
    type: types.length > 0 ? types.join(',') : undefined,
    actor: actor || undefined,
    from: from ? `${from}T00:00:00Z` : undefined,
    to: to ? nextDay(to) : undefined,
  };
};

const changesCell = (changes) => {
  if (!changes || changes.length === 0) return el('td', { class: 'muted' }, ['no field changed']);
  return el('td', {}, [
    el(
      'ul',
      { class: 'changes' },
      changes.map((change) =>
        el('li', {}, [
          el('code', {}, [change.field]),
          ': ',
          el('span', { class: 'from' }, [showValue(change.from)]),
          ' → ',
          el('span', { class: 'to' }, [showValue(change.to)]),
        ]),
      ),
    ),
  ]);
};

const entryRow = (entry) =>
  el('tr', { 'data-revision': entry.revision }, [
    el('td', { class: 'num' }, [String(entry.revision)]),
    el('td', { class: 'nowrap' }, [utc(entry.recordedAt)]),
    el('td', { class: 'nowrap' }, [entry.effectiveDate ?? '—']),
    el('td', {}, [entry.type]),
    el('td', {}, [entry.actor, entry.role ? el('span', { class: 'muted' }, [` (${entry.role})`]) : null]),
    el('td', {}, [entry.reason ?? '—']),
    changesCell(entry.changes),
  ]);

/** The audit trail's rows, newest revision last as the log records them. */
export const renderTrail = (tbody, entries) => {
  tbody.replaceChildren(...entries.map(entryRow));
  if (entries.length === 0) {
    tbody.append(el('tr', {}, [el('td', { colspan: 7, class: 'muted' }, ['No entry matches these filters.'])]));
  }
};
