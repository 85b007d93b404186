// Times on the status page: "Error for 3 h 12 min, since 09:14" and "42 minutes ago", with the
// exact instant on hover and for screen readers. What each text is worked out from is kept on the
// element (data-tick and the instant), so one timer tick rewrites them all as the clock moves,
// not only when data arrives. A file of its own so that status.js stays about the accounts.
'use strict';

window.StatusTimes = (() => {
  // 'always': "1 day ago" as "1 d" reads, never "yesterday", which names a calendar day rather than a length.
  const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  // Every clock on the page is a 24-hour one: the short time on screen ("06:07") and the exact instant of its tooltip and
  // of the text screen readers hear ("Dec 3, 2026, 06:07:38 UTC"), which an en-US browser would otherwise give in 12 hours
  // ("6:07:38 AM UTC") beside a "06:07" that is the same instant.
  const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long', hourCycle: 'h23' });
  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;

  // One rounding rule for every time on the page (docs/status-page.md, "Times"): whole units, rounded down, so that a
  // length is never ahead of the truth and the same instant reads alike in "Error for 59 min" and "59 minutes ago":
  // 59 min 59 s is 59 minutes in both, an hour exactly is 1 hour, 23 h 59 min is 23 hours, 24 h is 1 day.
  function relativeText(date, now) {
    const milliseconds = date.getTime() - now;
    const length = Math.abs(milliseconds);
    const sign = milliseconds < 0 ? -1 : 1;
    if (length < MINUTE) return 'just now';
    if (length < HOUR) return relative.format(sign * Math.floor(length / MINUTE), 'minute');
    if (length < DAY) return relative.format(sign * Math.floor(length / HOUR), 'hour');
    return relative.format(sign * Math.floor(length / DAY), 'day');
  }

  function duration(milliseconds) {
    const minutes = Math.floor(Math.max(0, milliseconds) / MINUTE);
    if (minutes < 1) return 'less than a minute';
    if (minutes < 60) return minutes + ' min';
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
    const days = Math.floor(hours / 24);
    return days + ' d' + (hours % 24 ? ' ' + (hours % 24) + ' h' : '');
  }

  // The clock time alone for today; an earlier day also names the day.
  function clockText(date, now) {
    const today = date.toDateString() === new Date(now).toDateString();
    return today ? clock.format(date) : day.format(date) + ' ' + clock.format(date);
  }

  function render(node, now) {
    switch (node.dataset.tick) {
      case 'ago':
        node.textContent = relativeText(new Date(node.dateTime), now);
        break;
      case 'clock': {
        // The short clock time is what sighted readers scan; a screen reader also hears the date.
        const full = document.createElement('span');
        full.className = 'visually-hidden';
        full.textContent = ' (' + exact.format(new Date(node.dateTime)) + ')';
        node.replaceChildren(clockText(new Date(node.dateTime), now), full);
        break;
      }
      case 'duration': {
        const since = new Date(node.dataset.at).getTime();
        node.textContent = node.dataset.word + (node.dataset.long ? ' for ' + duration(now - since) + ', since ' : ' since ');
        break;
      }
      default:
        break;
    }
  }

  /** A <time> for an instant: "42 minutes ago" (kind 'ago') or "09:14" (kind 'clock'), the exact instant as its tooltip. */
  function timeElement(iso, kind) {
    if (!iso) {
      const never = document.createElement('span');
      never.className = 'muted';
      never.textContent = 'never';
      return never;
    }
    const time = document.createElement('time');
    time.dateTime = iso;
    time.dataset.tick = kind || 'ago';
    time.title = exact.format(new Date(iso)) + ' (' + iso + ')';
    render(time, Date.now());
    return time;
  }

  /** "Error for 3 h 12 min, since 09:14", or without the length ("Connected since 09:14") when it is not a problem. */
  function sinceElement(word, iso, long) {
    const line = document.createElement('div');
    line.className = 'since';
    const text = document.createElement('span');
    text.className = 'since-text';
    text.dataset.tick = 'duration';
    text.dataset.word = word;
    text.dataset.at = iso;
    if (long) text.dataset.long = 'true';
    render(text, Date.now());
    line.append(text, timeElement(iso, 'clock'));
    return line;
  }

  /** Rewrites every time under root for the clock's now. */
  function tick(root) {
    const now = Date.now();
    for (const node of root.querySelectorAll('[data-tick]')) render(node, now);
  }

  return { timeElement, sinceElement, tick, clockOf: (date) => clock.format(date) };
})();
