// expect: "error"
import { mount } from "dify-logs";

mount(document.body, { apiBase: "/v1", filters: { status: "error" } });
