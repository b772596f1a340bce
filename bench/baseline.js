// The hand-written baseline the widget is measured against: the same
// request, the same eight columns with the same formatting (src/time.rs,
// src/paging.rs, src/components/table.rs), plain DOM calls, no framework.
// Only the newest request may change the screen, like the widget.
"use strict";

const API = "/v1";
const KEY = "app-demo";
const DEBOUNCE_MS = 400;
const params = new URLSearchParams(location.search);
const limit = Number(params.get("limit")) || 20;

const tbody = document.querySelector("tbody");
const pageLabel = document.getElementById("page");
const keywordInput = document.querySelector('input[aria-label="Keyword"]');
const nextButton = document.querySelector('button[aria-label="Next page"]');
const firstButton = document.querySelector('button[aria-label="First page"]');

let page = 1;
let keyword = "";
let pages = 1;
let seq = 0;
let inFlight = null;

const pad2 = (n) => String(n).padStart(2, "0");

// "2026-11-26 17:55:45" in the browser's time zone (format_local).
function formatLocal(secs) {
  const d = new Date(secs * 1000);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

// "2026-11-26T09:55:45Z" (format_utc), for the title.
const formatUtc = (secs) => new Date(secs * 1000).toISOString().slice(0, 19) + "Z";

// "45 ms", "1.25 s", "2 min 05 s", "1 h 02 min" (format_duration).
function formatDuration(secs) {
  if (!Number.isFinite(secs) || secs < 0) return "—";
  const ms = Math.round(secs * 1000);
  if (ms < 1000) return `${ms} ms`;
  const cs = Math.round(secs * 100);
  if (cs < 6000) return `${Math.floor(cs / 100)}.${pad2(cs % 100)} s`;
  const total = Math.round(secs);
  if (total < 3600) return `${Math.floor(total / 60)} min ${pad2(total % 60)} s`;
  return `${Math.floor(total / 3600)} h ${pad2(Math.floor((total % 3600) / 60))} min`;
}

// "12,345" (group_digits); "—" when absent or not an integer.
const num = (v) =>
  Number.isInteger(v) ? String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : "—";

const STATUS = {
  running: "Running", succeeded: "Succeeded", failed: "Failed", stopped: "Stopped",
  "partial-succeeded": "Partial success", paused: "Paused",
};
const statusLabel = (s) => (typeof s !== "string" || s === "" ? "Unknown" : STATUS[s] || s);

// Session ID, else account name, else e-mail, else a dash (user_cell).
function userCell(e) {
  const sid = e.created_by_end_user && e.created_by_end_user.session_id;
  if (typeof sid === "string" && sid !== "") return [sid, `End user session: ${sid}`];
  const a = e.created_by_account;
  if (a) {
    const email = typeof a.email === "string" && a.email !== "" ? a.email : null;
    if (typeof a.name === "string" && a.name !== "") {
      return [a.name, email ? `Account: ${a.name} <${email}>` : `Account: ${a.name}`];
    }
    if (email) return [email, `Account: ${email}`];
  }
  return ["—", ""];
}

// One line, at most 60 characters with an ellipsis (shorten).
function shorten(s, n) {
  const line = s.split(/\s+/).filter(Boolean).join(" ");
  const chars = Array.from(line);
  return chars.length <= n ? line : chars.slice(0, n - 1).join("") + "…";
}

function cell(tr, text, className, title) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (title) td.title = title;
  td.textContent = text;
  tr.appendChild(td);
  return td;
}

function row(e) {
  const run = e.workflow_run || null;
  const startedAt = Number.isInteger(e.created_at) ? e.created_at
    : run && Number.isInteger(run.created_at) ? run.created_at : null;
  const status = run && typeof run.status === "string" ? run.status : "";
  const finished = run && Number.isInteger(run.finished_at) ? run.finished_at : null;
  let runTime = "—";
  if (run && status === "running" && finished === null) runTime = "running…";
  else if (run && typeof run.elapsed_time === "number") runTime = formatDuration(run.elapsed_time);
  const [user, userTitle] = userCell(e);
  const error = run && typeof run.error === "string" ? run.error : "";

  const tr = document.createElement("tr");
  tr.dataset.logId = e.id;
  cell(tr, startedAt === null ? "—" : formatLocal(startedAt), null, startedAt === null ? "" : formatUtc(startedAt));
  const badge = document.createElement("span");
  badge.className = `badge badge--${status || "unknown"}`;
  badge.textContent = statusLabel(status);
  cell(tr, "").appendChild(badge);
  cell(tr, runTime, "num");
  cell(tr, num(run && run.total_tokens), "num");
  cell(tr, num(run && run.total_steps), "num");
  cell(tr, user, null, userTitle);
  cell(tr, typeof e.created_from === "string" ? e.created_from : "—");
  cell(tr, shorten(error, 60), null, error);
  return tr;
}

async function load() {
  const mine = ++seq;
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  const q = new URLSearchParams({ page: String(page), limit: String(limit) });
  if (keyword) q.set("keyword", keyword);
  try {
    const res = await fetch(`${API}/workflows/logs?${q}`, {
      headers: { Accept: "application/json", Authorization: `Bearer ${KEY}` },
      signal: inFlight.signal,
    });
    const body = await res.json();
    if (mine !== seq) return; // a newer query owns the screen
    if (!res.ok) throw new Error(body.message || `HTTP ${res.status}`);
    const data = Array.isArray(body.data) ? body.data : [];
    tbody.replaceChildren(...data.map(row));
    pages = Math.max(1, Math.ceil((body.total || 0) / limit));
    pageLabel.textContent = `Page ${page} of ${pages} · ${num(body.total)} runs`;
    nextButton.disabled = page >= pages;
  } catch (err) {
    if (mine === seq && err.name !== "AbortError") pageLabel.textContent = `Error: ${err.message}`;
  }
}

nextButton.addEventListener("click", () => { if (page < pages) { page += 1; load(); } });
firstButton.addEventListener("click", () => { page = 1; load(); });

let timer = 0;
function applyKeyword() {
  clearTimeout(timer);
  timer = 0;
  const v = keywordInput.value.trim();
  if (v !== keyword) { keyword = v; page = 1; load(); }
}
keywordInput.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(applyKeyword, DEBOUNCE_MS);
});
keywordInput.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); applyKeyword(); } });
keywordInput.addEventListener("change", applyKeyword);

load();
