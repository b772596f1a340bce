//! A view whose code arrives in a chunk of its own: "Loading…" until it is
//! there, then the view; if the chunk cannot be fetched, a message with a
//! Retry in its place (the rest of the widget stays as it is).

use crate::components::context::use_widget;
use crate::components::part_failed::PartFailed;
use crate::components::split::ChunkError;
use crate::text::i18n::td_string;
use leptos::prelude::*;
use std::future::Future;

/// Where a deferred view stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Loading,
    Ready,
    Failed,
}

/// Shows what `load` gives, and `fallback` (else "Loading…") until then.
/// `load` is called again on Retry; once its chunk is cached it resolves
/// within the same task, so the fallback is never painted.
#[component]
pub fn Deferred<L, F>(load: L, #[prop(optional, into)] fallback: Option<ViewFn>) -> impl IntoView
where
    L: Fn() -> F + 'static,
    F: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    let l = use_widget().locale;
    let phase = RwSignal::new(Phase::Loading);
    // The view is built once, attached by the render below: taken, not
    // cloned (a view is not `Clone`).
    let ready: StoredValue<Option<AnyView>, LocalStorage> = StoredValue::new_local(None);
    let load = StoredValue::new_local(load);
    // The view is made under this component's owner (its context, and its
    // cleanup when the component goes), also when Retry starts it again.
    let owner = StoredValue::new_local(Owner::current());
    let start = move || {
        let (Some(fut), Some(owner)) = (
            load.try_with_value(|load| load()),
            owner.try_get_value().flatten(),
        ) else {
            return;
        };
        owner.with(|| {
            leptos::task::spawn_local_scoped(async move {
                let next = match fut.await {
                    Ok(view) => {
                        ready.try_set_value(Some(view));
                        Phase::Ready
                    }
                    Err(ChunkError) => Phase::Failed,
                };
                let _ = phase.try_set(next);
            })
        });
    };
    start();
    let fallback = fallback.unwrap_or_else(|| {
        ViewFn::from(move || {
            view! { <p class="dify-logs__part-loading" role="status" aria-busy="true">{td_string!(l, loading_part)}</p> }
        })
    });
    move || match phase.get() {
        Phase::Loading => untrack(|| fallback.run()),
        Phase::Ready => ready
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
        Phase::Failed => view! {
            <PartFailed retry=move || {
                phase.set(Phase::Loading);
                start();
            } />
        }
        .into_any(),
    }
}
