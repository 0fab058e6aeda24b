//! sea-orm entities of Shiliu: plain table mappings, no GraphQL types and no business rules.
//! Enumerated columns (levels, roles, categories, statuses) are stored as text; `api/src/domain` parses them.

pub mod app_user;
pub mod application;
pub mod application_event;
pub mod assessment_criterion;
pub mod assessment_event;
pub mod assessment_field_member;
pub mod assessment_record;
pub mod assessment_round;
pub mod assessment_scheme;
pub mod assessment_score;
pub mod audit_log;
pub mod batch;
pub mod batch_quota;
pub mod campaign;
pub mod campaign_phase;
pub mod designation;
pub mod finding;
pub mod idempotency_key;
pub mod ids;
pub mod indicator;
pub mod inspection;
pub mod inspection_place;
pub mod rectification_event;
pub mod rectification_task;
pub mod refresh_token;
pub mod report;
pub mod report_aggregate;
pub mod session;
pub mod submission;
pub mod submission_event;
pub mod target;
pub mod tenant;
pub mod tenant_closure;
pub mod trusted_document;
pub mod unit;
