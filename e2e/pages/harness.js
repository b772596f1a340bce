// Loaded as a classic script before the widget: records console output,
// uncaught errors and every fetch (with its AbortSignal) for the e2e tests.
(function () {
  "use strict";
  window.__console = [];
  const show = (a) => {
    try {
      if (typeof a === "string") return a;
      if (a instanceof Error) return a.name + ": " + a.message + "\n" + (a.stack || "");
      return JSON.stringify(a);
    } catch (_) {
      return String(a);
    }
  };
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    const orig = console[level].bind(console);
    console[level] = function (...args) {
      window.__console.push({ level, text: args.map(show).join(" ") });
      return orig(...args);
    };
  }
  window.addEventListener("error", (e) => {
    window.__console.push({ level: "exception", text: String(e.message) + "\n" + ((e.error && e.error.stack) || "") });
  });
  window.addEventListener("unhandledrejection", (e) => {
    window.__console.push({ level: "rejection", text: show(e.reason) });
  });

  window.__fetches = [];
  const origFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : (input && input.url) || String(input);
    const signal = (init && init.signal) || (input instanceof Request ? input.signal : null);
    const rec = { url, signal, outcome: "pending", error: null, status: null, t0: performance.now(), t1: null };
    window.__fetches.push(rec);
    const p = origFetch(input, init);
    p.then(
      (r) => { rec.outcome = "resolved"; rec.status = r.status; rec.t1 = performance.now(); },
      (e) => { rec.outcome = "rejected"; rec.error = (e && e.name) + ": " + (e && e.message); rec.t1 = performance.now(); }
    );
    return p;
  };
  window.__fetchLog = () =>
    window.__fetches.map((f) => ({
      url: f.url,
      has_signal: !!f.signal,
      aborted: f.signal ? f.signal.aborted : false,
      outcome: f.outcome,
      error: f.error,
      status: f.status,
      t0: f.t0,
      t1: f.t1,
    }));
  // When the user changed a control (capture phase, before the widget sees it).
  window.__events = [];
  for (const type of ["change", "click"]) {
    document.addEventListener(type, (e) => {
      const el = e.target;
      window.__events.push({
        type,
        t: performance.now(),
        label: (el && el.getAttribute && (el.getAttribute("aria-label") || el.textContent.trim())) || "",
        value: el && "value" in el ? String(el.value) : null,
      });
    }, true);
  }
  window.__params = new URLSearchParams(location.search);
})();
