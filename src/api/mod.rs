//! Dify's API as it is on the wire, free of the DOM and of any language:
//! the query string, serde models, error classes, and the client behind a
//! transport seam.

pub mod apps;
pub mod client;
pub mod error;
pub mod json;
pub mod lenient;
pub mod model;
pub mod query;
