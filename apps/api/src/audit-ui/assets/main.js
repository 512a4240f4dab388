import { ApiError, apiGet, download, normalizeToken, pageConfig, tokenStore } from './api.js';
import { el, utc } from './dom.js';
import { startOidc } from './sign-in.js';
import { renderTimeline } from './timeline.js';
import { filterParams, renderTrail, renderTypeFilter } from './trail.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 100;
const EXTENSIONS = { json: 'json', csv: 'csv', odm: 'xml' };
// filters: those the table shows, which the exports then use, rather than a form edited but not applied.
const state = { offset: 0, nctId: null, filters: {} };
// Set in the OpenID Connect mode: a 401 there means the sign-in has expired, and the page asks for a new one.
let onUnauthorized = null;

const say = (text, isError = false) => {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
};

const explain = (error) => {
  if (!(error instanceof ApiError)) return `Request failed: ${error.message}`;
  if (error.status === 401) return `The token was refused: ${error.message}`;
  if (error.status === 403) return `This token's role may not read that: ${error.message}`;
  return `${error.status}: ${error.message}`;
};

/** Runs an action and reports its failure in the status line instead of the console. */
const guarded =
  (action) =>
  async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && onUnauthorized) onUnauthorized();
      else say(explain(error), true);
    }
  };

const trialRow = (trial) =>
  el('tr', { 'data-nct-id': trial.nctId }, [
    el('td', {}, [el('button', { type: 'button', class: 'link', 'data-open': trial.nctId }, [trial.nctId])]),
    el('td', {}, [trial.title]),
    el('td', {}, [trial.status]),
    el('td', { class: 'num' }, [String(trial.siteCount)]),
    el('td', { class: 'num' }, [String(trial.revision)]),
    el('td', { class: 'nowrap' }, [utc(trial.updatedAt)]),
  ]);

const loadTrials = guarded(async (append = false) => {
  state.offset = append ? state.offset + PAGE_SIZE : 0;
  const page = await apiGet('/trials', { limit: PAGE_SIZE, offset: state.offset });
  const rows = page.items.map(trialRow);
  if (append) $('trials').tBodies[0].append(...rows);
  else $('trials').tBodies[0].replaceChildren(...rows);
  $('more-trials').hidden = state.offset + page.items.length >= page.total;
  say(`${page.total} trial(s).`);
});

const showTimeline = (nctId, entries) => {
  const chart = renderTimeline(nctId, entries);
  $('timeline').replaceChildren(chart ?? el('p', { class: 'muted' }, ['No status recorded yet.']));
};

const loadTrail = guarded(async () => {
  const nctId = state.nctId;
  const filters = filterParams($('filters'));
  const history = await apiGet(`/trials/${encodeURIComponent(nctId)}/history`, filters);
  state.filters = filters;
  renderTrail($('trail').tBodies[0], history.entries);
  $('trail-count').textContent = `${history.entries.length} entr${history.entries.length === 1 ? 'y' : 'ies'} shown.`;
});

const openTrial = guarded(async (nctId) => {
  state.nctId = nctId;
  // The chart always shows the whole history; the filters narrow only the table and the exports.
  const history = await apiGet(`/trials/${encodeURIComponent(nctId)}/history`);
  const row = document.querySelector(`tr[data-nct-id="${CSS.escape(nctId)}"]`);
  $('trial-heading').textContent = nctId;
  $('trial-title').textContent = row?.cells[1]?.textContent ?? '';
  $('trial-section').hidden = false;
  showTimeline(nctId, history.entries);
  $('filters').reset();
  renderTypeFilter($('type-filter'), history.entries);
  await loadTrail();
  say(`${nctId}: ${history.entries.length} event(s) recorded.`);
});

const exportTrail = guarded(async (format) => {
  const nctId = state.nctId;
  const params = { ...state.filters, format };
  await download(`/trials/${encodeURIComponent(nctId)}/history/export`, params, `${nctId}-audit-trail.${EXTENSIONS[format]}`);
  say(`Exported ${nctId} as ${format.toUpperCase()}.`);
});

// Everything the last token read leaves the page with it, hidden or not: the next person may sign in as someone else.
const clearData = () => {
  $('trials').tBodies[0].replaceChildren();
  $('trail').tBodies[0].replaceChildren();
  $('timeline').replaceChildren();
  $('more-trials').hidden = true;
  $('trial-section').hidden = true;
  state.nctId = null;
};

const startTokenMode = () => {
  $('token-form').hidden = false;
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = normalizeToken($('token').value);
    if (!token) return say('Paste a token first.', true);
    tokenStore.set(token);
    $('token').value = '';
    loadTrials();
  });
  $('forget-token').addEventListener('click', () => {
    tokenStore.clear();
    clearData();
    say('Token forgotten.');
  });
  if (tokenStore.get()) loadTrials();
  else say('Paste a bearer token (role auditor or operator) to begin.');
};

const wire = () => {
  $('more-trials').addEventListener('click', () => loadTrials(true));
  $('trials').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-open]');
    if (button) openTrial(button.dataset.open);
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    loadTrail();
  });
  $('clear-filters').addEventListener('click', () => {
    $('filters').reset();
    loadTrail();
  });
  document
    .querySelectorAll('button[data-format]')
    .forEach((button) => button.addEventListener('click', () => exportTrail(button.dataset.format)));
};

const start = async () => {
  wire();
  const config = await pageConfig();
  if (config.mode !== 'oidc') return startTokenMode();
  await startOidc(config, {
    say,
    signedIn: () => loadTrials(),
    signedOut: clearData,
    onUnauthorized: (hook) => {
      onUnauthorized = hook;
    },
  });
};

start().catch((error) => say(`The page could not start: ${error.message}`, true));
