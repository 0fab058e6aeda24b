//! Shiliu (石榴): the multi-tenant GraphQL API of the ethnic unity and progress demonstration
//! campaign. See the README for the layout; `startup::Application` is the entry point.

pub mod auth;
pub mod blobs;
pub mod cache;
pub mod cli;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod graphql;
pub mod http;
pub mod service;
pub mod settings;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
