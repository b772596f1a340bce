// expect: destroy
import { mount } from "dify-logs";

mount(document.body, { apiBase: "/v1" }).destroy();
