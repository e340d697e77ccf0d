//! The parse stage: text into checked types, every problem reported with its place.

pub mod accessibility;
pub mod archetype;
pub mod cms;
pub(crate) mod colours;
pub(crate) mod content;
mod fields;
pub mod frontmatter;
pub mod i18n;
pub mod named;
pub mod programme;
pub mod publisher;
pub mod rules;
pub mod site_config;
pub mod yaml;
mod yaml_errors;
