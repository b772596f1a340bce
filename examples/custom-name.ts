// Another tag name (here "acme-run-logs", e.g. when "dify-logs" is taken), and
// the main wasm from a URL of your own (the chunks still come from next to the module).
import init, { defineElement, type DifyLogsElement } from "dify-logs";

await init({ module_or_path: new URL("/assets/dify-logs_bg.wasm", location.origin) });

try {
  defineElement("acme-run-logs");
} catch (e) {
  // An invalid name, or one already defined.
  console.error(e instanceof Error ? e.message : e);
}

const logs = document.createElement("acme-run-logs") as DifyLogsElement;
logs.options = { apiBase: "https://logs.example.com/v1", theme: "light" };
logs.addEventListener("dify-logs:select", (e) => console.info("run", e.detail.runId));
document.body.append(logs);
