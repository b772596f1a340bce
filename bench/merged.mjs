// The "All apps" benchmark (issue #21): what merging three apps' pages
// costs over one app, and memory over 500 merged page changes. Both sides
// are the widget on bench/widget.html against the demo started with
// `--apps 3`: one app (`?app=SLUG`, apiBase /apps/SLUG/v1) and all three
// (`?apps=1`, appsUrl /apps). Method: BENCHMARKS.md.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// In the page: clicks `label`, waits until the table holds `count` rows
// (any number for 0) whose first row is not `prevFirst`, then for the frame after them to be
// painted (rAF, then a MessageChannel task). Returns click, newest logs
// response end, rows in DOM, painted.
async function changeInPage([label, count, prevFirst]) {
  performance.clearResourceTimings();
  const rows = () => document.querySelectorAll("tbody tr[data-log-id]");
  // The last page may be short: a full page is asked for except there.
  const done = () => {
    const r = rows();
    return r.length > 0 && (count === 0 || r.length === count) && r[0].getAttribute("data-log-id") !== prevFirst;
  };
  const painted = new Promise((resolve) => {
    const after = (dom) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ dom, paint: performance.now() });
        ch.port2.postMessage(0);
      });
    const mo = new MutationObserver(() => {
      if (done()) {
        mo.disconnect();
        after(performance.now());
      }
    });
    mo.observe(document.querySelector("tbody") || document, { childList: true, subtree: true });
  });
  const b = document.querySelector(`button[aria-label="${label}"]`);
  const click = performance.now();
  b.click();
  const t = await painted;
  const logs = performance.getEntriesByType("resource").filter((e) => e.name.includes("/workflows/logs"));
  const resp = logs.length ? Math.max(...logs.map((e) => e.responseEnd)) : null;
  return {
    click,
    resp,
    ...t,
    first: rows()[0].getAttribute("data-log-id"),
    requests: logs.length,
  };
}

const firstId = (page) =>
  page.evaluate(() => document.querySelector("tbody tr[data-log-id]")?.getAttribute("data-log-id") ?? null);
const hasNext = (page) =>
  page.evaluate(() => !document.querySelector('button[aria-label="Next page"]')?.disabled);

async function open(browser, newContext, url) {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-log-id]").length === 20, null, { timeout: 30000 });
  return { ctx, page };
}

// One step forward (Next, or First at the end), measured in the page.
async function step(side) {
  const label = (await hasNext(side.page)) ? "Next page" : "First page";
  const prev = await firstId(side.page);
  // 0: any count (Next may lead to the short last page).
  const r = await side.page.evaluate(changeInPage, [label, label === "First page" ? 20 : 0, prev]);
  return { label, ...r };
}

/// Response → rows painted on Next, one app against three merged, the
/// two pages side by side, alternating one click at a time.
export async function benchMerged(browser, newContext, base, reps, log) {
  const apps = await (await fetch(`${base}/apps`)).json();
  const slug = apps[0].slug;
  const sides = {
    one: await open(browser, newContext, `${base}/widget.html?limit=20&app=${slug}`),
    merged: await open(browser, newContext, `${base}/widget.html?limit=20&apps=1`),
  };
  const out = { one: [], merged: [], apps: apps.length };
  // Warm-up: a few pages each (code paths, chunk-free), not timed.
  for (const s of Object.values(sides)) for (let i = 0; i < 5; i++) await step(s);
  for (let i = 0; i < reps; i++) {
    for (const kind of i % 2 ? ["merged", "one"] : ["one", "merged"]) {
      const r = await step(sides[kind]);
      if (r.label === "Next page") out[kind].push(r);
      await sleep(100);
    }
  }
  for (const s of Object.values(sides)) await s.ctx.close();
  log(`merged page changes done`);
  return out;
}

/// Memory after 10 and 500 merged page changes (Next to the end, then
/// First, and on), with garbage collected first.
export async function benchMergedMemory(browser, newContext, base, log) {
  const side = await open(browser, newContext, `${base}/widget.html?limit=20&apps=1`);
  const cdp = await side.ctx.newCDPSession(side.page);
  const out = [];
  let done = 0;
  for (const at of [10, 500]) {
    while (done < at) {
      await step(side);
      done++;
    }
    await sleep(300);
    for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    const wasm = await side.page.evaluate(() => window.__difyLogsWasmMemory?.buffer.byteLength ?? 0);
    out.push({ changes: at, jsHeapUsed: heap.usedSize, wasmMemory: wasm });
  }
  await side.ctx.close();
  log(`merged memory done`);
  const [a, z] = out;
  return { points: out, growth: z.jsHeapUsed - a.jsHeapUsed + (z.wasmMemory - a.wasmMemory) };
}
