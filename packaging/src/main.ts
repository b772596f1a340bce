import init from "dify-logs";
import "dify-logs/dify-logs.css";

// Defines <dify-logs>, which upgrades the element already in the page.
await init();
