//! The parse stage: text into checked types, every problem reported with its place.

pub mod accessibility;
pub mod address;
pub mod archetype;
pub mod cms;
pub(crate) mod colours;
pub(crate) mod content;
pub(crate) mod facts;
mod fields;
mod finance;
pub mod frontmatter;
pub mod i18n;
pub mod named;
pub mod place_texts;
pub mod programme;
pub mod publisher;
pub mod rules;
pub mod shares;
pub mod site_config;
mod text;
pub mod yaml;
mod yaml_errors;
