// expect: keyWord
import "dify-logs";

const el = document.createElement("dify-logs");
el.filters = { keyWord: "timeout" };
