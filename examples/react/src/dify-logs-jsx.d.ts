// <dify-logs> in TSX: its attributes, and its object properties (set as
// properties by React 19 once the element is defined).
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { DifyLogsElement, DifyLogsFilters, DifyLogsOptions } from "dify-logs";

type DifyLogsProps = DetailedHTMLProps<HTMLAttributes<DifyLogsElement>, DifyLogsElement> & {
  "api-base"?: string;
  "api-key"?: string;
  "page-size"?: string;
  theme?: "auto" | "light" | "dark";
  "sync-url"?: string;
  locale?: string;
  "time-zone"?: string;
  "apps-url"?: string;
  keyword?: string;
  status?: string;
  after?: string;
  before?: string;
  "session-id"?: string;
  account?: string;
  app?: string;
  options?: DifyLogsOptions | null;
  filters?: DifyLogsFilters | null;
};

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "dify-logs": DifyLogsProps;
    }
  }
}
