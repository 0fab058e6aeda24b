//! Indicators, campaigns with their periods, targets, quotas and the decomposition table.
//!
//! - here: the indicator and the campaign as the schema shows them;
//! - `decomposition`: a target row and the decomposition table with each child's share;
//! - `query`: reading indicators, campaigns and the decomposition table;
//! - `mutation`: defining indicators and campaigns, setting targets, handing down quotas and
//!   saving the decomposition table.

mod decomposition;
mod mutation;
mod query;

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::kit::enums::{Aggregation, Granularity, IndicatorCategory, TargetSource, ValueType};
use super::tenant::TenantRef;
use crate::domain::ids::*;
use crate::domain::period::{Granularity as DGranularity, Period};
use crate::service::campaigns::{self, Campaign, NewCampaign, Phase};
use crate::service::indicators::{self, Filter, Indicator, NewIndicator};
use crate::service::targets::{self, TargetRow};

pub use self::decomposition::*;
pub use self::mutation::*;
pub use self::query::*;

pub struct IndicatorNode(pub Indicator);

#[Object(name = "Indicator")]
impl IndicatorNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Unique within the defining tenant, e.g. `PUB_ACTIVITIES`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 场次, 份, 条, 期, 万元, 亿元, 户, 人, 个 or %.
    async fn measure_unit(&self) -> &str {
        &self.0.measure_unit
    }
    async fn value_type(&self) -> ValueType {
        self.0.value_type.into()
    }
    async fn aggregation(&self) -> Aggregation {
        self.0.aggregation.into()
    }
    async fn category(&self) -> IndicatorCategory {
        self.0.category.into()
    }
    /// e.g. 宣传教育
    async fn category_label(&self) -> &'static str {
        self.0.category.label()
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The tenant that defined it (identity).
    async fn defined_by(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn retired(&self) -> bool {
        self.0.retired_at.is_some()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A named phase of a campaign, e.g. 一年强基础 (2019).
#[derive(SimpleObject)]
pub struct CampaignPhase {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

/// A reporting period.
#[derive(SimpleObject)]
pub struct PeriodInfo {
    /// `2019`, `2019-Q2` or `2019-03`: what `period` arguments take.
    pub key: String,
    pub granularity: Granularity,
    /// The periods this one rolls into (a month: its quarter and year).
    pub rolls_into: Vec<String>,
}

pub struct CampaignNode(pub Campaign);

#[Object(name = "Campaign")]
impl CampaignNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn start_year(&self) -> i32 {
        self.0.start_year
    }
    async fn end_year(&self) -> i32 {
        self.0.end_year
    }
    async fn phases(&self) -> Vec<CampaignPhase> {
        self.0
            .phases
            .iter()
            .map(|p| CampaignPhase { name: p.name.clone(), start_year: p.start_year, end_year: p.end_year })
            .collect()
    }
    /// Every period of the campaign at one granularity, in order.
    async fn periods(&self, granularity: Granularity) -> Vec<PeriodInfo> {
        Period::all_in(self.0.start_year..=self.0.end_year, DGranularity::from(granularity))
            .into_iter()
            .map(|p| PeriodInfo {
                key: p.to_string(),
                granularity: p.granularity().into(),
                rolls_into: p.rolls_into().iter().map(ToString::to_string).collect(),
            })
            .collect()
    }
    async fn defined_by(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
}
