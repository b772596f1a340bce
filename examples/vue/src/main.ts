import init from "dify-logs";
import "dify-logs/dify-logs.css";
import { createApp } from "vue";
import App from "./App.vue";

// <dify-logs> is defined before Vue creates one, so Vue sets :filters as a property.
await init();
createApp(App).mount("#app");
