// mount(): one widget in a container, behind dify-logs-server's proxy (no key in the page).
import init, { mount, type DifyLogsOptions, type WidgetHandle } from "dify-logs";

await init();

const options: DifyLogsOptions = {
  apiBase: "/v1",
  pageSize: 50,
  theme: "dark",
  syncUrl: "runs",
  timeZone: "UTC",
  filters: { status: "failed", after: "2026-11-01T00:00:00Z" },
};

const container = document.getElementById("runs");
let handle: WidgetHandle | undefined;
if (container) {
  try {
    handle = mount(container, options);
  } catch (e) {
    // Invalid options: the message starts with "dify-logs:" and nothing is mounted.
    container.textContent = e instanceof Error ? e.message : String(e);
  }
  // The container is where the events bubble from.
  container.addEventListener("dify-logs:load", (e) => {
    document.title = `${e.detail.total} runs (page ${e.detail.page})`;
  });
}

// Several apps, listed by the proxy's GET /apps.
const all = document.getElementById("all-apps");
const multi = all ? mount(all, { appsUrl: "/apps", filters: { app: "support" } }) : undefined;

export function leave(): void {
  handle?.unmount();
  multi?.free();
}
