import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

export default defineConfig({
  // <dify-logs> is a custom element, not a Vue component.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === "dify-logs" } } })],
  // As in packaging/vite.config.ts: relative URLs (the tests serve this page
  // under /vue/), dify-logs not pre-bundled, wasm files never inlined.
  base: "./",
  optimizeDeps: { exclude: ["dify-logs"] },
  build: { assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined) },
  // npm run dev: /v1 from dify-logs-server's proxy (./scripts/dev starts one here).
  server: { proxy: { "/v1": "http://127.0.0.1:8787" } },
});
