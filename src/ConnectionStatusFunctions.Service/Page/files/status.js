// The status page. It calls the same JSON API as any other caller, with the key the user typed in,
// so the key's role and tenant scope apply. Everything that comes from the API is put on the page
// with textContent and DOM calls, never as markup: a display name or error summary is only text.
'use strict';

(() => {
  const KEY_STORAGE = 'connection-status.api-key';

  // The channels' display names come from the service (Core's ChannelNames), so the page and the API name them alike.
  const CHANNELS = JSON.parse(document.body.dataset.channelNames || '{}');
  const STATUSES = {
    connected: { text: 'Connected', mark: '\u2713', css: 'badge-green' },
    error: { text: 'Error', mark: '\u2715', css: 'badge-red' },
    disconnected: { text: 'Disconnected', mark: '\u2298', css: 'badge-grey' },
    stale: { text: 'Stale', mark: '\u25f7', css: 'badge-stale' },
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

  // ---- times: relative on the page, exact on hover ----
  const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

  function relativeText(date, now) {
    const seconds = Math.round((date.getTime() - now) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 45) return 'just now';
    if (abs < 45 * 60) return relative.format(Math.round(seconds / 60), 'minute');
    if (abs < 22 * 3600) return relative.format(Math.round(seconds / 3600), 'hour');
    return relative.format(Math.round(seconds / 86400), 'day');
  }

  function timeElement(iso) {
    if (!iso) return el('span', 'muted', 'never');
    const date = new Date(iso);
    const time = el('time', null, relativeText(date, Date.now()));
    time.dateTime = iso;
    time.title = exact.format(date) + ' (' + iso + ')';
    return time;
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

    const checked = el('td', 'checked');
    checked.append(timeElement(item.lastCheckedAt));
    row.append(checked);

    row.append(errorCell(item));
    row.append(actionCell(item));

    const historyCell = el('td');
    const button = el('button', 'history-toggle', 'Show history');
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', 'history-' + index);
    button.setAttribute('aria-label', 'Show history of ' + (item.displayName || item.channelAccountId));
    button.addEventListener('click', () => toggleHistory(row, button, item, 'history-' + index));
    historyCell.append(button);
    row.append(historyCell);
    return row;
  }

  function renderList(list) {
    const rows = $('rows');
    rows.replaceChildren(...list.items.map(accountRow));
    $('connections').hidden = list.items.length === 0;
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
    $('page-label').textContent = 'Page ' + (state.page + 1);
  }

  // ---- a row's history ----
  async function toggleHistory(row, button, item, id) {
    const open = button.getAttribute('aria-expanded') === 'true';
    const existing = document.getElementById(id);
    if (open) {
      if (existing) existing.remove();
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show history';
      return;
    }

    const detail = el('tr', 'history-row');
    detail.id = id;
    const cell = el('td', 'history');
    cell.colSpan = 7;
    cell.append(el('p', 'muted', 'Loading history\u2026'));
    detail.append(cell);
    row.after(detail);
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Hide history';

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
    for (const name of ['When', 'Change', 'Error', 'Source']) {
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
      body.append(tr);
    }
    table.append(head, body);
    const parts = [title, table];
    if (history.continuationToken) parts.push(el('p', 'muted', 'Showing the 20 most recent changes.'));
    cell.replaceChildren(...parts);
  }

  // ---- loading a tenant ----
  let loadGeneration = 0;

  async function load() {
    const tenant = state.tenant;
    if (!tenant || !getKey()) return;
    const generation = ++loadGeneration;
    const results = $('results');
    results.setAttribute('aria-busy', 'true');
    clearMessage();

    const query = new URLSearchParams({ pageSize: $('page-size').value });
    if ($('needs-attention').checked) query.set('needsAttention', 'true');
    const token = state.tokens[state.page];
    if (token) query.set('continuationToken', token);

    try {
      const [summary, list] = await Promise.all([
        api(tenantPath(tenant) + '/connection-summary'),
        api(tenantPath(tenant) + '/connections?' + query.toString()),
      ]);
      // A slower answer for a tenant the user has since left is dropped.
      if (generation !== loadGeneration) return;
      renderSummary(summary);
      renderList(list);
    } catch (error) {
      if (generation !== loadGeneration) return;
      $('summary').hidden = true;
      $('connections').hidden = true;
      $('rows').replaceChildren();
      $('empty').hidden = true;
      $('pager').hidden = true;
      fail(error, tenant);
    } finally {
      if (generation === loadGeneration) results.setAttribute('aria-busy', 'false');
    }
  }

  function startOver() {
    state.tokens = [null];
    state.page = 0;
    state.nextToken = null;
    const url = new URL(window.location.href);
    url.search = '';
    if (state.tenant) url.searchParams.set('tenant', state.tenant);
    if ($('needs-attention').checked) url.searchParams.set('needsAttention', 'true');
    window.history.replaceState(null, '', url.pathname + url.search);
    return load();
  }

  function init() {
    const params = new URLSearchParams(window.location.search);
    const tenant = params.get('tenant') || document.body.dataset.defaultTenant || '';
    $('tenant').value = tenant;
    state.tenant = tenant;
    $('needs-attention').checked = params.get('needsAttention') === 'true';

    $('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) return;
      setKey(key);
      clearMessage();
      showSignedIn();
      if (state.tenant) startOver(); else $('tenant').focus();
    });

    $('change-key').addEventListener('click', () => {
      clearKey();
      clearMessage();
      showSignIn(true);
    });

    $('tenant-form').addEventListener('submit', (event) => {
      event.preventDefault();
      state.tenant = $('tenant').value.trim();
      if (!getKey()) {
        showSignIn(true);
        return;
      }
      startOver();
    });

    $('needs-attention').addEventListener('change', () => startOver());
    $('page-size').addEventListener('change', () => startOver());

    $('next-page').addEventListener('click', () => {
      if (!state.nextToken) return;
      state.tokens[state.page + 1] = state.nextToken;
      state.page += 1;
      load();
    });

    $('prev-page').addEventListener('click', () => {
      if (state.page === 0) return;
      state.page -= 1;
      load();
    });

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
