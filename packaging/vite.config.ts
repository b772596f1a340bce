import { defineConfig } from "vite";

export default defineConfig({
  // Relative URLs, so the built page works under any path.
  base: "./",
  // Dev server: serve dify-logs.js from the package, next to the wasm files
  // it fetches relative to its own URL, not pre-bundled into .vite/deps.
  optimizeDeps: { exclude: ["dify-logs"] },
  build: {
    // Chunks under 4 KB would become data: URLs, which a CSP with
    // connect-src (or default-src) 'self' refuses to fetch.
    assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined),
  },
});
