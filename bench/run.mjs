// The dify-logs benchmark: the widget against a hand-written JavaScript
// baseline, side by side in one headless Chromium run. Method and figures:
// BENCHMARKS.md. Run it through ./scripts/bench, which builds what is
// missing, starts the demo backend and passes its address in BENCH_BASE.
//
//   BENCH_BASE   http://127.0.0.1:PORT of `dify-logs-server demo --test-hooks
//                --serve-dir DIR` where DIR holds dist/ plus bench/*.html|js
//   BENCH_REPS   repetitions per timed figure (default 25)
//   BENCH_LOAD_REPS  page loads per side and page size (default 40, at
//                least BENCH_REPS): a cold load's timing depends on where
//                the answer falls in the page's first frames, so its median
//                needs more samples than a page change's
//   BENCH_OUT    where to write the JSON results (default bench/last-run.json)
//   BENCH_MD     BENCHMARKS.md to refresh between its bench:figures markers
//                (default ../BENCHMARKS.md; "" to skip)
//   BENCH_ONLY   "merged": only the "All apps" figures (bench/merged.mjs),
//                written between the bench:merged markers

import { chromium } from "playwright-core";
import { benchMerged, benchMergedMemory } from "./merged.mjs";
import { gzipSync, constants as zc } from "node:zlib";
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const BASE = process.env.BENCH_BASE;
if (!BASE) throw new Error("BENCH_BASE is not set: run ./scripts/bench");
const REPS = Number(process.env.BENCH_REPS || 25);
const LOAD_REPS = Number(process.env.BENCH_LOAD_REPS || Math.max(REPS, 40));
const OUT = process.env.BENCH_OUT || path.join(HERE, "last-run.json");
const MD = process.env.BENCH_MD ?? path.join(ROOT, "BENCHMARKS.md");
const KEY = "app-demo";
const KEYWORD = "list open in"; // 12 characters, matches 51 of the demo's runs
const KEY_DELAY_MS = 60;
const MEMORY_CHECKPOINTS = [10, 100, 250, 500];
const SETTLE_MS = 100; // pause between timed page changes
const CHROMIUM = process.env.BENCH_CHROMIUM || "/usr/bin/chromium";
const KINDS = ["widget", "baseline"];

const log = (...a) => console.error("[bench]", ...a);
const t0 = Date.now();
const LOAD_AT_START = os.loadavg(); // 1, 5, 15 min: other work on the machine skews the figures

// ---------------------------------------------------------------- helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
const summary = (xs) => ({
  n: xs.length,
  median: median(xs),
  p25: quantile(xs, 0.25),
  p75: quantile(xs, 0.75),
  min: Math.min(...xs),
  max: Math.max(...xs),
});
const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function api(pathAndQuery, init = {}) {
  const res = await fetch(BASE + pathAndQuery, {
    ...init,
    headers: { Authorization: `Bearer ${KEY}`, ...(init.headers || {}) },
  });
  if (!res.ok) throw new Error(`${pathAndQuery}: HTTP ${res.status}`);
  return res.json();
}

// Expected rows per page, from the same backend: [count, last log id].
async function pageTable(limit, keyword = "") {
  const kw = keyword ? `&keyword=${encodeURIComponent(keyword)}` : "";
  const first = await api(`/v1/workflows/logs?page=1&limit=${limit}${kw}`);
  const pages = Math.max(1, Math.ceil(first.total / limit));
  const table = [null];
  for (let p = 1; p <= pages; p++) {
    const body = p === 1 ? first : await api(`/v1/workflows/logs?page=${p}&limit=${limit}${kw}`);
    table.push({ count: body.data.length, lastId: body.data[body.data.length - 1].id, ids: body.data.map((d) => d.id) });
  }
  return { pages, table, total: first.total };
}

// Page-change plan: [label, count, lastId] from page `from`, `n` changes,
// Next until the last page, then First.
function plan(pt, from, n) {
  const steps = [];
  let p = from;
  for (let i = 0; i < n; i++) {
    const label = p < pt.pages ? "Next page" : "First page";
    p = p < pt.pages ? p + 1 : 1;
    steps.push([label, pt.table[p].count, pt.table[p].lastId]);
  }
  return { steps, end: p };
}

async function inPage(page, fn, arg, ms = 60000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms in ${page.url()}`)), ms);
  });
  try {
    return await Promise.race([page.evaluate(fn, arg), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- sizes

function sizes() {
  const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
  const widgetFiles = ["dify-logs_bg.wasm", "dify-logs.js", "dify-logs.css"].map((f) => path.join(ROOT, "dist", f));
  const baselineFiles = ["baseline.html", "baseline.js"].map((f) => path.join(HERE, f));
  const entry = (f) => ({ file: path.relative(ROOT, f), bytes: readFileSync(f).length, gzip9: gz(f) });
  const widget = widgetFiles.map(entry);
  const baseline = baselineFiles.map(entry);
  const host = entry(path.join(HERE, "widget.html"));
  const total = (xs) => xs.reduce((a, e) => a + e.gzip9, 0);
  const dist = path.join(ROOT, "dist");
  const all = readdirSync(dist, { recursive: true })
    .filter((f) => /\.(js|wasm|css)$/.test(f))
    .map((f) => entry(path.join(dist, f)));
  return {
    widget, baseline, widgetHostPage: host, all,
    widgetGzip: total(widget), baselineGzip: total(baseline), allGzip: total(all),
  };
}

// gzip -9 of a file the page fetched, by its URL path: dist/ for the widget,
// bench/ for the baseline (the host pages are not counted on either side).
const gzipCache = new Map();
function fetchedGzip(urlPath) {
  const name = decodeURIComponent(urlPath.replace(/^\//, ""));
  if (!/\.(js|wasm|css)$/.test(name)) return 0;
  if (!gzipCache.has(name)) {
    const f = [path.join(ROOT, "dist", name), path.join(HERE, name)].find(existsSync);
    gzipCache.set(name, f ? gzipSync(readFileSync(f), { level: 9 }).length : 0);
  }
  return gzipCache.get(name);
}

// ---------------------------------------------------------------- browser

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--enable-precise-memory-info",
  // Nothing but loopback: any other host name fails to resolve.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];
const HARNESS = readFileSync(path.join(HERE, "harness.js"), "utf8");

async function newContext(browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript({ content: HARNESS });
  return ctx;
}

const url = (kind, limit, expect) => `${BASE}/${kind}.html?limit=${limit}${expect ? `&expect=${expect}` : ""}`;

// Waits for the first rows of a freshly (re)loaded page; returns timings
// relative to navigation start (performance.now() of the page).
async function firstRows(page) {
  return inPage(page, async () => {
    const t = await window.__bench.first;
    let resp = window.__bench.lastLogsResponseEnd();
    for (let i = 0; resp === null && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 10));
      resp = window.__bench.lastLogsResponseEnd();
    }
    const nav = performance.getEntriesByType("navigation")[0];
    // What was fetched before the rows were painted, and when each file
    // arrived (Resource Timing).
    const fetched = performance
      .getEntriesByType("resource")
      .filter((e) => e.startTime < t.paint)
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd }));
    return { ...t, resp, dcl: nav ? nav.domContentLoadedEventEnd : null, fetched };
  }, undefined, 30000).then((x) => ({
    ...x,
    fetchedGzip: x.fetched.reduce((a, f) => a + fetchedGzip(f.path), 0),
  }));
}

// A first visit on an emulated 10 Mbit/s link with 40 ms of latency (CDP
// Network.emulateNetworkConditions; the demo serves the files gzip-encoded).
const SLOW = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 };
async function benchThrottled(browser, pts, reps) {
  const out = {};
  const limit = 20;
  const expect = pts[limit].table[1].lastId;
  for (const k of KINDS) out[`${k}:${limit}`] = [];
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 ? [...KINDS].reverse() : KINDS;
    for (const kind of order) {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", SLOW);
      await page.goto(url(kind, limit, expect));
      out[`${kind}:${limit}`].push(await firstRows(page));
      await ctx.close();
    }
  }
  log(`throttled first visits done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return out;
}

// 1 + 3: response → rows painted and navigation → rows painted, on a first
// visit (new browser context: empty HTTP cache) and on a reload.
async function benchLoads(browser, pts) {
  const out = {};
  for (const limit of [20, 100]) {
    const expect = pts[limit].table[1].lastId;
    for (const k of KINDS) out[`${k}:${limit}`] = { cold: [], warm: [] };
    for (let rep = 0; rep < LOAD_REPS; rep++) {
      const order = rep % 2 ? [...KINDS].reverse() : KINDS;
      for (const kind of order) {
        const ctx = await newContext(browser);
        const page = await ctx.newPage();
        await page.goto(url(kind, limit, expect));
        out[`${kind}:${limit}`].cold.push(await firstRows(page));
        await page.reload();
        out[`${kind}:${limit}`].warm.push(await firstRows(page));
        await ctx.close();
      }
    }
    log(`loads with ${limit} rows done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  return out;
}

// 1 + 2: page changes. Both pages open side by side; one warm-up pass over
// every page each, then REPS timed "Next page" clicks that alternate between
// the two pages one click at a time (the order flipping every click), so
// drift of the machine hits both alike. A "First page" click, not timed,
// starts over where Next ends.
async function benchNext(browser, pts) {
  const out = {};
  for (const limit of [20, 100]) {
    const pt = pts[limit];
    const sides = {};
    for (const kind of KINDS) {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await page.goto(url(kind, limit, pt.table[1].lastId));
      await firstRows(page);
      const warm = plan(pt, 1, pt.pages); // back on page 1
      await inPage(page, ([s]) => window.__bench.changes(s, 0), [warm.steps], 120000);
      sides[kind] = { ctx, page, p: warm.end };
      out[`${kind}:${limit}`] = [];
    }
    for (let i = 0; i < REPS; i++) {
      for (const kind of i % 2 ? [...KINDS].reverse() : KINDS) {
        const side = sides[kind];
        // The steps up to and including one "Next page".
        const steps = [];
        while (!steps.some((st) => st[0] === "Next page")) {
          const next = plan(pt, side.p, 1);
          steps.push(...next.steps);
          side.p = next.end;
        }
        const res = await inPage(side.page, ([s, settle]) => window.__bench.changes(s, settle), [steps, SETTLE_MS], 60000);
        res.forEach((r, j) => { if (steps[j][0] === "Next page") out[`${kind}:${limit}`].push(r); });
      }
    }
    for (const kind of KINDS) await sides[kind].ctx.close();
    log(`page changes with ${limit} rows done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  return out;
}

// 4: memory after 10, 100, 250 and 500 page changes (20 rows a page).
async function benchMemory(browser, pts) {
  const out = {};
  const pt = pts[20];
  for (const kind of KINDS) {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await page.goto(url(kind, 20, pt.table[1].lastId));
    await firstRows(page);
    let p = 1;
    let done = 0;
    out[kind] = [];
    for (const at of MEMORY_CHECKPOINTS) {
      const pl = plan(pt, p, at - done);
      await inPage(page, ([s]) => window.__bench.changes(s, 0), [pl.steps], 300000);
      p = pl.end;
      done = at;
      await sleep(300); // let trailing timers and effects run
      for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
      const heap = await cdp.send("Runtime.getHeapUsage");
      const dom = await cdp.send("Memory.getDOMCounters");
      const wasm = await page.evaluate(() => window.__difyLogsWasmMemory?.buffer.byteLength ?? 0);
      const rows = await page.evaluate(() => document.querySelectorAll("tbody tr").length);
      out[kind].push({ changes: at, jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasmMemory: wasm, ...dom, rows });
    }
    await ctx.close();
    log(`memory (${kind}) done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  return out;
}

// 5: a 12-character keyword typed at 60 ms a key; requests counted by the
// demo's request log, renders sampled at animation frames.
async function benchTyping(browser, pts, kwTable) {
  const out = {};
  const bursts = 5;
  const expect = kwTable.table[1];
  for (const kind of KINDS) {
    out[kind] = [];
    const ctx = await newContext(browser);
    for (let b = 0; b < bursts; b++) {
      const page = await ctx.newPage();
      await page.goto(url(kind, 20, pts[20].table[1].lastId));
      await firstRows(page);
      await sleep(200);
      await fetch(`${BASE}/__test/requests`, { method: "DELETE" });
      await page.evaluate(() => {
        window.__bench.recordRenders();
        const input = document.querySelector('input[aria-label="Keyword"]');
        input.addEventListener("keydown", () => { window.__bench.lastKey = performance.now(); });
      });
      const watching = page.evaluate(([c, id]) => window.__bench.watch(c, id).then((t) => ({ ...t, lastKey: window.__bench.lastKey })), [expect.count, expect.lastId]);
      watching.catch(() => {}); // a page closed after a timeout must not crash the run
      await page.click('input[aria-label="Keyword"]');
      await page.keyboard.type(KEYWORD, { delay: KEY_DELAY_MS });
      let timer;
      const t = await Promise.race([watching, new Promise((r) => { timer = setTimeout(() => r(null), 10000); })]);
      clearTimeout(timer);
      await sleep(1200); // anything late would arrive in this window
      const requests = (await (await fetch(`${BASE}/__test/requests`)).json()).filter((r) => r.path.endsWith("/workflows/logs"));
      const renders = await page.evaluate(() => window.__bench.renders());
      const finalSig = expect.ids.join(",");
      out[kind].push({
        requests: requests.length,
        keywords: requests.map((r) => (r.params.find(([k]) => k === "keyword") || [])[1] ?? null),
        renders: renders.length,
        staleRenders: renders.filter((s) => s !== finalSig).length,
        finalRowsCorrect: renders.length > 0 && renders[renders.length - 1] === finalSig,
        lastKeyToPainted: t ? t.paint - t.lastKey : null,
      });
      await page.close();
    }
    await ctx.close();
  }
  log(`typing done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return out;
}

// ---------------------------------------------------------------- report

function machine(browserVersion) {
  const cpus = os.cpus();
  let gitRev = null;
  try { gitRev = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(); } catch {}
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: browserVersion,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    loadAverageAtStart: LOAD_AT_START.map((x) => round(x, 2)),
    loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
    gitRev,
  };
}

function analyse(r) {
  const s = (xs, f) => summary(xs.map(f));
  const fig = {};
  for (const limit of [20, 100]) {
    for (const kind of KINDS) {
      const L = r.loads[`${kind}:${limit}`];
      const N = r.next[`${kind}:${limit}`];
      fig[`${kind}:${limit}`] = {
        loadRespToPaintCold: s(L.cold, (x) => x.paint - x.resp),
        loadRespToPaintWarm: s(L.warm, (x) => x.paint - x.resp),
        openToPaintCold: s(L.cold, (x) => x.paint),
        openToPaintWarm: s(L.warm, (x) => x.paint),
        fetchedBeforeRows: s(L.cold, (x) => x.fetchedGzip),
        nextRespToDom: s(N, (x) => x.dom - x.resp),
        nextRespToPaint: s(N, (x) => x.paint - x.resp),
        nextClickToPaint: s(N, (x) => x.paint - x.click),
        nextClickToResp: s(N, (x) => x.resp - x.click),
      };
    }
  }
  for (const kind of KINDS) {
    const T = r.throttled[`${kind}:20`];
    fig[`${kind}:20`].openToPaintSlow = s(T, (x) => x.paint);
    fig[`${kind}:20`].slowWasmArrived = s(T, (x) => Math.max(0, ...x.fetched.filter((f) => f.path.endsWith("dify-logs_bg.wasm")).map((f) => f.end)));
  }
  const mem = {};
  for (const kind of KINDS) {
    const m = r.memory[kind];
    const a = m[0];
    const z = m[m.length - 1];
    mem[kind] = {
      jsHeapGrowth: z.jsHeapUsed - a.jsHeapUsed,
      wasmGrowth: z.wasmMemory - a.wasmMemory,
      nodesGrowth: z.nodes - a.nodes,
      listenersGrowth: z.jsEventListeners - a.jsEventListeners,
      totalGrowth: z.jsHeapUsed - a.jsHeapUsed + (z.wasmMemory - a.wasmMemory),
    };
  }
  const typing = {};
  for (const kind of KINDS) {
    const t = r.typing[kind];
    typing[kind] = {
      requestsPerBurst: t.map((x) => x.requests),
      staleRenders: t.reduce((a, x) => a + x.staleRenders, 0),
      allFinalRowsCorrect: t.every((x) => x.finalRowsCorrect),
      lastKeyToPainted: summary(t.map((x) => x.lastKeyToPainted).filter((x) => x !== null)),
    };
  }
  const ratio = (key, limit) => fig[`widget:${limit}`][key].median / fig[`baseline:${limit}`][key].median;
  const budgets = [
    { what: "gzip -9 fetched before the first 20 rows (Resource Timing)", budget: "≤ 200 KB", figure: `${round(fig["widget:20"].fetchedBeforeRows.median / 1024)} KB`, pass: fig["widget:20"].fetchedBeforeRows.median <= 200 * 1024 },
    { what: "gzip -9 of every js/wasm/css file in dist/", budget: "≤ 360 KB", figure: `${round(r.sizes.allGzip / 1024)} KB`, pass: r.sizes.allGzip <= 360 * 1024 },
    { what: "page open → first 20 rows painted, first visit", budget: "≤ 1.5× baseline", figure: `${round(ratio("openToPaintCold", 20), 2)}×`, pass: ratio("openToPaintCold", 20) <= 1.5 },
    { what: "the same on 10 Mbit/s, 40 ms latency", budget: "≤ 1.5× baseline", figure: `${round(ratio("openToPaintSlow", 20), 2)}×`, pass: ratio("openToPaintSlow", 20) <= 1.5 },
    { what: "100 rows: response → DOM + layout (painted), page change", budget: "≤ 1.3× baseline", figure: `${round(ratio("nextRespToPaint", 100), 2)}×`, pass: ratio("nextRespToPaint", 100) <= 1.3 },
    { what: "Next page click → painted (100 rows)", budget: "≤ 1.3× baseline", figure: `${round(ratio("nextClickToPaint", 100), 2)}×`, pass: ratio("nextClickToPaint", 100) <= 1.3 },
    { what: "Next page click → painted (20 rows)", budget: "≤ 1.2× baseline", figure: `${round(ratio("nextClickToPaint", 20), 2)}×`, pass: ratio("nextClickToPaint", 20) <= 1.2 },
    { what: `memory growth, ${MEMORY_CHECKPOINTS[0]} → ${MEMORY_CHECKPOINTS.at(-1)} page changes (JS heap + wasm)`, budget: "< 1 MB", figure: `${round(mem.widget.totalGrowth / 2 ** 20, 2)} MB`, pass: mem.widget.totalGrowth < 2 ** 20 },
    { what: "requests per 12-key typing burst", budget: "exactly 1", figure: typing.widget.requestsPerBurst.join(", "), pass: typing.widget.requestsPerBurst.every((n) => n === 1) },
    { what: "stale renders while typing", budget: "0", figure: String(typing.widget.staleRenders), pass: typing.widget.staleRenders === 0 && typing.widget.allFinalRowsCorrect },
  ];
  return { fig, mem, typing, budgets };
}

// Where a first visit's time goes (medians, ms from navigation start, 20
// rows): when the module, the main wasm and the logs request's answer
// arrived, when that request was sent, the rows in the DOM and painted.
function breakdown(r) {
  const at = (x, test, key) => {
    const f = x.fetched.find((e) => test(e.path));
    return f ? f[key] : NaN;
  };
  const cols = [
    ["module loaded", (x, kind) => at(x, (p) => p.endsWith(kind === "widget" ? "dify-logs.js" : "baseline.js"), "end")],
    ["wasm loaded", (x) => at(x, (p) => p.endsWith("dify-logs_bg.wasm"), "end")],
    ["request sent", (x) => at(x, (p) => p.includes("/workflows/logs"), "start")],
    ["answer", (x) => x.resp],
    ["rows in DOM", (x) => x.dom],
    ["painted", (x) => x.paint],
  ];
  const rows = [];
  for (const [link, key] of [["loopback", "loads"], ["10 Mbit/s, 40 ms", "throttled"]]) {
    for (const kind of KINDS) {
      const xs = key === "loads" ? r.loads[`${kind}:20`].cold : r.throttled[`${kind}:20`];
      rows.push([`${kind}, ${link}`, ...cols.map(([, f]) => {
        const m = median(xs.map((x) => f(x, kind)).filter(Number.isFinite));
        return Number.isFinite(m) ? String(round(m, 0)) : "-";
      })]);
    }
  }
  return { header: ["first visit, 20 rows", ...cols.map(([n]) => n)], rows };
}

function table(r, a) {
  const ms = (x) => `${round(x, 1)} ms`;
  const kb = (b) => `${round(b / 1024, 1)} KB`;
  const mb = (b) => `${b < 0 ? "−" : "+"}${round(Math.abs(b) / 2 ** 20, 2)} MB`;
  const rows = [];
  const timing = (label, key, limit) => {
    const w = a.fig[`widget:${limit}`][key].median;
    const b = a.fig[`baseline:${limit}`][key].median;
    rows.push([label, ms(w), ms(b), `${round(w / b, 2)}×`]);
  };
  rows.push(["gzip -9 of every js/wasm/css file (widget: dist/; baseline: html + js)", kb(r.sizes.allGzip), kb(r.sizes.baselineGzip), `${round(r.sizes.allGzip / r.sizes.baselineGzip, 0)}×`]);
  rows.push(["gzip -9 of the js/wasm/css fetched before the first 20 rows, first visit", kb(a.fig["widget:20"].fetchedBeforeRows.median), kb(a.fig["baseline:20"].fetchedBeforeRows.median), ""]);
  for (const limit of [20, 100]) {
    timing(`response → ${limit} rows painted, first visit`, "loadRespToPaintCold", limit);
    timing(`response → ${limit} rows painted, reload`, "loadRespToPaintWarm", limit);
    timing(`response → ${limit} rows painted, Next page`, "nextRespToPaint", limit);
    timing(`response → ${limit} rows in the DOM (no frame wait), Next page`, "nextRespToDom", limit);
  }
  for (const limit of [20, 100]) timing(`Next page click → ${limit} rows painted`, "nextClickToPaint", limit);
  for (const limit of [20, 100]) {
    timing(`page open → first ${limit} rows painted, first visit`, "openToPaintCold", limit);
    timing(`page open → first ${limit} rows painted, reload`, "openToPaintWarm", limit);
  }
  timing("page open → first 20 rows painted, first visit, 10 Mbit/s + 40 ms", "openToPaintSlow", 20);
  rows.push(["page open → main wasm arrived, first visit, 10 Mbit/s + 40 ms", ms(a.fig["widget:20"].slowWasmArrived.median), "no wasm", ""]);
  const m = r.memory;
  const first = (k) => m[k][0];
  const last = (k) => m[k][m[k].length - 1];
  const [c0, c1] = [MEMORY_CHECKPOINTS[0], MEMORY_CHECKPOINTS.at(-1)];
  rows.push([`JS heap used after ${c0} → ${c1} page changes`, `${kb(first("widget").jsHeapUsed)} → ${kb(last("widget").jsHeapUsed)}`, `${kb(first("baseline").jsHeapUsed)} → ${kb(last("baseline").jsHeapUsed)}`, ""]);
  rows.push([`wasm memory after ${c0} → ${c1} page changes`, `${kb(first("widget").wasmMemory)} → ${kb(last("widget").wasmMemory)}`, "none", ""]);
  rows.push([`growth ${c0} → ${c1} (JS heap + wasm)`, mb(a.mem.widget.totalGrowth), mb(a.mem.baseline.totalGrowth), ""]);
  rows.push([`DOM nodes after ${c0} → ${c1}`, `${first("widget").nodes} → ${last("widget").nodes}`, `${first("baseline").nodes} → ${last("baseline").nodes}`, ""]);
  rows.push(["requests per 12-key burst at 60 ms/key (5 bursts)", a.typing.widget.requestsPerBurst.join(", "), a.typing.baseline.requestsPerBurst.join(", "), ""]);
  rows.push(["stale renders while typing (5 bursts)", String(a.typing.widget.staleRenders), String(a.typing.baseline.staleRenders), ""]);
  timingRow(rows, "last key → filtered rows painted (incl. 400 ms debounce)", a.typing.widget.lastKeyToPainted.median, a.typing.baseline.lastKeyToPainted.median);
  return rows;
}

function timingRow(rows, label, w, b) {
  rows.push([label, `${round(w, 1)} ms`, `${round(b, 1)} ms`, `${round(w / b, 2)}×`]);
}

function markdown(rows, header) {
  const esc = (s) => String(s).replace(/\|/g, "\\|");
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

function plain(rows, header) {
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join("  ");
  return [line(header), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main

// The "All apps" figures: Next, response → painted, one app vs three
// merged; memory growth over 500 merged page changes.
async function mergedFigures(browser) {
  const m = await benchMerged(browser, newContext, BASE, REPS, log);
  // A merged Next whose runs were all in the apps' buffers sends no request:
  // it has no "response" and is left out of that figure (counted apart).
  const asked = (xs) => xs.filter((r) => r.resp !== null && r.requests > 0);
  const paint = (xs) => median(asked(xs).map((r) => r.paint - r.resp));
  const one = paint(m.one);
  const merged = paint(m.merged);
  const noRequest = m.merged.length - asked(m.merged).length;
  const mem = await benchMergedMemory(browser, newContext, BASE, log);
  const f = {
    apps: m.apps,
    reps: REPS,
    oneRespToPaint: round(one, 2),
    mergedRespToPaint: round(merged, 2),
    overhead: round((merged / one - 1) * 100, 1),
    oneClickToPaint: round(median(m.one.map((r) => r.paint - r.click)), 1),
    mergedClickToPaint: round(median(m.merged.map((r) => r.paint - r.click)), 1),
    mergedRequestsPerNext: median(m.merged.map((r) => r.requests)),
    mergedNextsWithoutRequest: noRequest,
    memoryGrowthMB: round(mem.growth / 2 ** 20, 3),
    memory: mem.points,
  };
  const rows = [
    ["Next → 20 rows: response → painted (median)", `${f.oneRespToPaint} ms`, `${f.mergedRespToPaint} ms`, `${f.overhead >= 0 ? "+" : ""}${f.overhead} %`, "≤ +10 %", f.overhead <= 10 ? "pass" : "FAIL"],
    ["Next → 20 rows: click → painted (median)", `${f.oneClickToPaint} ms`, `${f.mergedClickToPaint} ms`, "", "", ""],
    ["log requests per Next (median)", "1", String(f.mergedRequestsPerNext), "", "", ""],
    ["Next clicks answered from the buffers (no request)", "0", `${noRequest} of ${m.merged.length}`, "", "", ""],
    [`memory growth, 10 → 500 merged page changes (JS heap + wasm)`, "", `${f.memoryGrowthMB} MB`, "", "< 1 MB", f.memoryGrowthMB < 1 ? "pass" : "FAIL"],
  ];
  return { f, rows, header: ["measure", "one app", `${m.apps} apps merged`, "difference", "budget", "result"] };
}

function writeBlock(name, lines) {
  if (!MD || !existsSync(MD)) return;
  const md = readFileSync(MD, "utf8");
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const i = md.indexOf(begin);
  const j = md.indexOf(end);
  if (i < 0 || j < i) return;
  writeFileSync(MD, md.slice(0, i) + [begin, ...lines, end].join("\n") + md.slice(j + end.length));
  log(`${name} figures written to ${path.relative(process.cwd(), MD)}`);
}

async function mergedOnly() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const mc = machine(browser.version());
  try {
    const { f, rows, header } = await mergedFigures(browser);
    console.log("\n" + plain(rows, header) + "\n");
    writeFileSync(OUT.replace(/\.json$/, "-merged.json"), JSON.stringify({ startedAt: new Date().toISOString(), machine: mc, ...f }, null, 2) + "\n");
    writeBlock("merged", [
      `Latest run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${mc.gitRev ?? "?"}, ` +
        `${mc.cores} cores, Chromium ${mc.chromium} headless, ${REPS} Next clicks per side; ` +
        `load average ${mc.loadAverageAtStart.join(" / ")} at the start.`,
      "",
      markdown(rows, header),
    ]);
  } finally {
    await browser.close();
  }
}

async function main() {
  if (process.env.BENCH_ONLY === "merged") return mergedOnly();
  const result = { startedAt: new Date().toISOString(), reps: REPS, loadReps: LOAD_REPS, base: BASE };
  result.sizes = sizes();
  const pts = { 20: await pageTable(20), 100: await pageTable(100) };
  const kwTable = await pageTable(20, KEYWORD);
  log(`demo: ${pts[20].total} runs; keyword "${KEYWORD}" matches ${kwTable.total}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  result.machine = machine(browser.version());
  log(`chromium ${browser.version()}, ${REPS} repetitions, ${LOAD_REPS} page loads`);
  try {
    result.loads = await benchLoads(browser, pts);
    result.throttled = await benchThrottled(browser, pts, Number(process.env.BENCH_SLOW_REPS || 15));
    result.next = await benchNext(browser, pts);
    result.memory = await benchMemory(browser, pts);
    result.typing = await benchTyping(browser, pts, kwTable);
    result.merged = await mergedFigures(browser);
  } finally {
    await browser.close();
  }
  result.durationS = round((Date.now() - t0) / 1000, 0);
  result.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
  const a = analyse(result);
  result.figures = a.fig;
  result.memoryGrowth = a.mem;
  result.typingSummary = a.typing;
  result.budgets = a.budgets;
  const bd = breakdown(result);
  result.firstVisitBreakdown = bd;
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");

  const header = ["measure (medians)", "widget", "baseline", "widget/baseline"];
  const rows = table(result, a);
  const bheader = ["budget", "limit", "widget", "result"];
  const brows = a.budgets.map((b) => [b.what, b.budget, b.figure, b.pass ? "pass" : "FAIL"]);
  console.log("\n" + plain(rows, header) + "\n\n" + plain(bd.rows, bd.header) + "\n\n" + plain(brows, bheader) + "\n");
  console.log(`${REPS} repetitions, ${LOAD_REPS} page loads, ${result.durationS} s; results in ${path.relative(process.cwd(), OUT)}`);

  if (MD && existsSync(MD)) {
    const md = readFileSync(MD, "utf8");
    const begin = "<!-- bench:figures:begin -->";
    const end = "<!-- bench:figures:end -->";
    const i = md.indexOf(begin);
    const j = md.indexOf(end);
    if (i >= 0 && j > i) {
      const mc = result.machine;
      const block = [
        begin,
        `Latest run: ${result.startedAt.slice(0, 16).replace("T", " ")} UTC, commit ${mc.gitRev ?? "?"}, ` +
          `${mc.cpu} (${mc.cores} cores, ${mc.memoryGiB} GiB), ${mc.os}, Chromium ${mc.chromium} headless, ` +
          `Node ${mc.node}, ${REPS} repetitions per timed figure (${LOAD_REPS} for page loads), ${result.durationS} s in all; ` +
          `load average (1/5/15 min) ${mc.loadAverageAtStart.join(" / ")} at the start, ${mc.loadAverageAtEnd.join(" / ")} at the end.`,
        "",
        markdown(rows, header),
        "",
        markdown(bd.rows, bd.header),
        "",
        markdown(brows, bheader),
        end,
      ].join("\n");
      writeFileSync(MD, md.slice(0, i) + block + md.slice(j + end.length));
      log(`figures written to ${path.relative(process.cwd(), MD)}`);
    }
  }
  console.log("\n" + plain(result.merged.rows, result.merged.header) + "\n");
  writeBlock("merged", [markdown(result.merged.rows, result.merged.header)]);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
