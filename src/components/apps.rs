//! The apps a widget shows, each with its own client: from the `apps`
//! option at once, or from `appsUrl` on the first request (so a failure to
//! read the list is shown like any other, with Retry). Not a component.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::domain::apps::{apps_from_listing, AppRef};
use crate::domain::merge::AppIndex;
use crate::domain::options::MountOptions;
use leptos::prelude::*;
use std::rc::Rc;

/// One app and the client that asks it.
#[derive(Clone)]
pub struct AppClient {
    pub app: AppRef,
    pub client: Client,
}

/// The list, shared by the requests and the views.
pub type AppList = Rc<Vec<AppClient>>;

/// The widget's apps. `Copy`: signals are handles.
#[derive(Clone, Copy)]
pub struct Apps {
    /// The apps once known; empty for a widget of one `apiBase`.
    pub list: RwSignal<Option<AppList>, LocalStorage>,
    url: StoredValue<Option<String>>,
    /// The `apiKey` option, sent to every app of the `appsUrl` list (a
    /// backend that takes one key for all, like the demo).
    key: StoredValue<Option<String>>,
}

impl Apps {
    /// From the mount options; `base` lends its transport to every app.
    pub fn new(options: &MountOptions, base: &Client) -> Self {
        let list = (options.apps_url.is_none()).then(|| {
            Rc::new(
                options
                    .apps
                    .iter()
                    .map(|a| AppClient {
                        client: base.for_base(a.api_base.clone(), a.api_key.clone()),
                        app: a.clone(),
                    })
                    .collect(),
            )
        });
        Self {
            list: RwSignal::new_local(list),
            url: StoredValue::new(options.apps_url.clone()),
            key: StoredValue::new(options.api_key.clone()),
        }
    }

    /// The list, read from `appsUrl` the first time.
    pub async fn ensure(
        self,
        base: Client,
        abort: Option<web_sys::AbortSignal>,
    ) -> Result<AppList, ApiError> {
        if let Some(list) = self.list.try_get_untracked().flatten() {
            return Ok(list);
        }
        let url = self.url.try_get_value().flatten().unwrap_or_default();
        let listed = base.app_list(&url, abort).await?;
        let apps = apps_from_listing(&url, &listed).map_err(ApiError::Decode)?;
        let key = self.key.try_get_value().flatten();
        let list: AppList = Rc::new(
            apps.into_iter()
                .map(|a| AppClient {
                    client: base.for_base(a.api_base.clone(), key.clone()),
                    app: a,
                })
                .collect(),
        );
        let _ = self.list.try_set(Some(list.clone()));
        Ok(list)
    }

    /// True when there is a choice of apps (the App select, "All apps").
    pub fn many(&self) -> bool {
        self.list.with(|l| l.as_ref().is_some_and(|l| l.len() > 1))
    }

    /// `f` of app `app` of the list, if there is such an app (untracked).
    fn with_app<T>(&self, app: AppIndex, f: impl FnOnce(&AppClient) -> T) -> Option<T> {
        self.list
            .with_untracked(|l| l.as_ref().and_then(|l| l.get(app)).map(f))
    }

    /// The client for an app of the list, if there is such an app.
    pub fn client(&self, app: AppIndex) -> Option<Client> {
        self.with_app(app, |a| a.client.clone())
    }

    /// An app's id (its slug), for data attributes and the deep link.
    pub fn app_id(&self, app: AppIndex) -> String {
        self.with_app(app, |a| a.app.id.clone()).unwrap_or_default()
    }

    /// The App select's choices: "All apps" (value `""`) first, then each
    /// app by its label.
    pub fn choices(&self, all: &str) -> Vec<(String, String)> {
        self.list.with(|l| {
            std::iter::once((String::new(), all.to_string()))
                .chain(
                    l.iter()
                        .flat_map(|l| l.iter())
                        .map(|a| (a.app.id.clone(), a.app.label.clone())),
                )
                .collect()
        })
    }

    /// An app's label, for the App column and the failure banner.
    pub fn label(&self, app: AppIndex) -> String {
        self.with_app(app, |a| a.app.label.clone())
            .unwrap_or_default()
    }
}

/// Forgets a chosen app the list does not have (a deep link from before
/// an app was removed): the view falls back to all apps.
pub fn forget_unknown(apps: Apps, app: RwSignal<String>) {
    Effect::new(move |_| {
        let unknown = apps.list.with(|l| {
            l.as_ref()
                .is_some_and(|l| app.with(|a| !a.is_empty() && !l.iter().any(|x| x.app.id == *a)))
        });
        if unknown {
            app.set(String::new());
        }
    });
}

/// Who a query asks.
pub enum Target {
    /// One client: the widget's single `apiBase`, or one app of the list
    /// (with its place in it).
    One(Client, Option<AppIndex>),
    /// Every app of the list, merged by time.
    All(AppList),
}

/// The target of a query for app `app` (an id, or empty for all):
/// `base` without a list, the chosen or only app, else all of them.
pub fn target(list: &AppList, app: &str, base: &Client) -> Target {
    match chosen(list, app) {
        Some(i) => Target::One(list[i].client.clone(), Some(i)),
        None if list.is_empty() => Target::One(base.clone(), None),
        None => Target::All(list.clone()),
    }
}

/// Which app a query asks: `Some(i)` for one app of the list (also the only
/// one), `None` for all of them merged, or for the single `apiBase`.
pub fn chosen(list: &[AppClient], app: &str) -> Option<AppIndex> {
    match list.len() {
        0 => None,
        1 => Some(0),
        _ => list.iter().position(|a| a.app.id == app),
    }
}
