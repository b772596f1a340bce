// Types for dify-logs.js, the widget's ES module. Hand-written: the types
// wasm-bindgen generates say `any` for the options and know nothing of the
// element or its events. scripts/package-tests compiles examples/*.ts
// against this file and checks that it declares exactly the module's
// exports. Everything declared here is the public API (see the README's
// "Versioning").

/** What `init()` accepts: the main wasm, its URL, or a promise of either. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** The instantiated wasm; nothing in it is for the page to call. */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
}

/**
 * Loads the main wasm (by default `dify-logs_bg.wasm` next to this module),
 * defines `<dify-logs>` unless that name is taken, and mounts every element
 * that carries `data-dify-logs`. Call it once, before `mount()`.
 */
export default function init(options?: {
  module_or_path: InitInput | Promise<InitInput>;
}): Promise<InitOutput>;

/**
 * Defines the custom element under `name` (default `"dify-logs"`), e.g.
 * when another library already took that name. Throws an `Error` for a name
 * that is not a valid custom element name or is already defined.
 */
export function defineElement(name?: string): void;

/**
 * Mounts a widget into `element`. Throws an `Error` ("dify-logs: ...") and
 * mounts nothing when an option is missing or invalid.
 */
export function mount(element: HTMLElement, options: DifyLogsOptions): WidgetHandle;

/** A widget mounted by `mount()`. */
export class WidgetHandle {
  private constructor();
  /** Removes the widget and aborts its requests; a second call does nothing. */
  unmount(): void;
  /** Releases the handle's wasm memory (and unmounts). */
  free(): void;
}

export type DifyLogsTheme = "auto" | "light" | "dark";

/** `""` is All. */
export type DifyLogsStatus = "succeeded" | "failed" | "stopped" | "";

/** The filters the widget opens with. */
export interface DifyLogsFilters {
  keyword?: string;
  status?: DifyLogsStatus;
  /** ISO 8601 instant, inclusive. */
  after?: string;
  /** ISO 8601 instant, inclusive. */
  before?: string;
  /** Exact end-user session ID. */
  sessionId?: string;
  /** Console account e-mail. */
  account?: string;
  /** The `id` of the app to open on (with `apps` or `appsUrl`); default: All apps. */
  app?: string;
}

/** One app of a multi-app widget. */
export interface DifyLogsApp {
  /** Letters, digits, `-` and `_`. */
  id: string;
  label?: string;
  apiBase: string;
  apiKey?: string;
}

export interface DifyLogsOptions {
  /** Dify service API base, e.g. `"/v1"` behind the proxy. Required unless `apps` or `appsUrl` is given. */
  apiBase?: string;
  /** Sent as `Authorization: Bearer ...`; omit behind the proxy. */
  apiKey?: string;
  /** Rows per page, 1..100 (default 20). */
  pageSize?: number;
  theme?: DifyLogsTheme;
  /** `true` keeps filters and page in the URL as `dl_*`; a name `"a"` uses `dl_a_*`. */
  syncUrl?: boolean | string;
  /** Names the saved view preferences (columns, density, relative times). */
  id?: string;
  /** A BCP 47 tag: `en`, `zh-Hans` or `ja`, or one that matches them. */
  locale?: string;
  /** IANA zone, e.g. `"UTC"`; default: the browser's. */
  timeZone?: string;
  /** Several apps (at most 20). */
  apps?: DifyLogsApp[];
  /** Where to read the apps from, e.g. dify-logs-server's `"/apps"`. */
  appsUrl?: string;
  filters?: DifyLogsFilters;
}

/**
 * `<dify-logs>`: set `options` and `filters` as properties (objects), or the
 * attributes `api-base`, `api-key`, `page-size`, `theme`, `sync-url`,
 * `locale`, `time-zone`, `apps-url`, `keyword`, `status`, `after`, `before`,
 * `session-id`, `account`, `app`. An attribute wins over the objects, and
 * `filters` replaces `options.filters` whole. Its `id` names the saved
 * preferences. A type only: the class is `customElements.get("dify-logs")`.
 */
export interface DifyLogsElement extends HTMLElement {
  options: DifyLogsOptions | null;
  filters: DifyLogsFilters | null;
}

/** The query the widget shows. */
export interface DifyLogsQuery {
  keyword: string;
  /** `""` is All. */
  status: string;
  after: string | null;
  before: string | null;
  sessionId: string;
  account: string;
  /** `""` is All apps (or a single-app widget). */
  app: string;
}

/** `dify-logs:load`: a page of runs arrived. */
export interface DifyLogsLoadDetail {
  total: number;
  page: number;
  pageSize: number;
  query: DifyLogsQuery;
}

/** `dify-logs:select` (cancelable: `preventDefault()` keeps the widget's detail panel closed). */
export interface DifyLogsSelectDetail {
  logId: string;
  runId: string | null;
  status: string;
  /** The run's app id with several apps, else `null`. */
  app: string | null;
}

/** `dify-logs:error`: a request failed. */
export interface DifyLogsErrorDetail {
  code: string;
  message: string;
  /** The HTTP status, `null` when there was no response. */
  status: number | null;
}

/** `dify-logs:filters`: the user changed the filters or the page size. */
export interface DifyLogsFiltersDetail extends DifyLogsQuery {
  pageSize: number;
}

export type DifyLogsLoadEvent = CustomEvent<DifyLogsLoadDetail>;
export type DifyLogsSelectEvent = CustomEvent<DifyLogsSelectDetail>;
export type DifyLogsErrorEvent = CustomEvent<DifyLogsErrorDetail>;
export type DifyLogsFiltersEvent = CustomEvent<DifyLogsFiltersDetail>;

/** The widget's events; they bubble from the element (or the mount() container). */
export interface DifyLogsEventMap {
  "dify-logs:load": DifyLogsLoadEvent;
  "dify-logs:select": DifyLogsSelectEvent;
  "dify-logs:error": DifyLogsErrorEvent;
  "dify-logs:filters": DifyLogsFiltersEvent;
}

declare global {
  interface HTMLElementTagNameMap {
    "dify-logs": DifyLogsElement;
  }
  // On any element, and on document and window, which the events bubble to.
  interface HTMLElementEventMap extends DifyLogsEventMap {}
  interface DocumentEventMap extends DifyLogsEventMap {}
  interface WindowEventMap extends DifyLogsEventMap {}
}
