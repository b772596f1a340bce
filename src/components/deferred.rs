//! A view whose code arrives in a chunk of its own: "Loading…" until it is
//! there, then the view; if the chunk cannot be fetched, a message with a
//! Retry in its place (the rest of the widget stays as it is).

use crate::components::context::use_widget;
use crate::components::part_failed::PartFailed;
use crate::components::split::ChunkError;
use crate::i18n::td_string;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// Shows what `load` gives, and `fallback` (else "Loading…") until then.
/// `load` is called again on Retry; once its chunk is cached it resolves at
/// once, so no fallback flashes.
#[component]
pub fn Deferred<L, F>(load: L, #[prop(optional, into)] fallback: Option<ViewFn>) -> impl IntoView
where
    L: Fn() -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    let l = use_widget().locale;
    let attempt = RwSignal::new(0u32);
    let fallback = fallback.unwrap_or_else(|| {
        ViewFn::from(move || {
            view! { <p class="dify-logs__part-loading" role="status" aria-busy="true">{td_string!(l, loading_part)}</p> }
        })
    });
    view! {
        <Suspense fallback=move || fallback.run()>
            {move || {
                attempt.track();
                let load = load.clone();
                Suspend::new(SendWrapper::new(async move {
                    match load().await {
                        Ok(view) => view,
                        Err(ChunkError) => view! { <PartFailed retry=move || attempt.update(|n| *n += 1) /> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}
