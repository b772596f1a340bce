//! A copy-to-clipboard button.

use crate::components::context::use_widget;
use crate::text::i18n::td_string;
use leptos::prelude::*;
use leptos_use_clipboard::{use_clipboard, UseClipboardReturn};

/// Copies `text` and says "Copied" for a moment, only once the browser has
/// confirmed the write; a refused write leaves it at "Copy".
#[component]
pub fn CopyButton(label: &'static str, text: String) -> impl IntoView {
    let UseClipboardReturn { copy, copied, .. } = use_clipboard();
    let l = use_widget().locale;
    view! {
        <button type="button" class="dify-logs__button dify-logs__copy" aria-label=label title=label
            on:click=move |_| copy(&text)>
            {move || if copied.get() { td_string!(l, copied) } else { td_string!(l, copy) }}
        </button>
    }
}
