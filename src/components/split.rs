//! Split points: code the first rows do not need (the detail panel, export,
//! the chart, the Columns menu) is declared with [`split_fn!`]. In the
//! release build (`--features split`, then `wasm-split-cli`) each lands in
//! a chunk of its own, fetched the first time it is called; in every other
//! build (`trunk serve`, the browser tests) it is an ordinary async fn.
//!
//! Leptos's `#[lazy]` panics when a chunk cannot be fetched, and a panic
//! aborts the whole wasm module; `split_fn!` asks wasm_split (the crate
//! behind `#[lazy]`) for a `Result` instead, so a failed chunk becomes a
//! message with a Retry in place of that feature.

/// A chunk of the widget's code could not be fetched or started (network
/// error, 404, a chunk from another build); the details are in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// `split_fn!(chunk, preload_name, fn name(args) -> T { body })` declares
/// `async fn name(args) -> Result<T, ChunkError>` whose code lives in
/// `chunk`, and `async fn preload_name()` that only fetches it. Functions
/// naming the same chunk share it.
macro_rules! split_fn {
    ($chunk:ident, $preload:ident,
     $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        $(#[$meta])*
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            fallible,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[allow(dead_code)] $preload)
        )]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::components::split::ChunkError> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::components::split::ChunkError> {
            Ok($body)
        }

        /// Fetches the chunk without calling into it (nothing to fetch here).
        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        $vis async fn $preload() -> Result<(), $crate::components::split::ChunkError> {
            Ok(())
        }
    };
}
pub(crate) use split_fn;

/// Starts fetching a chunk in the background (on hover or focus), so the
/// click that needs it finds it there; a failure shows when it is used.
pub fn prefetch<F>(preload: impl FnOnce() -> F + 'static)
where
    F: std::future::Future + 'static,
{
    leptos::task::spawn_local(async move {
        let _ = preload().await;
    });
}
