import { defineConfig } from "vite";

// As in packaging/vite.config.ts: relative URLs (the tests serve this page
// under /react/), dify-logs not pre-bundled, wasm files never inlined.
export default defineConfig({
  base: "./",
  optimizeDeps: { exclude: ["dify-logs"] },
  build: { assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined) },
  // npm run dev: /v1 from dify-logs-server's proxy (./scripts/dev starts one here).
  server: { proxy: { "/v1": "http://127.0.0.1:8787" } },
});
