//! Demo indicators, the 2019–2021 campaign and its three phases, a follow-up campaign to next
//! year, and the 2019 targets and quotas of the city's special poverty funds: the three poor
//! counties' share (3.82亿 = 38,200 万元) is 80.64% of the city's 47,371 万元.

use std::str::FromStr;

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::auth::principal_for_offline_task;
use crate::domain::ids::*;
use crate::domain::indicator::{Aggregation, IndicatorCategory, ValueType};
use crate::error::AppError;
use crate::service::campaigns::{self, NewCampaign, Phase};
use crate::service::indicators::{self, NewIndicator};
use crate::service::targets;
use crate::state::AppState;
use crate::store::unscoped;

/// (code, name, unit, type, aggregation, category)
type IndicatorSpec = (&'static str, &'static str, &'static str, ValueType, Aggregation, IndicatorCategory);

pub const INDICATORS: &[IndicatorSpec] = &[
    ("PUB_ACTIVITIES", "民族团结宣传活动", "场次", ValueType::Count, Aggregation::Sum, IndicatorCategory::Publicity),
    ("PUB_LEAFLETS", "发放宣传资料", "份", ValueType::Count, Aggregation::Sum, IndicatorCategory::Publicity),
    ("PUB_BANNERS", "悬挂横幅标语", "条", ValueType::Count, Aggregation::Sum, IndicatorCategory::Publicity),
    ("PUB_BLACKBOARDS", "出版黑板报", "期", ValueType::Count, Aggregation::Sum, IndicatorCategory::Publicity),
    ("FUND_POVERTY", "市级财政专项扶贫资金", "万元", ValueType::Amount, Aggregation::Sum, IndicatorCategory::Funding),
    ("FUND_AGRI", "统筹整合涉农资金", "万元", ValueType::Amount, Aggregation::Sum, IndicatorCategory::Funding),
    ("POV_HOUSEHOLDS", "脱贫户数", "户", ValueType::Count, Aggregation::Sum, IndicatorCategory::PovertyAlleviation),
    ("POV_PEOPLE", "脱贫人口", "人", ValueType::Count, Aggregation::Sum, IndicatorCategory::PovertyAlleviation),
    ("POV_RATE", "贫困发生率", "%", ValueType::Percent, Aggregation::Avg, IndicatorCategory::PovertyAlleviation),
    (
        "FUND_CREATION_GOV",
        "创建经费: 自治区、市、县财政投入",
        "万元",
        ValueType::Amount,
        Aggregation::Sum,
        IndicatorCategory::Funding,
    ),
    (
        "FUND_CREATION_SUPPORT",
        "创建经费: 各级后盾单位筹集",
        "万元",
        ValueType::Amount,
        Aggregation::Sum,
        IndicatorCategory::Funding,
    ),
    (
        "FUND_CREATION_PRIVATE",
        "创建经费: 民间筹集",
        "万元",
        ValueType::Amount,
        Aggregation::Sum,
        IndicatorCategory::Funding,
    ),
];

fn d(s: &str) -> Result<Decimal, AppError> {
    Decimal::from_str(s).map_err(AppError::internal)
}

async fn tenant(state: &AppState, code: &str) -> Result<TenantId, AppError> {
    unscoped::tenant_by_code(&state.db, code)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| AppError::internal(format!("demo: no tenant {code}")))
}

pub async fn load(state: &AppState) -> Result<(), AppError> {
    let db = &state.db;
    let city = principal_for_offline_task(db, "liuzhou.admin").await?.scope()?;
    let mut poverty_fund = IndicatorId(0);
    for (code, name, unit, value_type, aggregation, category) in INDICATORS {
        let input = NewIndicator {
            code: (*code).to_owned(),
            name: (*name).to_owned(),
            measure_unit: (*unit).to_owned(),
            value_type: *value_type,
            aggregation: *aggregation,
            category: *category,
            description: String::new(),
        };
        let created = indicators::create(state, &city, input).await?;
        if *code == "FUND_POVERTY" {
            poverty_fund = created.id;
        }
    }
    let phases = [("一年强基础", 2019), ("两年见成效", 2020), ("三年创示范", 2021)]
        .map(|(name, y)| Phase { name: name.to_owned(), start_year: y, end_year: y })
        .to_vec();
    let campaign =
        NewCampaign {
            name: "创建全国民族团结进步示范市".to_owned(), start_year: 2019, end_year: 2021, phases
        };
    campaigns::create(state, &city, campaign).await?;
    // The follow-up campaign runs to next year, so that this month's figures can be reported
    // (figures are only accepted inside a campaign).
    let end = crate::domain::period::china_today().year() + 1;
    let follow_up = NewCampaign {
        name: "巩固提升民族团结进步示范市创建".to_owned(),
        start_year: 2022.max(end - campaigns::MAX_YEARS + 1),
        end_year: end,
        phases: vec![],
    };
    campaigns::create(state, &city, follow_up).await?;

    targets::set_target(state, &city, poverty_fund, "2019", d("47371")?).await?;
    let quotas = vec![
        (tenant(state, "450225").await?, d("15000")?),
        (tenant(state, "450226").await?, d("12000")?),
        (tenant(state, "450224").await?, d("11200")?),
    ];
    targets::allocate(state, &city, poverty_fund, "2019", quotas).await?;
    let sanjiang = principal_for_offline_task(db, "sanjiang.admin").await?.scope()?;
    targets::set_target(state, &sanjiang, poverty_fund, "2019", d("12000")?).await?;
    Ok(())
}
