import init from "dify-logs";
import "dify-logs/dify-logs.css";
import { createRoot } from "react-dom/client";
import { App } from "./App";

// <dify-logs> is defined before React creates one, so React sets its
// object props (options, filters) as properties.
await init();
createRoot(document.getElementById("root")!).render(<App />);
