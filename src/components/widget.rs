//! The root: builds the widget's shared state and composes the views.

use crate::api::client::Client;
use crate::components::alert::ErrorAlert;
use crate::components::announcer::LoadAnnouncer;
use crate::components::apps::{forget_unknown, Apps};
use crate::components::chart::RunsChart;
use crate::components::context::WidgetContext;
use crate::components::deferred::Deferred;
use crate::components::detail::detail_panel;
use crate::components::empty::EmptyState;
use crate::components::filters::Filters;
use crate::components::hooks::{use_prefs, use_relative_now, use_url_sync};
use crate::components::logs::use_logs;
use crate::components::merged::{app_failures_view, preload_merged};
use crate::components::notes::QueryNotes;
use crate::components::pagination::Pagination;
use crate::components::split::prefetch;
use crate::components::state::FilterState;
use crate::components::table::RunsTable;
use crate::components::toolbar::Toolbar;
use crate::domain::options::MountOptions;
use crate::domain::zone::Zone;
use crate::text::i18n::td_string;
use crate::text::intl::Fmt;
use leptos::prelude::*;

/// The widget mounted by `mount()`, speaking `fmt`'s language and showing
/// times in `zone`.
#[component]
pub fn LogsWidget(options: MountOptions, client: Client, fmt: Fmt, zone: Zone) -> impl IntoView {
    let (prefs, set_prefs) = use_prefs(options.id.as_deref().unwrap_or("default"));
    let locale = fmt.locale();
    let lang = fmt.tag().to_string();
    let state = FilterState::new(options.filters.clone(), zone, locale);
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
        locale,
        fmt,
    };
    provide_context(w);
    let theme = options.theme.class();
    let class = move || {
        format!(
            "dify-logs dify-logs--{theme}{}",
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
