// The host script of csp.html: records every Content-Security-Policy
// violation, then mounts the widget as the README shows.
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});
try {
  const mod = await import("./dify-logs.js");
  await mod.default();
  window.__handle = mod.mount(document.getElementById("w"), { apiBase: "/v1", apiKey: "app-demo" });
  window.__ready = true;
} catch (e) {
  window.__initError = String((e && e.stack) || e);
}
