// The status page. It calls the same JSON API as any other caller, with the key the user typed in,
// so the key's role and tenant scope apply. Everything that comes from the API is put on the page
// with textContent and DOM calls, never as markup: a display name or error summary is only text.
// Over 300 lines because the accounts' rows, their refresh and their history share one state;
// times are in times.js.
'use strict';

(() => {
  const KEY_STORAGE = 'connection-status.api-key';

  // The channels' display names come from the service (Core's ChannelNames), so the page and the API name them alike.
  const CHANNELS = JSON.parse(document.body.dataset.channelNames || '{}');
  // since: the word before "for 3 h, since 09:14"; a stale account's time is the start of its silence.
  const STATUSES = {
    connected: { text: 'Connected', mark: '\u2713', css: 'badge-green', since: 'Connected' },
    error: { text: 'Error', mark: '\u2715', css: 'badge-red', since: 'Error' },
    disconnected: { text: 'Disconnected', mark: '\u2298', css: 'badge-grey', since: 'Disconnected' },
    stale: { text: 'Stale', mark: '\u25f7', css: 'badge-stale', since: 'Silent' },
  };
  const SUMMARY_BADGES = {
    green: { text: 'Green: all healthy', css: 'badge-green' },
    yellow: { text: 'Yellow: degraded', css: 'badge-yellow' },
    red: { text: 'Red: needs attention', css: 'badge-red' },
  };
  const CATEGORIES = {
    auth_error: 'Authorization error', webhook_error: 'Webhook error', rate_limit: 'Rate limited', unknown: 'Unknown error',
  };
  const SOURCES = { connector: 'connector', queue: 'queue', probe: 'probe', silence: 'no report (silence)' };
  const HISTORY_COLUMNS = ['When', 'Change', 'Error', 'Source'];
  const COLUMNS = ['Channel', 'Account', 'Status', 'Since', 'Last checked', 'Last error', 'Recommended action', 'History'];
  // The filters as the page's address and the API both name them.
  const FILTERS = [
    { id: 'search', param: 'q' },
    { id: 'channel', param: 'channel' },
    { id: 'status', param: 'status' },
    { id: 'category', param: 'errorCategory' },
  ];
  const REFRESH_EVERY = 30_000;
  const TICK_EVERY = 15_000;
  const { timeElement, sinceElement } = window.StatusTimes;
  const updatedClock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  const state = {
    tenant: '',
    // Continuation tokens of the pages seen so far: tokens[i] fetches page i + 1 (null for the first).
    tokens: [null],
    page: 0,
    nextToken: null,
    // Each shown account's fingerprint at the last answer, to mark what a refresh changed.
    seen: new Map(),
    refreshTimer: 0,
  };

  // ---- the key, for this tab only ----
  const getKey = () => sessionStorage.getItem(KEY_STORAGE);
  const setKey = (key) => sessionStorage.setItem(KEY_STORAGE, key);
  const clearKey = () => sessionStorage.removeItem(KEY_STORAGE);

  function showMessage(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = kind === 'info' ? 'message info' : 'message';
    box.hidden = false;
  }

  function clearMessage() {
    $('message').hidden = true;
    $('message').textContent = '';
  }

  function showSignIn(focus) {
    $('sign-in').hidden = false;
    $('session').hidden = true;
    $('api-key').value = '';
    if (focus) $('api-key').focus();
  }

  function showSignedIn() {
    $('sign-in').hidden = true;
    $('session').hidden = false;
    $('tenant-view').hidden = false;
  }

  // ---- the API ----
  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && problem.title ? problem.title : 'HTTP ' + status);
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(path) {
    let response;
    try {
      response = await fetch(path, {
        headers: { 'X-Api-Key': getKey() || '', Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, null);
    }

    if (response.ok) return response.json();
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }

  const tenantPath = (tenant) => '/api/tenants/' + encodeURIComponent(tenant);

  /** What a failed call means to the person at the page, and whether they should sign in again. */
  function explain(error, tenant) {
    switch (error.status) {
      case 0: return { text: 'The service could not be reached. Check that it is running, then try again.' };
      case 401: return { text: 'The API key was not accepted: it is wrong or no longer valid. Enter the key again.', signIn: true };
      case 403: return { text: 'This API key is not allowed to read tenant \u201c' + tenant + '\u201d. Choose another tenant, or sign in with another key.', signIn: true };
      case 400: {
        const errors = error.problem && error.problem.errors ? Object.values(error.problem.errors).flat() : [];
        return { text: errors.length > 0 ? errors.join(' ') : 'The service could not read this request.' };
      }
      case 429: return { text: 'Too many requests with this key or from this address. Wait a moment, then try again.' };
      case 503: return { text: 'The service\u2019s storage is unavailable. Try again in a moment.' };
      default: return { text: 'The service answered ' + error.status + (error.problem && error.problem.title ? ': ' + error.problem.title : '.') };
    }
  }

  function fail(error, tenant) {
    const { text, signIn } = explain(error, tenant);
    showMessage(text);
    if (error.status === 401) clearKey();
    if (signIn) showSignIn(true);
  }

  function badge(text, css, title) {
    const span = el('span', 'badge ' + css, text);
    if (title) span.title = title;
    return span;
  }

  // ---- the summary ----
  function renderSummary(summary) {
    const look = SUMMARY_BADGES[summary.badge] || { text: String(summary.badge), css: 'badge-grey' };
    const badgeNode = $('summary-badge');
    badgeNode.textContent = look.text;
    badgeNode.className = 'badge ' + look.css;
    badgeNode.dataset.badge = summary.badge;
    $('summary-text').textContent = summary.statusText;
    $('summary-score').textContent = 'Health score ' + summary.healthScore + ' of 100 \u00b7 ' + summary.total + ' accounts';
    $('summary').hidden = false;
  }

  // ---- the accounts ----
  function statusCell(item) {
    const cell = el('td', 'status');
    const look = STATUSES[item.status] || { text: String(item.status), mark: '?', css: 'badge-grey' };
    const status = badge(look.mark + ' ' + look.text, look.css);
    status.dataset.status = item.status;
    cell.append(status);
    if (item.isFlapping) {
      const flapping = badge('\u21af Flapping', 'badge-yellow', 'Keeps switching between connected and error');
      flapping.classList.add('flapping');
      cell.append(flapping);
    }
    if (item.healthState && item.healthState !== 'healthy') {
      cell.append(el('div', 'muted', 'Health ' + item.healthScore + ' (' + item.healthState.replaceAll('_', ' ') + ')'));
    }
    return cell;
  }

  // An account's or a status change's error: category, code and summary, or a dash when there is none.
  function errorDetails(cell, record) {
    if (!record.errorCategory && !record.errorSummary) {
      cell.append(el('span', 'muted', '\u2014'));
      return false;
    }
    const head = el('div');
    head.append(el('span', 'error-category', CATEGORIES[record.errorCategory] || record.errorCategory || 'Error'));
    if (record.errorCode) {
      head.append(' ');
      head.append(el('code', 'error-code', record.errorCode));
    }
    cell.append(head);
    if (record.errorSummary) cell.append(el('div', 'error-summary', record.errorSummary));
    return true;
  }

  function errorCell(item) {
    const cell = el('td', 'error');
    if (errorDetails(cell, item) && item.status !== 'error' && item.lastErrorAt) {
      const earlier = el('div', 'muted', 'Resolved; last error ');
      earlier.append(timeElement(item.lastErrorAt));
      cell.append(earlier);
    }
    return cell;
  }

  function safeLink(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function actionCell(item) {
    const cell = el('td', 'action');
    if (!item.recommendedAction) {
      cell.append(el('span', 'muted', '\u2014'));
      return cell;
    }
    cell.append(el('div', 'action-text', item.recommendedAction));
    const link = item.runbookUrl ? safeLink(item.runbookUrl) : null;
    if (link) {
      const anchor = el('a', 'runbook', 'Runbook');
      anchor.href = link;
      anchor.rel = 'noopener noreferrer';
      anchor.target = '_blank';
      cell.append(anchor);
    }
    return cell;
  }

  // When the account's trouble began (the API's attentionSince once it has it), else its last status change.
  function sinceCell(item) {
    const cell = el('td', 'since-cell');
    const look = STATUSES[item.status];
    const flapping = item.isFlapping && item.status === 'connected';
    let at = item.status === 'stale' ? item.lastCheckedAt : item.statusChangedAt;
    if (item.needsAttention && item.attentionSince) at = item.attentionSince;
    if (!at || !look) {
      cell.append(el('span', 'muted', '\u2014'));
      return cell;
    }
    const problem = item.status !== 'connected' || flapping;
    cell.append(sinceElement(flapping ? 'Flapping' : look.since, at, problem));
    return cell;
  }

  function accountRow(item, index) {
    const row = el('tr');
    row.dataset.account = item.channelAccountId;
    if (item.needsAttention) row.classList.add('attention');

    row.append(el('td', 'channel', CHANNELS[item.channel] || item.channel));

    const account = el('td', 'account');
    account.append(el('div', 'account-name', item.displayName || item.channelAccountId));
    account.append(el('div', 'account-id', item.channelAccountId));
    if (item.needsAttention) account.append(el('div', 'visually-hidden', 'Needs attention'));
    row.append(account);

    row.append(statusCell(item));
    row.append(sinceCell(item));

    const checked = el('td', 'checked');
    checked.append(timeElement(item.lastCheckedAt));
    row.append(checked);

    row.append(errorCell(item));
    row.append(actionCell(item));

    const historyCell = el('td', 'history-cell');
    const button = el('button', 'history-toggle');
    button.type = 'button';
    button.dataset.name = item.displayName || item.channelAccountId;
    button.setAttribute('aria-controls', 'history-' + index);
    setHistoryButton(button, false);
    button.addEventListener('click', () => toggleHistory(row, button, item, 'history-' + index));
    historyCell.append(button);
    row.append(historyCell);
    // Labels for the card layout of narrow screens, where the table's head is not shown.
    [...row.children].forEach((cell, i) => { cell.dataset.label = COLUMNS[i]; });
    return row;
  }

  // The name says what the button shows and does, so a screen reader and the eye agree.
  function setHistoryButton(button, open) {
    const verb = open ? 'Hide history' : 'Show history';
    button.textContent = verb;
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', verb + ' of ' + button.dataset.name);
  }

  const fingerprint = (item) => JSON.stringify([item.status, item.healthState, item.needsAttention, item.isFlapping,
    item.errorCategory, item.errorCode, item.errorSummary, item.statusChangedAt, item.attentionSince]);

  // A refresh keeps what the reader had open: histories stay open and focus stays on the same control.
  function replaceRows(rows, newRows) {
    const open = new Map();
    for (const button of rows.querySelectorAll('.history-toggle[aria-expanded="true"]')) {
      const detail = document.getElementById(button.getAttribute('aria-controls'));
      if (detail) open.set(button.closest('tr').dataset.account, detail);
    }
    const active = document.activeElement;
    const activeRow = active && rows.contains(active) ? active.closest('tr[data-account]') : null;
    const focus = activeRow ? { account: activeRow.dataset.account, css: active.classList[0] } : null;

    rows.replaceChildren(...newRows);
    for (const row of newRows) {
      const detail = open.get(row.dataset.account);
      if (!detail) continue;
      const button = row.querySelector('.history-toggle');
      detail.id = button.getAttribute('aria-controls');
      row.after(detail);
      setHistoryButton(button, true);
    }
    if (active && active.isConnected && rows.contains(active)) {
      active.focus();
    } else if (focus && focus.css) {
      const again = newRows.find((r) => r.dataset.account === focus.account);
      const target = again && again.querySelector('.' + focus.css);
      if (target) target.focus();
    }
  }

  // One banner per channel with a provider outage that has accounts on the page, from the list's
  // providerOutages: every reader gets them, where /api/channels/health is for support and admin keys only.
  function renderOutages(list) {
    const shown = new Set(list.items.map((item) => item.channel));
    const channels = (list.providerOutages || []).filter((channel) => shown.has(channel)).sort();
    $('outages').replaceChildren(...channels.map((channel) => {
      const banner = el('p', 'outage');
      banner.dataset.channel = channel;
      banner.append(el('strong', null, (CHANNELS[channel] || channel) + ' is having a provider outage.'));
      banner.append(' Its accounts may fail until the provider recovers; reconnecting them will not help.');
      return banner;
    }));
  }

  function renderList(list, refreshed) {
    const newRows = list.items.map(accountRow);
    const seen = new Map(list.items.map((item) => [item.channelAccountId, fingerprint(item)]));
    if (refreshed) {
      list.items.forEach((item, i) => {
        if (state.seen.get(item.channelAccountId) === seen.get(item.channelAccountId)) return;
        newRows[i].classList.add('changed');
        newRows[i].querySelector('.account').append(el('div', 'visually-hidden', 'Changed since the last refresh'));
      });
    }
    state.seen = seen;
    replaceRows($('rows'), newRows);
    renderOutages(list);
    $('connections').hidden = list.items.length === 0;
    $('results-title').textContent = 'Accounts of ' + state.tenant;
    $('connections-caption').textContent = 'Channel accounts of ' + state.tenant +
      ($('needs-attention').checked ? ' that need attention' : '') + ', page ' + (state.page + 1);

    const empty = $('empty');
    if (list.items.length === 0) {
      empty.textContent = $('needs-attention').checked
        ? (list.continuationToken ? 'No account on this page needs attention; there are more pages.' : 'No account needs attention.')
        : 'This tenant has no accounts yet.';
      empty.hidden = false;
    } else {
      empty.hidden = true;
    }

    const unreadable = $('unreadable');
    if (list.unreadable && list.unreadable.length > 0) {
      unreadable.textContent = 'Rows that cannot be read (edited by hand?): ' +
        list.unreadable.map((u) => u.channelAccountId + ' (' + u.reason + ')').join('; ');
      unreadable.hidden = false;
    } else {
      unreadable.hidden = true;
    }

    state.nextToken = list.continuationToken || null;
    $('pager').hidden = state.page === 0 && !state.nextToken;
    $('prev-page').disabled = state.page === 0;
    $('next-page').disabled = !state.nextToken;
    $('page-label').textContent = 'Page ' + (state.page + 1) + (typeof list.total === 'number' ? ' of ' + list.total + ' accounts' : '');
  }

  // ---- a row's history ----
  async function toggleHistory(row, button, item, id) {
    const open = button.getAttribute('aria-expanded') === 'true';
    const existing = document.getElementById(id);
    if (open) {
      if (existing) existing.remove();
      setHistoryButton(button, false);
      return;
    }

    const detail = el('tr', 'history-row');
    detail.id = id;
    const cell = el('td', 'history');
    cell.colSpan = COLUMNS.length;
    cell.append(el('p', 'muted', 'Loading history\u2026'));
    detail.append(cell);
    row.after(detail);
    setHistoryButton(button, true);

    const path = tenantPath(state.tenant) + '/connections/' + encodeURIComponent(item.channelAccountId) + '/history?pageSize=20';
    try {
      renderHistory(cell, item, await api(path));
    } catch (error) {
      cell.replaceChildren(el('p', 'history-unavailable', historyProblem(error)));
      if (error.status === 401 || error.status === 403) fail(error, state.tenant);
    }
  }

  function historyProblem(error) {
    // A service without the history route answers 404 too: say so plainly rather than fail.
    if (error.status === 404 || error.status === 405) {
      return 'No history is available for this account.';
    }
    return 'History could not be loaded: ' + explain(error, state.tenant).text;
  }

  function renderHistory(cell, item, history) {
    const items = history && Array.isArray(history.items) ? history.items : [];
    const title = el('h3', null, 'Recent status changes of ' + (item.displayName || item.channelAccountId));
    if (items.length === 0) {
      cell.replaceChildren(title, el('p', 'muted', 'No status changes recorded yet.'));
      return;
    }

    const table = el('table', 'history-table');
    const head = el('thead');
    const headRow = el('tr');
    for (const name of HISTORY_COLUMNS) {
      const th = el('th', null, name);
      th.scope = 'col';
      headRow.append(th);
    }
    head.append(headRow);
    const body = el('tbody');
    for (const change of items) {
      const tr = el('tr');
      const when = el('td');
      when.append(timeElement(change.at));
      tr.append(when);

      const what = el('td', 'change');
      const from = STATUSES[change.from];
      const to = STATUSES[change.to] || { text: String(change.to), mark: '?', css: 'badge-grey' };
      what.append(el('span', 'muted', from ? from.text + ' \u2192 ' : 'First seen: '));
      what.append(badge(to.mark + ' ' + to.text, to.css));
      tr.append(what);

      const error = el('td', 'error');
      errorDetails(error, change);
      tr.append(error);
      tr.append(el('td', null, SOURCES[change.source] || change.source || ''));
      [...tr.children].forEach((td, i) => { td.dataset.label = HISTORY_COLUMNS[i]; });
      body.append(tr);
    }
    table.append(head, body);
    const parts = [title, table];
    if (history.continuationToken) parts.push(el('p', 'muted', 'Showing the 20 most recent changes.'));
    cell.replaceChildren(...parts);
  }

  // ---- loading a tenant, and keeping it current ----
  let loadGeneration = 0;

  function filterParams() {
    const params = new URLSearchParams();
    for (const filter of FILTERS) {
      const value = $(filter.id).value.trim();
      if (value) params.set(filter.param, value);
    }
    if ($('needs-attention').checked) params.set('needsAttention', 'true');
    return params;
  }

  function clearView() {
    loadGeneration += 1;
    window.clearTimeout(state.refreshTimer);
    state.seen = new Map();
    $('summary').hidden = true;
    $('updated').hidden = true;
    $('connections').hidden = true;
    $('rows').replaceChildren();
    $('outages').replaceChildren();
    $('empty').hidden = true;
    $('unreadable').hidden = true;
    $('pager').hidden = true;
  }

  // Every 30 s while the tab is visible; a hidden tab waits, and refreshes as soon as it is shown again.
  function scheduleRefresh() {
    window.clearTimeout(state.refreshTimer);
    state.refreshTimer = window.setTimeout(() => {
      if (document.visibilityState === 'visible') load({ refreshed: true });
    }, REFRESH_EVERY);
  }

  async function load({ refreshed = false, focusResults = false } = {}) {
    const tenant = state.tenant;
    if (!tenant || !getKey()) return;
    const generation = ++loadGeneration;
    window.clearTimeout(state.refreshTimer);
    const results = $('results');
    results.setAttribute('aria-busy', 'true');
    if (!refreshed) clearMessage();

    const query = filterParams();
    query.set('pageSize', $('page-size').value);
    const token = state.tokens[state.page];
    if (token) query.set('continuationToken', token);

    try {
      const [summary, list] = await Promise.all([
        api(tenantPath(tenant) + '/connection-summary'),
        api(tenantPath(tenant) + '/connections?' + query.toString()),
      ]);
      // A slower answer for a tenant the user has since left is dropped.
      if (generation !== loadGeneration) return;
      if (refreshed) clearMessage();
      renderSummary(summary);
      renderList(list, refreshed);
      $('updated').textContent = 'Updated ' + updatedClock.format(new Date());
      $('updated').hidden = false;
      if (focusResults) $('results-title').focus();
      scheduleRefresh();
    } catch (error) {
      if (generation !== loadGeneration) return;
      if (refreshed && error.status !== 401 && error.status !== 403) {
        // A failed refresh keeps the last rows (their "Updated" time says how old they are) and tries again.
        showMessage(explain(error, tenant).text);
        scheduleRefresh();
        return;
      }
      clearView();
      fail(error, tenant);
    } finally {
      if (generation === loadGeneration) results.setAttribute('aria-busy', 'false');
    }
  }

  function startOver(options) {
    state.tokens = [null];
    state.page = 0;
    state.nextToken = null;
    state.seen = new Map();
    const url = new URL(window.location.href);
    url.search = '';
    if (state.tenant) url.searchParams.set('tenant', state.tenant);
    for (const [name, value] of filterParams()) url.searchParams.set(name, value);
    window.history.replaceState(null, '', url.pathname + url.search);
    return load(options);
  }

  function fillOptions(select, entries) {
    for (const [value, text] of entries) {
      const option = el('option', null, text);
      option.value = value;
      select.append(option);
    }
  }

  // Escape closes the history that has focus (its button or anything in it) and returns focus to its button.
  function closeHistoryOnEscape(event) {
    if (event.key !== 'Escape') return;
    const active = document.activeElement;
    if (!active || !$('rows').contains(active)) return;
    const detail = active.closest('tr.history-row');
    const button = detail
      ? $('rows').querySelector('.history-toggle[aria-controls="' + detail.id + '"]')
      : active.closest('.history-toggle');
    if (!button || button.getAttribute('aria-expanded') !== 'true') return;
    const open = document.getElementById(button.getAttribute('aria-controls'));
    if (open) open.remove();
    setHistoryButton(button, false);
    button.focus();
    event.preventDefault();
  }

  function init() {
    fillOptions($('channel'), Object.entries(CHANNELS));
    fillOptions($('status'), Object.entries(STATUSES).map(([value, look]) => [value, look.text]));
    fillOptions($('category'), Object.entries(CATEGORIES));

    const params = new URLSearchParams(window.location.search);
    const tenant = params.get('tenant') || document.body.dataset.defaultTenant || '';
    $('tenant').value = tenant;
    state.tenant = tenant;
    for (const filter of FILTERS) $(filter.id).value = params.get(filter.param) || '';
    $('needs-attention').checked = params.get('needsAttention') === 'true';

    $('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) return;
      setKey(key);
      clearMessage();
      showSignedIn();
      if (state.tenant) startOver({ focusResults: true }); else $('tenant').focus();
    });

    $('change-key').addEventListener('click', () => {
      clearKey();
      clearMessage();
      // The next key may not be allowed to see this tenant: nothing of it stays on screen.
      clearView();
      showSignIn(true);
    });

    $('tenant-form').addEventListener('submit', (event) => {
      event.preventDefault();
      state.tenant = $('tenant').value.trim();
      if (!getKey()) {
        showSignIn(true);
        return;
      }
      clearView();
      startOver({ focusResults: true });
    });

    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      startOver();
    });
    for (const id of ['search', 'channel', 'status', 'category', 'needs-attention', 'page-size']) {
      $(id).addEventListener('change', () => startOver());
    }

    $('next-page').addEventListener('click', () => {
      if (!state.nextToken) return;
      state.tokens[state.page + 1] = state.nextToken;
      state.page += 1;
      state.seen = new Map();
      load({ focusResults: true });
    });

    $('prev-page').addEventListener('click', () => {
      if (state.page === 0) return;
      state.page -= 1;
      state.seen = new Map();
      load({ focusResults: true });
    });

    document.addEventListener('keydown', closeHistoryOnEscape);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && !$('summary').hidden) load({ refreshed: true });
      else window.clearTimeout(state.refreshTimer);
    });
    // Relative times move with the clock, between refreshes too.
    window.setInterval(() => window.StatusTimes.tick($('rows')), TICK_EVERY);

    $('tenant-view').hidden = false;
    if (getKey()) {
      showSignedIn();
      if (state.tenant) startOver();
    } else {
      showSignIn(true);
    }
  }

  init();
})();
