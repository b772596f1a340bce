import { defineConfig } from "vite";

// As in packaging/vite.config.ts: relative URLs (the tests serve this page
// under /react/), dify-logs not pre-bundled, wasm files never inlined.
export default defineConfig({
  base: "./",
  optimizeDeps: { exclude: ["dify-logs"] },
  build: { assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined) },
});
