// The status page. It calls the same JSON API as any other caller, with the key the user typed in,
// so the key's role and tenant scope apply. Everything that comes from the API is put on the page
// with textContent and DOM calls, never as markup: a display name or error summary is only text.
// Over 300 lines because the tenant directory, the accounts' rows, their refresh and their history
// share one state and one address; times are in times.js.
'use strict';

(() => {
  const KEY_STORAGE = 'connection-status.api-key';

  // The channels' display names come from the service (Core's ChannelNames), so the page and the API name them alike.
  const CHANNELS = JSON.parse(document.body.dataset.channelNames || '{}');
  // since: the word before "for 3 h, since 09:14", whose time is the status's own start (statusChangedAt): for a stale
  // account, the moment its silence passed StaleAfter, which is when it became stale.
  const STATUSES = {
    connected: { text: 'Connected', mark: '\u2713', css: 'badge-green', since: 'Connected' },
    error: { text: 'Error', mark: '\u2715', css: 'badge-red', since: 'Error' },
    disconnected: { text: 'Disconnected', mark: '\u2298', css: 'badge-grey', since: 'Disconnected' },
    stale: { text: 'Stale', mark: '\u25f7', css: 'badge-stale', since: 'Stale' },
  };
  const SUMMARY_BADGES = {
    green: { text: 'Green: all healthy', css: 'badge-green' },
    yellow: { text: 'Yellow: degraded', css: 'badge-yellow' },
    red: { text: 'Red: needs attention', css: 'badge-red' },
  };
  // A tenant no account was ever written for: a mistyped id, never a green "all healthy".
  const UNKNOWN_TENANT = { text: 'Unknown tenant', mark: '?', css: 'badge-grey' };
  const FLAPPING = { text: 'Flapping', mark: '\u21af', css: 'badge-yellow' };
  const CATEGORIES = {
    auth_error: 'Authorization error', webhook_error: 'Webhook error', rate_limit: 'Rate limited', unknown: 'Unknown error',
  };
  const HEALTH_STATES = {
    healthy: 'Healthy', degraded: 'Degraded', error: 'Error', disconnected: 'Disconnected', requires_reauth: 'Needs reauthorization', stale: 'Stale',
  };
  const SOURCES = { connector: 'connector', queue: 'queue', probe: 'probe', silence: 'no report (silence)' };
  const HISTORY_COLUMNS = ['When', 'Change', 'Error', 'Source'];
  const COLUMNS = ['Channel', 'Account', 'Status', 'Since', 'Last checked', 'Last error', 'Recommended action', 'Manage'];
  // The filters as the page's address and the API both name them, and as their labels read.
  const FILTERS = [
    { id: 'search', param: 'q', label: 'Search' },
    { id: 'channel', param: 'channel', label: 'Channel' },
    { id: 'status', param: 'status', label: 'Status' },
    { id: 'category', param: 'errorCategory', label: 'Error category' },
    { id: 'health', param: 'healthState', label: 'Health' },
    { id: 'flapping', param: 'flapping', label: 'Flapping' },
  ];
  const FLAPPING_CHOICES = { true: 'Flapping only', false: 'Not flapping' };
  const DIRECTORY_COLUMNS = ['Tenant', 'Status', 'Need attention', 'Accounts'];
  const DIRECTORY_PAGE_SIZE = 50;
  // The directory's page in the address (page 2 on), so a reload or the back button returns to it.
  const DIRECTORY_PAGE_PARAM = 'tenantsPage';
  // A tenant's page of accounts (page 2 on), its rows per page (other than the default) and "all accounts" are kept
  // in the address too; without show=all a tenant opens on its accounts that need attention.
  const PAGE_PARAM = 'page';
  const PAGE_SIZE_PARAM = 'pageSize';
  const DEFAULT_PAGE_SIZE = '25';
  const SHOW_PARAM = 'show';
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
    // What the reader chose: 'attention' (the default, longest broken first) or 'all'.
    mode: 'attention',
    // The list on screen: the attention list, or all accounts (chosen, or because none needs attention). The
    // tokens below belong to it.
    kind: '',
    // The tenant, filters, mode and page size the tokens were read for: the back button to the same list keeps them.
    listKey: '',
    // Continuation tokens of the pages seen so far: tokens[i] fetches page i + 1 (null for the first).
    tokens: [null],
    page: 0,
    nextToken: null,
    // Each shown account's fingerprint at the last answer, to mark what a refresh changed, and that answer's list kind.
    seen: new Map(),
    seenKind: '',
    // The attention list's total at the last answer: a refresh that finds another one finds its page again (readList).
    total: undefined,
    // The filters as last applied (and put in the address): a refresh or the next page asks for these, never a
    // search still being typed, which would not match the continuation token either.
    filters: new URLSearchParams(),
    // What the address asks for that the page cannot honour (a parameter it does not know, one given twice, a value of
    // its own parameters that is not valid): each with the [name, value] pairs it came as, kept in the address and named
    // until cleared (see readAddress).
    addressProblems: [],
    // The page the address asked for, until the first answer shows whether it is past the last; then what the page says
    // about it ("... its last page is shown"), kept on screen through refreshes until the view changes.
    askedPage: 0,
    notice: '',
    refreshTimer: 0,
    // What the summary line says now: it is rewritten only when this changes (see renderSummary).
    summarySaid: '',
    // Per channel, whether the tenant on screen has an account of it (for the outage banners) and when that was learnt.
    channelAccounts: new Map(),
    // The directory's pages, kept as the accounts' are.
    directory: { tokens: [null], page: 0, nextToken: null },
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
  }

  // ---- the API ----
  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && problem.title ? problem.title : 'HTTP ' + status);
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(path, method = 'GET') {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { 'X-Api-Key': getKey() || '', Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, null);
    }

    // A deletion answers 204, with no body to read.
    if (response.status === 204) return null;
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
      case 403: return tenant
        ? { text: 'This API key is not allowed to read tenant \u201c' + tenant + '\u201d. Choose another tenant, or sign in with another key.', signIn: true }
        : { text: 'This API key is not allowed to list tenants. Sign in with a support, admin or tenant_admin key.', signIn: true };
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

  // ---- what the address asks for that is not valid ----
  // One behaviour for every parameter, the filters' and the page's own: a filter value of the address goes to the API as
  // it is, and the API decides (a 400 naming it); a parameter the page does not know, one given twice (the API answers
  // that 400 too), and a value of the page's own parameters that is not one of theirs (show, page, pageSize, tenantsPage)
  // are named by the page before any request. Each way the page says which, with its value and why (the valid values),
  // offers to clear it, and shows no rows until then: never a default view, nor an unfiltered list, under what was asked.
  const ADDRESS_VALUE_SHOWN = 60;

  const shortened = (value) => (value.length > ADDRESS_VALUE_SHOWN ? value.slice(0, ADDRESS_VALUE_SHOWN) + '\u2026' : value);

  // Characters that show as nothing (control and format characters, line and paragraph separators), written as escapes,
  // so that "q=a\u0001b" does not read as a valid-looking "q=ab": the operator sees which character is wrong.
  const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
  const escapeInvisible = (value) => value.replace(INVISIBLE, (c) => {
    const code = c.codePointAt(0).toString(16).padStart(4, '0');
    return code.length > 4 ? '\\u{' + code + '}' : '\\u' + code;
  });
  const shownValue = (value) => escapeInvisible(shortened(value));

  const TIMES = ['', 'once', 'twice'];

  // What the list would have shown: "No account", or on the directory "No tenant", or "Nothing" when the tenant is unclear.
  function showAddressProblems(problems, withheld = 'No account') {
    const box = $('message');
    box.className = 'message';
    box.replaceChildren(...problems.map(({ param, values, why, filter }) => {
      const line = el('p', 'address-problem');
      line.dataset.param = param;
      const asked = values.map((value) => el('code', null, param + '=' + shownValue(value)));
      if (asked.length > 1) {
        line.append('The address gives ' + param + ' ' + (TIMES[asked.length] || asked.length + ' times') + ' (');
        asked.forEach((code, i) => line.append(...(i > 0 ? [i === asked.length - 1 ? ' and ' : ', '] : []), code));
        line.append('): ' + why);
      } else {
        line.append('The address asks for ', asked[0], ', which is not valid: ' + why);
      }
      line.append(' ' + withheld + ' is shown until it is cleared. ');
      const clear = el('button', 'clear-filter', filter ? 'Clear the ' + filter.label + ' filter' : 'Remove ' + param + ' from the address');
      clear.type = 'button';
      clear.addEventListener('click', () => clearAddressValue(param));
      line.append(clear);
      return line;
    }));
    box.hidden = false;
  }

  // Clears one parameter (every value of it) from the address and opens what the address then asks for: a filter's
  // control back to "All" or empty, a view's parameter back to its default, an unknown parameter gone.
  function clearAddressValue(param) {
    const query = new URLSearchParams();
    for (const [name, value] of new URLSearchParams(window.location.search)) {
      if (name.toLowerCase() !== param.toLowerCase()) query.append(name, value);
    }
    const search = query.toString();
    window.history.replaceState(null, '', '/status' + (search ? '?' + search : ''));
    route({ focus: true });
  }

  // The operator's own choice in a control replaces what the address asked for that parameter.
  function dropAddressProblem(param) {
    state.addressProblems = state.addressProblems.filter((problem) => problem.param !== param);
  }

  // A filter's control set to a value of the address: a value no choice of a list has gets a choice of its own, marked
  // as not valid, so the control shows what is asked for and the page sends it on (the API's 400 says why it is not).
  function setFilterControl(filter, value) {
    const control = $(filter.id);
    if (control.tagName !== 'SELECT') {
      control.value = value;
      return;
    }
    for (const option of [...control.options]) if (option.dataset.invalid) option.remove();
    if (value && ![...control.options].some((option) => option.value === value)) {
      const option = el('option', null, shownValue(value) + ' (not valid)');
      option.value = value;
      option.dataset.invalid = 'true';
      control.append(option);
    }
    control.value = value;
  }

  // The problems of a 400 that names filter parameters: each with the value sent and the service's reason (which lists
  // the valid values where there is a list); null when the 400 is about something else.
  function filterProblems(error) {
    const errors = error.status === 400 && error.problem && error.problem.errors ? error.problem.errors : null;
    if (!errors) return null;
    const problems = FILTERS.filter((f) => errors[f.param] && state.filters.has(f.param))
      .map((f) => ({ param: f.param, values: [state.filters.get(f.param)], why: [errors[f.param]].flat().join(' '), filter: f }));
    return problems.length > 0 ? problems : null;
  }

  // The sign is for the eye: a screen reader would read "multiplication x Error", so it hears the word alone.
  function accountsText(count) {
    return count + (count === 1 ? ' account' : ' accounts');
  }

  function badge(look, title) {
    const span = el('span', 'badge ' + look.css);
    if (look.mark) {
      const sign = el('span', 'badge-mark', look.mark + ' ');
      sign.setAttribute('aria-hidden', 'true');
      span.append(sign);
    }
    span.append(look.text);
    if (title) span.title = title;
    return span;
  }

  // ---- the summary ----
  // The summary is the page's live region: a screen reader speaks it whenever its nodes are replaced, even with the
  // same words, so a refresh writes it only when what it says has changed.
  function renderSummary(summary, unknown) {
    const look = unknown ? UNKNOWN_TENANT : SUMMARY_BADGES[summary.badge] || { text: String(summary.badge), css: 'badge-grey' };
    // Unknown: the summary's text says whether the tenant was never written (a mistyped id) or deleted; a summary read
    // just before the list found it gone still has its counts' text, so the page says the general case then.
    const text = !unknown || summary.known === false
      ? summary.statusText
      : 'No account of tenant \u201c' + state.tenant + '\u201d is known to this service. Check the tenant id.';
    const score = unknown ? '' : 'Health score ' + summary.healthScore + ' of 100 \u00b7 ' + accountsText(summary.total);
    const said = JSON.stringify([look.text, look.css, look.mark || '', unknown ? 'unknown' : summary.badge, text, score]);
    if (said !== state.summarySaid) {
      state.summarySaid = said;
      const badgeNode = $('summary-badge');
      badgeNode.replaceChildren(...badge(look).childNodes);
      badgeNode.className = 'badge ' + look.css;
      badgeNode.dataset.badge = unknown ? 'unknown' : summary.badge;
      $('summary-text').textContent = text;
      $('summary-score').textContent = score;
    }
    $('summary').hidden = false;
  }

  // ---- the accounts ----
  function statusCell(item) {
    const cell = el('td', 'status');
    const look = STATUSES[item.status] || { text: String(item.status), mark: '?', css: 'badge-grey' };
    const status = badge(look);
    status.dataset.status = item.status;
    cell.append(status);
    if (item.isFlapping) {
      const flapping = badge(FLAPPING, 'Keeps switching between connected and error');
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

  // Since when, one line per start, each time under the words it is the start of (docs/status-page.md, "Since when"):
  // the status and its own change ("Error for 3 h, since 09:14", "Stale for 8 h, since 07:04", "Connected since
  // 15:18"); for a stale account, its last report ("No report since 06:04"); and, when the account has needed attention
  // since earlier than its status changed (or needs it while connected), that start too: "5 failures since Dec 1 16:00"
  // when the failures of the last 24 hours are the only reason, else "Needs attention for 1 h, since 14:00" (the API
  // gives attentionSince, the earliest start among the reasons that hold, but not which reason that is).
  function sinceCell(item) {
    const cell = el('td', 'since-cell');
    const look = STATUSES[item.status];
    if (!item.statusChangedAt || !look) {
      cell.append(el('span', 'muted', '\u2014'));
      return cell;
    }
    const connected = item.status === 'connected';
    cell.append(sinceElement(look.since, item.statusChangedAt, !connected));
    if (item.status === 'stale' && item.lastCheckedAt) cell.append(sinceElement('No report', item.lastCheckedAt, false));
    const attention = item.needsAttention && item.attentionSince;
    if (attention && (connected || Date.parse(item.attentionSince) !== Date.parse(item.statusChangedAt))) {
      const failuresOnly = connected && !item.isFlapping && item.healthState === 'error';
      cell.append(failuresOnly
        ? sinceElement(item.failuresInLast24Hours + (item.failuresInLast24Hours === 1 ? ' failure' : ' failures'), item.attentionSince, false)
        : sinceElement('Needs attention', item.attentionSince, true));
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
    // The page cannot tell the key's role before it asks: every key sees "Remove", and the service answers a
    // support key 403, which the page says plainly.
    const remove = el('button', 'remove-account', 'Remove');
    remove.type = 'button';
    remove.setAttribute('aria-label', 'Remove account ' + (item.displayName || item.channelAccountId));
    remove.addEventListener('click', () => confirmRemoval(remove, item));
    historyCell.append(button, ' ', remove);
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

  // One banner per channel of the list's providerOutages (every reader gets them, where /api/channels/health is for
  // support and admin keys only) that the tenant has accounts of, on every page: the attention list is longest broken
  // first, so accounts an outage breaks now are at its end, never on the page an operator opens.
  function renderOutages(channels) {
    $('outages').replaceChildren(...channels.map((channel) => {
      const banner = el('p', 'outage');
      banner.dataset.channel = channel;
      banner.append(el('strong', null, (CHANNELS[channel] || channel) + ' is having a provider outage.'));
      banner.append(' Its accounts may fail until the provider recovers; reconnecting them will not help.');
      return banner;
    }));
  }

  // Whether the tenant has an account of a channel: known from the page's rows, else one request of the channel's
  // first account (a few more when storage answers an empty page with a token). A yes is kept while the tenant is on
  // screen; a no is asked again after NO_ACCOUNTS_KEPT, so an account added meanwhile gets its banner.
  const NO_ACCOUNTS_KEPT = 10 * 60_000;
  const CHANNEL_PROBE_REQUESTS = 3;

  async function outageChannels(list, tenant) {
    const outages = list.providerOutages || [];
    const known = state.channelAccounts;
    for (const item of list.items) known.set(item.channel, { has: true, at: Date.now() });
    const shown = [];
    for (const channel of outages) {
      const kept = known.get(channel);
      if (!kept || (!kept.has && Date.now() - kept.at > NO_ACCOUNTS_KEPT)) {
        known.set(channel, { has: await hasAccountOf(tenant, channel), at: Date.now() });
      }
      if (known.get(channel).has) shown.push(channel);
    }
    return shown.sort();
  }

  async function hasAccountOf(tenant, channel) {
    let token = null;
    for (let request = 0; request < CHANNEL_PROBE_REQUESTS; request++) {
      const query = new URLSearchParams({ channel, pageSize: '1' });
      if (token) query.set('continuationToken', token);
      const answer = await api(tenantPath(tenant) + '/connections?' + query.toString());
      if (answer.items.length > 0 || (answer.unreadable && answer.unreadable.length > 0)) return true;
      token = answer.continuationToken;
      if (!token) return false;
    }
    return false;
  }

  function renderList(list, refreshed, unknown) {
    const newRows = list.items.map(accountRow);
    const seen = new Map(list.items.map((item) => [item.channelAccountId, fingerprint(item)]));
    if (refreshed) {
      // A row is marked when it was in the previous answer and changed, or when it is new to a list of the same kind.
      // After a switch between "need attention" and "all accounts" the rows new to the page are only the other
      // list's: marking them would say that unchanged accounts changed.
      const sameKind = state.seenKind === state.kind;
      list.items.forEach((item, i) => {
        const before = state.seen.get(item.channelAccountId);
        if (before === undefined ? !sameKind : before === seen.get(item.channelAccountId)) return;
        newRows[i].classList.add('changed');
        newRows[i].querySelector('.account').append(el('div', 'visually-hidden', 'Changed since the last refresh'));
      });
    }
    state.seen = seen;
    state.seenKind = state.kind;
    state.total = list.total;
    replaceRows($('rows'), newRows);
    $('connections').hidden = list.items.length === 0;
    $('results-title').textContent = 'Accounts of ' + state.tenant;
    $('connections-caption').textContent = 'Channel accounts of ' + state.tenant +
      (state.kind === 'attention' ? ' that need attention' : '') + ', page ' + (state.page + 1);
    renderListNote(list, unknown);

    const empty = $('empty');
    if (list.items.length === 0 && !unknown) {
      empty.textContent = emptyText(list);
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
    const pages = typeof list.total === 'number' ? Math.max(1, Math.ceil(list.total / Number($('page-size').value))) : 0;
    $('page-label').textContent = 'Page ' + (state.page + 1) + (pages ? ' of ' + pages + ' \u00b7 ' + accountsText(list.total) : '');
  }

  // One line under the heading says which list this is, so an operator never takes a short list for the whole tenant.
  function renderListNote(list, unknown) {
    const note = $('list-note');
    const filtered = state.filters.size > 0;
    if (unknown) {
      note.hidden = true;
      return;
    }
    if (state.kind === 'attention') {
      const total = typeof list.total === 'number' ? list.total : list.items.length;
      // The verbs agree with the count: "1 account that matches these filters needs attention", "2 accounts ... need".
      note.textContent = accountsText(total) + (filtered ? (total === 1 ? ' that matches' : ' that match') + ' these filters' : '') +
        (total === 1 ? ' needs' : ' need') + ' attention, longest broken first.';
    } else if (state.mode === 'attention') {
      note.textContent = filtered
        ? 'No account that matches these filters needs attention: showing all that match.'
        : 'No account needs attention: showing all accounts.';
    } else {
      note.textContent = filtered ? 'All accounts that match these filters.' : 'All accounts.';
    }
    note.hidden = false;
  }

  // An empty answer under a filter says nothing about the tenant: only an unfiltered one means it has no accounts.
  function emptyText(list) {
    const filters = state.filters;
    if (filters.size === 0) return state.kind === 'attention' ? 'No account needs attention.' : 'This tenant has no accounts yet.';
    const none = 'No account matches these filters';
    return list.continuationToken ? none + ' on this page; there are more pages.' : none + '.';
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
    // Focusable by a click (not by Tab): a click inside leaves the focus in the history, where Escape closes it.
    cell.tabIndex = -1;
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
      what.append(badge(to));
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

  // ---- removing an account, after a confirmation ----
  // The account the open confirmation is about, and the button that opened it (focus returns there on a cancel).
  let removal = null;

  function confirmRemoval(button, item) {
    removal = { button, item, tenant: state.tenant };
    $('remove-name').textContent = item.displayName || item.channelAccountId;
    const dialog = $('remove-dialog');
    // The last answer stays on the element: a cancel (Escape, "Cancel") must not read as the previous confirmation.
    dialog.returnValue = '';
    dialog.showModal();
  }

  function onRemoveDialogClosed() {
    const asked = removal;
    removal = null;
    if (!asked) return;
    if ($('remove-dialog').returnValue !== 'remove') {
      if (asked.button.isConnected) asked.button.focus();
      return;
    }
    removeAccount(asked);
  }

  async function removeAccount({ button, item, tenant }) {
    const name = item.displayName || item.channelAccountId;
    const path = tenantPath(tenant) + '/connections/' + encodeURIComponent(item.channelAccountId);
    clearMessage();
    $('removal-status').textContent = '';
    button.disabled = true;
    let already = false;
    try {
      await api(path, 'DELETE');
    } catch (error) {
      button.disabled = false;
      // 404: unknown, or removed meanwhile (another tab, another person): as far as the reader goes, it is removed.
      if (error.status !== 404) {
        if (state.tenant === tenant && button.isConnected) button.focus();
        removalFailed(error, tenant);
        return;
      }
      already = true;
    }
    // The reader left for another tenant while it was sent: that tenant's view is not this one's to change.
    if (state.tenant !== tenant) return;
    const row = [...$('rows').querySelectorAll('tr[data-account]')].find((r) => r.dataset.account === item.channelAccountId);
    if (row) {
      const toggle = row.querySelector('.history-toggle');
      const detail = toggle && document.getElementById(toggle.getAttribute('aria-controls'));
      if (detail) detail.remove();
      row.remove();
    }
    state.seen.delete(item.channelAccountId);
    $('removal-status').textContent = already
      ? 'Account ' + name + ' was already removed.'
      : 'Account ' + name + ' removed.';
    // Its row is gone, and with it the focus: the accounts' heading, as after paging.
    $('results-title').focus();
    // The summary, the counts and the page's rows as the service now has them, as a refresh reads them.
    load();
  }

  function removalFailed(error, tenant) {
    switch (error.status) {
      case 401:
        fail(error, tenant);
        return;
      case 403:
        showMessage('This API key may not remove accounts: only admin and tenant_admin keys can. Nothing was removed.');
        return;
      default: {
        const why = error.problem && error.problem.title ? error.problem.title : explain(error, tenant).text;
        showMessage('The account could not be removed: ' + why + (/[.!?]$/.test(why) ? '' : '.') + ' Nothing was removed.');
      }
    }
  }

  // ---- loading a tenant, and keeping it current ----
  let loadGeneration = 0;

  function filterParams() {
    const params = new URLSearchParams();
    for (const filter of FILTERS) {
      const value = $(filter.id).value.trim();
      if (value) params.set(filter.param, value);
    }
    return params;
  }

  // Nothing of the view on screen, and no load of it still coming (each checks loadGeneration), so none is busy either.
  function clearView() {
    loadGeneration += 1;
    $('results').setAttribute('aria-busy', 'false');
    $('directory').setAttribute('aria-busy', 'false');
    window.clearTimeout(state.refreshTimer);
    state.seen = new Map();
    state.summarySaid = '';
    state.channelAccounts = new Map();
    // The heading names the tenant asked for, never the one before it: a refused tenant is told under its own name.
    $('results-title').textContent = state.tenant ? 'Accounts of ' + state.tenant : 'Accounts';
    $('summary').hidden = true;
    $('updated').hidden = true;
    $('directory-updated').hidden = true;
    $('connections').hidden = true;
    $('rows').replaceChildren();
    $('tenant-rows').replaceChildren();
    $('tenants').hidden = true;
    $('directory-empty').hidden = true;
    $('directory-pager').hidden = true;
    $('outages').replaceChildren();
    $('empty').hidden = true;
    $('unreadable').hidden = true;
    $('pager').hidden = true;
    $('list-note').hidden = true;
    $('webhooks').hidden = true;
    $('webhook-rows').replaceChildren();
    $('removal-status').textContent = '';
    $('empty').textContent = '';
    $('list-note').textContent = '';
    $('page-label').textContent = '';
  }

  // Every 30 s while the tab is visible, the directory as a tenant; a hidden tab waits, and refreshes as soon as it is shown again.
  function scheduleRefresh() {
    window.clearTimeout(state.refreshTimer);
    state.refreshTimer = window.setTimeout(refreshNow, REFRESH_EVERY);
  }

  function refreshNow() {
    if (document.visibilityState !== 'visible' || !getKey()) return;
    if (!$('summary').hidden) load({ refreshed: true });
    else if (!$('directory-updated').hidden) loadDirectory({ refreshed: true });
  }

  // The problems of the address, with no rows. The filters it gives validly still go to the API (one request of one row),
  // so that a bad filter value is named beside them at once rather than after they are cleared.
  async function showProblemsOfTheAddress() {
    clearView();
    const generation = loadGeneration;
    let filterErrors = [];
    if (state.filters.size > 0) {
      try {
        await api(listPath('all', null, 1));
      } catch (error) {
        if (generation !== loadGeneration) return;
        filterErrors = filterProblems(error) || [];
        if (filterErrors.length === 0 && (error.status === 401 || error.status === 403)) {
          fail(error, state.tenant);
          return;
        }
      }
    }
    if (generation !== loadGeneration) return;
    showAddressProblems([...state.addressProblems, ...filterErrors], 'No account');
  }

  // A page the address asked for past the last is shown as the last (and the address corrected): said, not done silently.
  function sayIfPastTheLastPage(page, what = 'page') {
    const asked = state.askedPage;
    state.askedPage = 0;
    if (asked > page + 1) {
      state.notice = 'The address asks for ' + what + ' ' + asked + ', past the last: the last, ' + what + ' ' + (page + 1) + ', is shown.';
      showMessage(state.notice, 'info');
    }
  }

  // A refresh that worked clears a failed refresh's message, but leaves the notice of what was shown instead of the
  // address's page (rewriting the alert would have a screen reader say it again every 30 s).
  function keepNotice() {
    if (!state.notice) {
      clearMessage();
    } else if ($('message').hidden || $('message').textContent !== state.notice) {
      showMessage(state.notice, 'info');
    }
  }

  async function load({ refreshed = false, focusResults = false } = {}) {
    const tenant = state.tenant;
    if (!tenant || !getKey()) return;
    const generation = ++loadGeneration;
    window.clearTimeout(state.refreshTimer);
    if (state.addressProblems.length > 0) {
      await showProblemsOfTheAddress();
      return;
    }
    const results = $('results');
    results.setAttribute('aria-busy', 'true');
    if (!refreshed) {
      clearMessage();
      state.notice = '';
    }

    try {
      const [summary, list] = await Promise.all([
        api(tenantPath(tenant) + '/connection-summary'),
        readList(generation, refreshed),
      ]);
      // A slower answer for a tenant the user has since left is dropped.
      if (generation !== loadGeneration || !list) return;
      const outages = await outageChannels(list, tenant);
      if (generation !== loadGeneration) return;
      if (refreshed) keepNotice();
      // The list says so itself where the service tells it; else the summary's word decides.
      const unknown = summary.known === false || list.known === false;
      renderSummary(summary, unknown);
      renderList(list, refreshed, unknown);
      renderOutages(outages);
      loadWebhooks(tenant, generation);
      $('updated').textContent = 'Updated ' + updatedClock.format(new Date());
      $('updated').hidden = false;
      if (focusResults) $('results-title').focus();
      if (!refreshed) sayIfPastTheLastPage(state.page);
      scheduleRefresh();
    } catch (error) {
      if (generation !== loadGeneration) return;
      // The page the address asked for was not reached: what is shown next is not "the last" in its place.
      state.askedPage = 0;
      if (error.status === 400 && state.page > 0 && error.problem && error.problem.errors && error.problem.errors.continuationToken) {
        // A page's token the service no longer takes (a new version of the service): page 1 again, and say why.
        state.tokens = [null];
        state.page = 0;
        keepAddress();
        await load({ focusResults });
        // Page 1 may fail in turn: its own message says why, and is kept.
        if ($('message').hidden) showMessage('That page of accounts could not be read again, so the list starts over at page 1.', 'info');
        return;
      }
      const problems = filterProblems(error);
      if (problems) {
        clearView();
        showAddressProblems(problems, 'No account');
        return;
      }
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

  // The tenant's webhook subscriptions, read beside the accounts: a failure here (an older service, a key that may not
  // read them) hides the section and never the accounts.
  async function loadWebhooks(tenant, generation) {
    let items = [];
    try {
      items = (await api(tenantPath(tenant) + '/webhooks')).items || [];
    } catch {
      items = [];
    }
    if (generation !== loadGeneration) return;
    $('webhook-rows').replaceChildren(...items.map(webhookRow));
    $('webhooks').hidden = items.length === 0;
  }

  function webhookRow(item) {
    const row = el('tr', item.state === 'disabled' ? 'webhook disabled' : 'webhook');
    const lastFailure = el('td', 'webhook-failure');
    lastFailure.append(window.StatusTimes.timeElement(item.lastFailureAt));
    if (item.lastFailureReason) lastFailure.append(el('div', 'muted', item.lastFailureReason));
    const lastSuccess = el('td', 'webhook-success');
    lastSuccess.append(window.StatusTimes.timeElement(item.lastSuccessAt));
    row.append(
      el('td', 'webhook-url', item.url),
      el('td', 'webhook-state', item.state === 'disabled' ? 'Disabled: nothing is sent to it' : 'Active'),
      el('td', 'webhook-failures', item.consecutiveFailures),
      lastFailure,
      lastSuccess);
    return row;
  }

  const pageSize = () => $('page-size').value;

  function listPath(kind, token, rows) {
    const query = new URLSearchParams(state.filters);
    if (kind === 'attention') query.set('needsAttention', 'true');
    query.set('pageSize', String(rows || pageSize()));
    if (token) query.set('continuationToken', token);
    return tenantPath(state.tenant) + '/connections?' + query.toString();
  }

  // The most rows the API answers at once; every page size the page offers divides it, so a read of this many rows
  // ends on a page's boundary.
  const MOST_ROWS = 1000;
  const lastPageOf = (total) => Math.max(0, Math.ceil(total / Number(pageSize())) - 1);

  /**
   * The page of accounts the state names, or null when a newer load has begun. In the attention mode the first read
   * of the attention list decides which list is shown: it, or all accounts when none needs attention. A page whose
   * token this tab has not seen (a reload, a link) is reached in as few requests as the API allows (see readPage);
   * past the last page, the last page is shown and the address corrected.
   */
  async function readList(generation, refreshed) {
    if (refreshed && state.kind === 'attention' && state.page > 0 && state.tokens[state.page] !== undefined) {
      const again = await api(listPath('attention', state.tokens[state.page]));
      if (generation !== loadGeneration) return null;
      // The saved token is a position after an entry: when entries before it came or went, the rows after it are no
      // longer page N (a page past the last, or rows of an earlier page). The page is then found again from the start.
      if (again.total === state.total && state.page <= lastPageOf(again.total)) return again;
      state.tokens = [null];
      state.page = Math.min(state.page, lastPageOf(again.total));
      keepAddress();
    }
    if (state.mode === 'all') {
      state.kind = 'all';
    } else if (state.page === 0 || !state.kind) {
      const size = Number(pageSize());
      // Beyond page 1 this first read is also the first step towards the page (readPage).
      const rows = state.page === 0 ? size : Math.min(MOST_ROWS, state.page * size);
      const first = await api(listPath('attention', null, rows));
      if (generation !== loadGeneration) return null;
      const kind = first.items.length === 0 && !first.continuationToken && first.known !== false ? 'all' : 'attention';
      if (kind !== state.kind) state.tokens = [null];
      state.kind = kind;
      if (kind === 'attention') {
        if (state.page === 0) {
          if (first.continuationToken) state.tokens[1] = first.continuationToken;
          return first;
        }
        stepped(0, rows, first);
      }
    }
    return readPage(state.kind, generation);
  }

  // After a read of `rows` rows from page `from`: the token it ends at is page from + rows/size's; a read that reaches the
  // end of the list before the page asked for makes the list's last page the one to show.
  function stepped(from, rows, answer) {
    const size = Number(pageSize());
    if (answer.continuationToken) {
      state.tokens[from + rows / size] = answer.continuationToken;
      return;
    }
    state.page = Math.min(state.page, lastPageOf(from * size + answer.items.length));
    keepAddress();
  }

  /**
   * The page state.page of the list, from the nearest page before it whose token this tab has. The attention list's
   * pages are full (only the last is short), so its pages before are skipped in reads of up to MOST_ROWS rows that
   * keep only their token: page 8 of 25 rows is two requests, not eight (each of which reads the whole index for its
   * total). Storage may answer a plain list's page short, so all accounts are still read a page at a time.
   */
  async function readPage(kind, generation) {
    const size = Number(pageSize());
    for (;;) {
      let from = state.page;
      while (state.tokens[from] === undefined) from -= 1;
      if (from === state.page) return api(listPath(kind, state.tokens[from]));
      const rows = kind === 'attention' ? Math.min(MOST_ROWS, (state.page - from) * size) : size;
      const answer = await api(listPath(kind, state.tokens[from], rows));
      if (generation !== loadGeneration) return null;
      if (kind !== 'attention' && !answer.continuationToken) {
        // Past the end of a list read a page at a time: this answer is its last page.
        state.page = from;
        keepAddress();
        return answer;
      }
      stepped(from, rows, answer);
    }
  }

  const listKey = () => JSON.stringify([state.tenant, state.mode, pageSize(), [...state.filters]]);

  // The view in the address (replaced, not pushed: a filter or a page is not a place to go back to).
  function keepAddress() {
    const params = new URLSearchParams();
    if (state.tenant) params.set('tenant', state.tenant);
    for (const [name, value] of state.filters) params.set(name, value);
    if (state.mode === 'all') params.set(SHOW_PARAM, 'all');
    if (pageSize() !== DEFAULT_PAGE_SIZE) params.set(PAGE_SIZE_PARAM, pageSize());
    if (state.page > 0) params.set(PAGE_PARAM, String(state.page + 1));
    for (const problem of state.addressProblems) for (const [name, value] of problem.raw) params.append(name, value);
    window.history.replaceState(null, '', '/status?' + params.toString());
  }

  // A new list from its first page; the page the address names when it is the list already read (the back button)
  // or read on arrival (a reload, a link).
  function startOver(options, page = 0) {
    $('removal-status').textContent = '';
    state.notice = '';
    state.filters = filterParams();
    state.mode = $('show-all').checked ? 'all' : 'attention';
    const key = listKey();
    if (key !== state.listKey) {
      state.tokens = [null];
      state.kind = '';
      state.listKey = key;
    }
    state.page = page;
    state.nextToken = null;
    state.seen = new Map();
    keepAddress();
    return load(options);
  }

  // ---- the tenant directory, and which view the address asks for ----
  const tenantAddress = (tenant) => '/status?' + new URLSearchParams({ tenant }).toString();

  function showView(view) {
    $('directory').hidden = view !== 'directory';
    $('tenant-view').hidden = view !== 'tenant';
    $('to-directory').hidden = view !== 'tenant' || !getKey();
    const skip = $('skip-link');
    skip.href = view === 'directory' ? '#directory-title' : '#results-title';
    skip.textContent = view === 'directory' ? 'Skip to the tenants' : 'Skip to the accounts';
  }

  function tenantRow(entry) {
    const row = el('tr');
    row.dataset.tenant = entry.tenantId;
    if (entry.badge === 'red') row.classList.add('attention');

    const name = el('td', 'tenant');
    const link = el('a', 'tenant-link', entry.tenantId);
    link.href = tenantAddress(entry.tenantId);
    link.addEventListener('click', (event) => {
      // A new tab or window opens the link as it is; a plain click stays in this page and its history.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      openTenant(entry.tenantId, { push: true });
    });
    name.append(link);
    row.append(name);

    const look = entry.known ? SUMMARY_BADGES[entry.badge] || { text: String(entry.badge), css: 'badge-grey' } : UNKNOWN_TENANT;
    const status = el('td', 'tenant-badge');
    const node = badge(look);
    node.dataset.badge = entry.known ? entry.badge : 'unknown';
    status.append(node);
    row.append(status);

    row.append(el('td', 'tenant-attention', entry.known ? entry.needsAttention : '\u2014'));

    // The hourly survey's count, and how old it may be.
    const accounts = el('td', 'tenant-accounts');
    if (typeof entry.accounts === 'number' && entry.accountsCountedAt) {
      const counted = el('span', 'muted', ' counted ');
      counted.append(timeElement(entry.accountsCountedAt));
      accounts.append(el('span', 'account-count', entry.accounts), counted);
    } else {
      accounts.append(el('span', 'muted', entry.known ? 'not counted yet' : '\u2014'));
    }
    row.append(accounts);
    [...row.children].forEach((cell, i) => { cell.dataset.label = DIRECTORY_COLUMNS[i]; });
    return row;
  }

  function renderDirectory(list) {
    const dir = state.directory;
    $('tenant-rows').replaceChildren(...list.items.map(tenantRow));
    $('tenants').hidden = list.items.length === 0;
    $('tenants-caption').textContent = 'Tenants this key may read, page ' + (dir.page + 1);
    $('directory-empty').hidden = list.items.length > 0;
    dir.nextToken = list.continuationToken || null;
    $('directory-pager').hidden = dir.page === 0 && !dir.nextToken;
    $('prev-tenants').disabled = dir.page === 0;
    $('next-tenants').disabled = !dir.nextToken;
    $('tenants-page-label').textContent = 'Page ' + (dir.page + 1);
  }

  function directoryPath(token) {
    const query = new URLSearchParams({ pageSize: String(DIRECTORY_PAGE_SIZE) });
    if (token) query.set('continuationToken', token);
    return '/api/tenants?' + query.toString();
  }

  function keepDirectoryPage() {
    const page = state.directory.page;
    const search = page > 0 ? '?' + new URLSearchParams({ [DIRECTORY_PAGE_PARAM]: String(page + 1) }).toString() : '';
    window.history.replaceState(null, '', '/status' + search);
  }

  async function loadDirectory({ arrived = false, focus = false, refreshed = false } = {}) {
    if (!getKey()) return;
    const generation = ++loadGeneration;
    window.clearTimeout(state.refreshTimer);
    const dir = state.directory;
    if (state.addressProblems.length > 0) {
      clearView();
      showAddressProblems(state.addressProblems, 'No tenant');
      return;
    }
    if (!refreshed) {
      clearMessage();
      state.notice = '';
    }
    $('directory').setAttribute('aria-busy', 'true');
    try {
      // A page named by the address whose token this tab has not seen (a reload, a link): the pages before it are
      // read for their tokens; past the last page, the last page is shown.
      while (dir.tokens.length <= dir.page) {
        const before = await api(directoryPath(dir.tokens[dir.tokens.length - 1]));
        if (generation !== loadGeneration) return;
        if (!before.continuationToken) {
          dir.page = dir.tokens.length - 1;
          keepDirectoryPage();
          break;
        }
        dir.tokens.push(before.continuationToken);
      }
      const list = await api(directoryPath(dir.tokens[dir.page]));
      if (generation !== loadGeneration) return;
      // A key that names one tenant only (a tenant_admin's) has nothing to choose from: it goes straight there.
      if (arrived && !list.everyTenant && state.directory.page === 0 && list.items.length === 1 && !list.continuationToken) {
        openTenant(list.items[0].tenantId, { push: false });
        return;
      }
      if (refreshed) keepNotice();
      renderDirectory(list);
      $('directory-updated').textContent = 'Updated ' + updatedClock.format(new Date());
      $('directory-updated').hidden = false;
      if (focus) $('directory-title').focus();
      if (!refreshed) sayIfPastTheLastPage(dir.page, 'tenants page');
      scheduleRefresh();
    } catch (error) {
      if (generation !== loadGeneration) return;
      if (refreshed && error.status !== 401 && error.status !== 403) {
        // As a tenant's rows: the last answer stays, its "Updated" time says how old it is.
        showMessage(explain(error, '').text);
        scheduleRefresh();
        return;
      }
      // A key refused at a refresh leaves none of the tenants it listed on screen.
      $('directory').setAttribute('aria-busy', 'false');
      if (refreshed) clearView();
      fail(error, '');
    } finally {
      if (generation === loadGeneration) $('directory').setAttribute('aria-busy', 'false');
    }
  }

  // A tenant opens unfiltered; the address changes with it, so the back button returns to the directory.
  function openTenant(tenant, { push }) {
    state.tenant = tenant;
    $('tenant').value = tenant;
    for (const filter of FILTERS) setFilterControl(filter, '');
    state.addressProblems = [];
    state.askedPage = 0;
    $('show-attention').checked = true;
    window.history[push ? 'pushState' : 'replaceState'](null, '', tenantAddress(tenant));
    clearView();
    showView('tenant');
    return startOver({ focusResults: true });
  }

  // The address decides the view: a tenant (with its filters) or, without one, the directory. What it asks for that is not
  // valid is named instead of a view (see showAddressProblems); a tenant given twice leaves no tenant to show.
  function route({ arrived = false, focus = false } = {}) {
    const { params, problems } = readAddress();
    state.addressProblems = problems;
    state.tenant = params.get('tenant') || '';
    $('tenant').value = state.tenant || document.body.dataset.defaultTenant || '';
    for (const filter of FILTERS) setFilterControl(filter, (params.get(filter.param) || '').trim());
    $(params.get(SHOW_PARAM) === 'all' ? 'show-all' : 'show-attention').checked = true;
    $('page-size').value = params.get(PAGE_SIZE_PARAM) || DEFAULT_PAGE_SIZE;
    clearView();
    const askedPage = (name) => Number(params.get(name) || '1');
    if (problems.some((problem) => problem.param === 'tenant')) {
      showView('none');
      if (getKey()) showAddressProblems(problems, 'Nothing');
      return Promise.resolve();
    }
    if (state.tenant) {
      showView('tenant');
      state.askedPage = askedPage(PAGE_PARAM);
      return startOver({ focusResults: focus }, state.askedPage - 1);
    }
    showView(getKey() ? 'directory' : 'none');
    // The tokens seen stay while the key does (the back button), and start again for a key just entered.
    if (arrived) state.directory = { tokens: [null], page: 0, nextToken: null };
    state.askedPage = askedPage(DIRECTORY_PAGE_PARAM);
    state.directory.page = state.askedPage - 1;
    return loadDirectory({ arrived, focus });
  }

  // The page's own parameters besides the filters, and what each may be, said as the API says a filter's rule. An empty
  // value is the default, as an empty filter is no filter. A page past the last is valid: the last is shown, and said.
  const VIEW_PARAMS = ['tenant', SHOW_PARAM, PAGE_PARAM, PAGE_SIZE_PARAM, DIRECTORY_PAGE_PARAM];
  const pageNumberRule = (name) => (value) => (/^[0-9]+$/.test(value) && Number(value) >= 1 && Number.isSafeInteger(Number(value))
    ? '' : name + ' must be a page number: a whole number from 1 (past the last page, the last is shown).');
  const PAGE_SIZES = () => [...$('page-size').options].map((option) => option.value);
  const VIEW_RULES = {
    [SHOW_PARAM]: (value) => (value === 'all' || value === 'attention'
      ? '' : "show must be 'attention' (the accounts that need attention, as without show) or 'all' (all accounts)."),
    [PAGE_PARAM]: pageNumberRule(PAGE_PARAM),
    [PAGE_SIZE_PARAM]: (value) => (PAGE_SIZES().includes(value)
      ? '' : 'pageSize must be one of ' + PAGE_SIZES().map((size) => "'" + size + "'").join(', ') + ' (rows per page).'),
    [DIRECTORY_PAGE_PARAM]: pageNumberRule(DIRECTORY_PAGE_PARAM),
  };
  const NO_SUCH_PARAMETER = 'this page has no such filter; its filters are ' + FILTERS.map((f) => f.param).join(', ') +
    ', and its view is named by ' + VIEW_PARAMS.join(', ') + '.';

  /**
   * The address's parameters by the names the page uses (read in any case, as the API reads them), and its problems:
   * a parameter the page does not know, one given more than once (in any case: the API answers "may be given once"), a
   * value of the page's own parameters that is not one of theirs. A parameter with a problem is left out of params, so
   * no view is built on a guess of what was meant; each problem keeps the pairs it came as, for the address.
   */
  function readAddress() {
    const names = new Map([...FILTERS.map((f) => f.param), ...VIEW_PARAMS].map((name) => [name.toLowerCase(), name]));
    const given = new Map();
    const problems = [];
    for (const [name, value] of new URLSearchParams(window.location.search)) {
      const known = names.get(name.toLowerCase());
      if (!known) {
        problems.push({ param: name, values: [value], why: NO_SUCH_PARAMETER, raw: [[name, value]] });
        continue;
      }
      if (!given.has(known)) given.set(known, []);
      given.get(known).push([name, value]);
    }
    const params = new URLSearchParams();
    for (const [param, pairs] of given) {
      const filter = FILTERS.find((f) => f.param === param);
      const value = pairs[0][1];
      const why = pairs.length > 1 ? param + ' may be given once.' : VIEW_RULES[param] && value.trim() ? VIEW_RULES[param](value.trim()) : '';
      if (why) problems.push({ param, values: pairs.map(([, v]) => v), why, filter, raw: pairs });
      else if (value.trim() || filter) params.set(param, VIEW_RULES[param] ? value.trim() : value);
    }
    return { params, problems };
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
    fillOptions($('health'), Object.entries(HEALTH_STATES));
    fillOptions($('flapping'), Object.entries(FLAPPING_CHOICES));

    $('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) return;
      setKey(key);
      clearMessage();
      showSignedIn();
      route({ arrived: true, focus: true });
    });

    $('change-key').addEventListener('click', () => {
      clearKey();
      // The next key may not be allowed to see this tenant, and opens on its own view (a tenant_admin's goes straight to
      // its tenant): a fresh document at /status, so nothing of this one (rows, heading, summary, banners, filters,
      // search, paging, open histories, webhooks, timers, "Updated", marks, requests still in flight) can outlive the key.
      window.location.replace('/status');
    });

    $('tenant-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const tenant = $('tenant').value.trim();
      if (!getKey()) {
        // Kept in the address, so signing in opens it.
        window.history.replaceState(null, '', tenantAddress(tenant));
        showSignIn(true);
        return;
      }
      openTenant(tenant, { push: true });
    });

    $('to-directory').addEventListener('click', (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      window.history.pushState(null, '', '/status');
      route({ focus: true });
    });
    window.addEventListener('popstate', () => route({ focus: true }));

    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      dropAddressProblem('q');
      startOver();
    });
    const controls = [...FILTERS.map((f) => [f.id, f.param]), ['show-attention', SHOW_PARAM], ['show-all', SHOW_PARAM], ['page-size', PAGE_SIZE_PARAM]];
    for (const [id, param] of controls) {
      $(id).addEventListener('change', () => {
        dropAddressProblem(param);
        startOver();
      });
    }

    $('next-page').addEventListener('click', () => {
      if (!state.nextToken) return;
      state.tokens[state.page + 1] = state.nextToken;
      state.page += 1;
      state.seen = new Map();
      keepAddress();
      load({ focusResults: true });
    });

    $('prev-page').addEventListener('click', () => {
      if (state.page === 0) return;
      state.page -= 1;
      state.seen = new Map();
      keepAddress();
      load({ focusResults: true });
    });

    $('next-tenants').addEventListener('click', () => {
      const dir = state.directory;
      if (!dir.nextToken) return;
      dir.tokens[dir.page + 1] = dir.nextToken;
      dir.page += 1;
      keepDirectoryPage();
      loadDirectory({ focus: true });
    });

    $('prev-tenants').addEventListener('click', () => {
      if (state.directory.page === 0) return;
      state.directory.page -= 1;
      keepDirectoryPage();
      loadDirectory({ focus: true });
    });

    document.addEventListener('keydown', closeHistoryOnEscape);
    $('remove-dialog').addEventListener('close', onRemoveDialogClosed);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') refreshNow();
      else window.clearTimeout(state.refreshTimer);
    });
    // Relative times move with the clock, between refreshes too.
    window.setInterval(() => window.StatusTimes.tick(document.querySelector('main')), TICK_EVERY);

    if (getKey()) showSignedIn(); else showSignIn(true);
    route({ arrived: true });
  }

  init();
})();
