// <dify-logs> from script: attributes for strings, properties for objects, typed events.
import init, { type DifyLogsFiltersDetail } from "dify-logs";

await init();

const logs = document.createElement("dify-logs"); // a DifyLogsElement
logs.id = "support-runs"; // names its saved column preferences
logs.setAttribute("api-base", "/v1");
logs.setAttribute("page-size", "20");
logs.filters = { status: "failed", keyword: "timeout" };
document.body.append(logs);

// Several apps: objects go in as properties (an attribute, where set, wins).
const multi = document.createElement("dify-logs");
multi.options = {
  apps: [
    { id: "support", label: "Support", apiBase: "/apps/support/v1" },
    { id: "sales", apiBase: "/apps/sales/v1" },
  ],
  locale: "ja",
};
document.body.append(multi);

logs.addEventListener("dify-logs:load", (e) => {
  const { total, page, pageSize, query } = e.detail;
  console.info(`${total} runs, page ${page} of ${Math.ceil(total / pageSize)}`, query.status || "all");
});

logs.addEventListener("dify-logs:error", (e) => {
  const status: number | null = e.detail.status;
  console.warn(`dify-logs ${e.detail.code} (${status ?? "no response"}): ${e.detail.message}`);
});

// The events bubble: one listener on document hears every widget.
function saveFilters(detail: DifyLogsFiltersDetail): void {
  const { pageSize, ...query } = detail;
  sessionStorage.setItem("runs-filters", JSON.stringify({ pageSize, query }));
}
document.addEventListener("dify-logs:filters", (e) => saveFilters(e.detail));

const found = document.querySelector("dify-logs"); // DifyLogsElement | null
if (found?.options) {
  console.info("the first widget reads", found.options.apiBase ?? found.options.appsUrl);
}
