// Injected into both benchmark pages before any of their scripts run
// (Playwright addInitScript). It only observes: it never touches the page's
// own DOM or network.
//
// "Rows painted" = the first requestAnimationFrame after a MutationObserver
// sees the expected rows in the <tbody> (right count, expected last
// data-log-id), then a MessageChannel task posted from that rAF callback:
// that task runs after the frame's style, layout and paint, so its
// performance.now() is the painted time.
(() => {
  const B = (window.__bench = {});
  const rowsOf = (root) => root.querySelectorAll("tbody tr[data-log-id]");
  const ready = (root, count, lastId) => {
    const rows = rowsOf(root);
    return rows.length === count && rows[rows.length - 1].getAttribute("data-log-id") === lastId;
  };
  const afterPaint = (dom, resolve) =>
    requestAnimationFrame(() => {
      const raf = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve({ dom, raf, paint: performance.now() });
      ch.port2.postMessage(0);
    });

  // Resolves with {dom, raf, paint} once `count` rows ending with `lastId`
  // are in the table and painted. Watches the tbody when it exists (page
  // changes), else the whole document (first load).
  B.watch = (count, lastId) =>
    new Promise((resolve) => {
      const tbody = document.querySelector("tbody tr[data-log-id]")?.parentElement;
      const root = tbody || document;
      if (ready(document, count, lastId)) return afterPaint(performance.now(), resolve);
      const mo = new MutationObserver(() => {
        if (ready(document, count, lastId)) {
          const dom = performance.now();
          mo.disconnect();
          afterPaint(dom, resolve);
        }
      });
      mo.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-log-id"] });
    });

  // responseEnd (Resource Timing) of the newest /workflows/logs fetch.
  B.lastLogsResponseEnd = () => {
    const e = performance.getEntriesByType("resource").filter((r) => r.name.includes("/workflows/logs"));
    return e.length ? e[e.length - 1].responseEnd : null;
  };
  B.logsEntries = () => performance.getEntriesByType("resource").filter((r) => r.name.includes("/workflows/logs")).length;

  B.click = (label) => {
    const b = document.querySelector(`button[aria-label="${label}"]`);
    if (!b) throw new Error(`no button ${label}`);
    const t = performance.now();
    b.click();
    return t;
  };

  // One page change: clicks `label`, waits for the rows, returns the timings.
  // The next change starts only after `settleMs`, so trailing work of this
  // one (chart, pager) does not overlap the next measurement.
  B.change = async (label, count, lastId, settleMs) => {
    performance.clearResourceTimings();
    const watching = B.watch(count, lastId);
    const click = B.click(label);
    const t = await watching;
    let resp = B.lastLogsResponseEnd();
    for (let i = 0; resp === null && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 10));
      resp = B.lastLogsResponseEnd();
    }
    if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
    return { click, resp, ...t };
  };

  // Page changes in a loop, inside the page; each is timed in the page, so a
  // round trip between calls is never counted.
  // `plan` is a list of [label, count, lastId].
  B.changes = async (plan, settleMs) => {
    const out = [];
    for (const [label, count, lastId] of plan) out.push(await B.change(label, count, lastId, settleMs));
    return out;
  };

  // Records every distinct set of rows shown from now on (for the
  // typing test: a stale render is any set other than the final one).
  B.recordRenders = () => {
    const seen = [];
    const sig = () => Array.from(rowsOf(document), (r) => r.getAttribute("data-log-id")).join(",");
    let last = sig();
    // Sampled at animation frames: what was painted, not the
    // intermediate states of one render.
    let pending = false;
    const mo = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const s = sig();
        if (s !== last) { last = s; seen.push(s); }
      });
    });
    mo.observe(document.querySelector("tbody"), { childList: true, subtree: true, attributes: true, attributeFilter: ["data-log-id"] });
    B.renders = () => { mo.disconnect(); return seen; };
  };

  const q = new URLSearchParams(location.search);
  if (q.has("expect")) B.first = B.watch(Number(q.get("limit")) || 20, q.get("expect"));
})();
