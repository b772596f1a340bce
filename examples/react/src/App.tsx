import { useEffect, useRef, useState } from "react";
import type { DifyLogsElement, DifyLogsSelectDetail } from "dify-logs";

export function App() {
  const logs = useRef<DifyLogsElement>(null);
  const [selected, setSelected] = useState<DifyLogsSelectDetail | null>(null);

  // A listener of our own: React's on* props do not cover "dify-logs:select".
  useEffect(() => {
    const el = logs.current;
    if (!el) return;
    const onSelect = (e: CustomEvent<DifyLogsSelectDetail>) => setSelected(e.detail);
    el.addEventListener("dify-logs:select", onSelect);
    return () => el.removeEventListener("dify-logs:select", onSelect);
  }, []);

  return (
    <main>
      <h1>Workflow runs</h1>
      <p id="selected" data-run-id={selected?.runId ?? ""}>
        {selected ? `Selected run ${selected.runId ?? "(none)"}: ${selected.status}` : "No run selected"}
      </p>
      {/* Behind dify-logs-server's proxy: no key in the page. */}
      <dify-logs ref={logs} id="runs" api-base="/v1" page-size="20" />
    </main>
  );
}
