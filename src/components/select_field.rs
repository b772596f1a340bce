//! A labelled `<select>`: Status, Period, Rows per page and Auto-refresh
//! all use this one component.

use leptos::prelude::*;

/// A select whose options are `(value, label)` pairs; `on_pick` gets the
/// chosen value. `inline` lays the label beside the control; `name` is a
/// stable handle for code (the label changes with the language).
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] choices: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<String>,
    on_pick: Callback<String>,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let class = if inline {
        "dify-logs__field dify-logs__field--inline"
    } else {
        "dify-logs__field"
    };
    view! {
        <label class=class>
            <span class="dify-logs__label">{label}</span>
            <select name=name aria-label=label on:change=move |ev| on_pick.run(event_target_value(&ev))>
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let v = value.clone();
                            view! {
                                <option value=value prop:selected=move || selected.with(|s| *s == v)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// `(value, label)` pairs from a fixed list of choices.
pub fn choices_of<T: Copy, S: Into<String>>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> S,
) -> Vec<(String, String)> {
    all.iter()
        .map(|&c| (value(c).to_string(), label(c).into()))
        .collect()
}
