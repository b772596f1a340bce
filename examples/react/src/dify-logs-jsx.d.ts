// <dify-logs> in TSX: its attributes, and its object properties (set as
// properties by React 19 once the element is defined).
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type {
  DifyLogsElement,
  DifyLogsFilters,
  DifyLogsOptions,
  DifyLogsStatus,
  DifyLogsTheme,
} from "dify-logs";

type DifyLogsProps = DetailedHTMLProps<HTMLAttributes<DifyLogsElement>, DifyLogsElement> & {
  "api-base"?: string;
  "api-key"?: string;
  "page-size"?: string;
  theme?: DifyLogsTheme;
  "sync-url"?: string;
  locale?: string;
  "time-zone"?: string;
  "apps-url"?: string;
  keyword?: string;
  status?: DifyLogsStatus;
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
