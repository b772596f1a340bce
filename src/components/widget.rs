//! The root: builds the widget's shared state and composes the views.

use crate::api::client::Client;
use crate::api::query::LogQuery;
use crate::components::alert::ErrorAlert;
use crate::components::announcer::LoadAnnouncer;
use crate::components::app_failures::app_failures_view;
use crate::components::apps::{forget_unknown, Apps};
use crate::components::chart::RunsChart;
use crate::components::context::WidgetContext;
use crate::components::deferred::Deferred;
use crate::components::detail::detail_panel;
use crate::components::empty::EmptyState;
use crate::components::events::use_events;
use crate::components::filters::Filters;
use crate::components::hooks::{
    use_host_options, use_prefs, use_relative_now, use_url_sync, Carry,
};
use crate::components::logs::use_logs;
use crate::components::merged::preload_merged;
use crate::components::notes::QueryNotes;
use crate::components::pagination::Pagination;
use crate::components::split::prefetch;
use crate::components::state::FilterState;
use crate::components::table::RunsTable;
use crate::components::toolbar::Toolbar;
use crate::domain::options::{MountOptions, Theme};
use crate::domain::zone::Zone;
use crate::text::i18n::td_string;
use crate::text::intl::Fmt;
use leptos::prelude::*;

/// The widget mounted by `mount()`, speaking `fmt`'s language and showing
/// times in `zone`, dispatching its events on `host`. `soft` is the host's
/// filters (page size in them) and theme, taken in place when they change;
/// `carry` keeps the query on screen for a rebuild (see `host.rs`).
#[component]
pub fn LogsWidget(
    options: MountOptions,
    client: Client,
    fmt: Fmt,
    zone: Zone,
    host: web_sys::Element,
    soft: Signal<(LogQuery, Theme)>,
    carry: StoredValue<Carry>,
) -> impl IntoView {
    let (prefs, set_prefs) = use_prefs(options.id.as_deref().unwrap_or("default"));
    let locale = fmt.locale();
    let lang = fmt.tag().to_string();
    let state = FilterState::new(options.filters.clone(), zone, locale);
    let theme = RwSignal::new(options.theme);
    use_host_options(state, theme, soft, carry);
    if let Some(prefix) = options.sync_url.clone() {
        use_url_sync(state, prefix);
    }
    let apps = Apps::new(&options, &client);
    // The All apps view's code, fetched while the app list and the first
    // requests are on their way.
    if options.apps.len() > 1 || options.apps_url.is_some() {
        prefetch(preload_merged);
    }
    forget_unknown(apps, state.app);
    let client = StoredValue::new_local(client);
    let fmt = StoredValue::new_local(fmt);
    let w = WidgetContext {
        state,
        logs: use_logs(state, client, apps, fmt),
        prefs,
        set_prefs,
        client,
        apps,
        selection: RwSignal::new(None),
        relative_now: use_relative_now(prefs),
        root: NodeRef::new(),
        host: StoredValue::new_local(Some(host.clone())),
        locale,
        fmt,
    };
    provide_context(w);
    use_events(w.logs, host);
    let class = move || {
        format!(
            "dify-logs dify-logs--{}{}",
            theme.get().class(),
            prefs.with(|p| p.root_classes())
        )
    };
    let logs = w.logs;
    // Apps left out of the All apps view: the banner comes with its chunk.
    let failures = move || {
        logs.origin
            .with(|o| o.merged.as_ref().is_some_and(|m| !m.failures.is_empty()))
    };
    let loaded = move || logs.shown.with(|p| p.is_some()) || logs.error.with(|e| e.is_some());
    let empty = move || {
        !logs.loading.get()
            && logs.error.with(|e| e.is_none())
            && logs
                .shown
                .with(|p| p.as_ref().is_some_and(|p| p.data.is_empty()))
    };
    view! {
        <div class=class node_ref=w.root lang=lang>
            <LoadAnnouncer />
            <Filters />
            <QueryNotes />
            <ErrorAlert />
            {move || failures().then(|| view! { <Deferred load=app_failures_view fallback=|| () /> })}
            <Toolbar />
            <Show when=loaded fallback=move || view! {
                <div class="dify-logs__placeholder" aria-busy="true">
                    {move || if logs.request.with(|r| r.is_some()) { td_string!(locale, loading_runs) } else { "" }}
                </div>
            }>
                <RunsChart />
                <Show when=move || !empty() fallback=|| view! { <EmptyState /> }>
                    <RunsTable />
                </Show>
                <Pagination />
            </Show>
            {move || w.selection.get().map(|sel| view! { <Deferred load=move || detail_panel(sel.clone()) /> })}
        </div>
    }
}
