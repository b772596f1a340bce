// expect: string
import "dify-logs";

document.addEventListener("dify-logs:load", (e) => {
  const total: string = e.detail.total;
  console.log(total);
});
