//! Performance assessment (绩效考评): schemes, rounds, each assessee's record through the
//! workflow of `domain::assessment`, and the published ranking.
//!
//! Who does what:
//! - schemes and opening rounds: ADMIN of the tenant that assesses (the round's tenant);
//! - desk verification, combining, feedback, resolving rechecks, finalising, publishing:
//!   REVIEWER of the round's tenant;
//! - field verification: only the members of the field working group assigned to the record
//!   (users of the round's tenant, any role);
//! - self-assessment, submit, accept, request a recheck: REPORTER of the assessee's tenant (for
//!   a unit: the unit's tenant).
//!
//! What is seen where: a round and its scheme are definitions shared downward (the round's
//! tenant, its subtree and its ancestors see them; siblings nothing). A record is owned by the
//! assessee's tenant, so the assessing level (and above) and the assessee's own subtree see it,
//! nobody else. The assessee sees its own self-assessment at all times but the desk, field and
//! combined scores, comments and totals only from FEEDBACK on. The ranking and the notice are
//! read by the assessing level and above once the round is PUBLISHED.
//!
//! Every decision carries the record's version; a stale one answers CONFLICT. Every step appends
//! a timeline event (owned by the assessee, no scores in it) and an audit row in its transaction;
//! the audit rows are filed under the round's tenant, since they carry the verification results.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use super::{files, indicators, tenants, units, users};
use crate::auth::Scope;
use crate::domain::assessment::{
    self as rules, Action, AppliesTo, CombineRule, Grade, RankKey, RoundStatus, Rule, Status,
};
use crate::domain::ids::*;
use crate::domain::period::{Period, china_today};
use crate::domain::quantity::Quantity;
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use entity::{
    assessment_criterion as criterion, assessment_event as event, assessment_field_member as member,
    assessment_record as record, assessment_round as round, assessment_scheme as scheme, assessment_score as score,
};

pub use crate::domain::assessment::round::{ASSESSEES_MAX, NAME_MAX};
pub use crate::domain::assessment::scheme::{CRITERIA_MAX, TEXT_MAX};
pub const EVIDENCE_MAX_ITEMS: usize = 50;

fn corrupt(what: &str, id: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("assessment row {id} has an unknown {what}"))
}

use crate::domain::assessment::round::score_of;

/// A score in points, from ten-thousandths.
pub fn points(v: i64) -> Decimal {
    Quantity(v).to_decimal()
}

mod records;
mod results;
mod rounds;
mod schemes;
mod workflow;

pub use records::*;
pub use results::*;
pub use rounds::*;
pub use schemes::*;
pub use workflow::*;
