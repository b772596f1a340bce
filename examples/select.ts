// dify-logs:select: open the host's own panel instead of the widget's.
import init, { type DifyLogsSelectEvent } from "dify-logs";

await init();

const panel = document.querySelector<HTMLElement>("#run-panel");
const logs = document.querySelector("dify-logs");

function showRun(e: DifyLogsSelectEvent): void {
  const { logId, runId, status, app } = e.detail;
  if (!panel || runId === null) return; // no run id: let the widget show what it has
  e.preventDefault(); // keeps the widget's detail panel closed
  panel.hidden = false;
  panel.textContent = `Run ${runId} (${status}${app ? `, app ${app}` : ""}; log ${logId})`;
}

logs?.addEventListener("dify-logs:select", showRun);
