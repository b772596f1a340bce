//! Everything about Dify's API, free of the DOM: query building, serde
//! models, error classes, and the client behind a transport seam.

pub mod client;
pub mod error;
pub mod model;
pub mod query;
