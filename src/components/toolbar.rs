//! The row of controls between the filters and the runs.

use crate::components::columns::ColumnsMenu;
use crate::components::export::ExportControls;
use crate::components::new_runs::NewRunsNotice;
use crate::components::refresh::AutoRefreshSelect;
use leptos::prelude::*;

/// Auto-refresh, Columns, Export and the new-runs notice.
#[component]
pub fn Toolbar() -> impl IntoView {
    view! {
        <div class="dify-logs__toolbar">
            <AutoRefreshSelect />
            <ColumnsMenu />
            <ExportControls />
            <NewRunsNotice />
        </div>
    }
}
