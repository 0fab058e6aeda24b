//! Supervision (督查) and rectification (整改).
//!
//! A REVIEWER of a tenant records an inspection its level made (date, leading officials, places
//! visited, summary), the findings (问题) it made, and opens a rectification task on a finding,
//! assigned to a tenant strictly below the inspecting tenant or to a unit of its subtree (its own
//! units included), with a deadline that does not precede the inspection date. A REPORTER of the
//! assignee's tenant (a unit's own tenant) starts the task and submits it with evidence; a
//! REVIEWER of the inspecting tenant verifies it (销号) or reopens it with a reason (see
//! `domain::rectification`).
//!
//! Visibility: inspections, their places and findings belong to the inspecting tenant (its
//! subtree above all reads them). A task and its timeline belong to the assignee's tenant, which
//! lies in the inspecting tenant's subtree, so the inspecting level, the levels between and the
//! assignee see it, and a sibling sees nothing (NOT_FOUND).
//!
//! Dates: deadlines are China dates; "today" is the server clock's date at UTC+8.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, FromQueryResult, QueryFilter, QueryOrder, QueryTrait,
    Set,
};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::tenants::Tenant;
use super::write::{Touch, Write};
use super::{units, users};
use crate::auth::{Scope, subtree_of};
use crate::domain::dates::{self, Ahead};
use crate::domain::ids::*;
use crate::domain::rectification::{self as rules, StepError, TaskAction, TaskStatus};
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use entity::{finding, inspection, inspection_place, rectification_event, rectification_task, tenant, tenant_closure};

pub use crate::domain::inspection::{LONG_MAX, NOTE_MAX, TITLE_MAX};

/// Today's date in China (UTC+8): deadlines are China dates.
pub use crate::domain::period::china_today;

fn corrupt(what: &str, id: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("rectification task {id} has an unknown {what}"))
}

mod findings;
mod inspections;
mod summary;
mod tasks;

pub use findings::*;
pub use inspections::*;
pub use summary::*;
pub use tasks::*;
