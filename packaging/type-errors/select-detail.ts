// expect: runID
import "dify-logs";

document.querySelector("dify-logs")?.addEventListener("dify-logs:select", (e) => e.detail.runID);
