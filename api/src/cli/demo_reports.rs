//! Demo figures from the seed article, reported through the real service by the demo reporters:
//! 2019 funds (12.31亿 integrated agriculture funds in 融水, 三江, 融安; 3.82亿 city special
//! poverty funds to them = 80.64% of the city total), 三江's publicity figures and creation funds
//! by source, 兴等村's 24 households lifted out of poverty; plus synthetic monthly activity
//! figures from every township, and 寨沙镇's 2019 figures submitted to and accepted by 鹿寨县.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::auth::principal_for_offline_task;
use crate::domain::ids::*;
use crate::domain::submission::SubmissionDecision;
use crate::error::AppError;
use crate::service::reports::{self, NewReport, Subject};
use crate::service::submissions;
use crate::state::AppState;

/// Username of the synthetic reporter of a township.
pub fn township_reporter(code: &str) -> String {
    format!("rpt.{code}")
}

pub(super) async fn indicator(state: &AppState, code: &str) -> Result<IndicatorId, AppError> {
    let scope = principal_for_offline_task(&state.db, "liuzhou.admin").await?.scope()?;
    let page = crate::service::indicators::list(
        &state.db,
        &scope,
        Default::default(),
        crate::service::page::PageRequest { first: 100, after: None, count: true },
    )
    .await?;
    page.items
        .into_iter()
        .find(|i| i.code == code)
        .map(|i| i.id)
        .ok_or_else(|| AppError::internal(format!("no indicator {code}")))
}

/// Reports `(indicator code, period, value)` figures as `username` for its own tenant.
async fn report_as(state: &AppState, username: &str, figures: &[(&str, &str, &str)]) -> Result<(), AppError> {
    let principal = principal_for_offline_task(&state.db, username).await?;
    let scope = principal.scope()?;
    let mut items = Vec::with_capacity(figures.len());
    for (code, period, value) in figures {
        items.push(NewReport {
            subject: Subject::Tenant(scope.home()),
            indicator_id: indicator(state, code).await?,
            period: (*period).to_owned(),
            value: Decimal::from_str(value).map_err(AppError::internal)?,
            note: String::new(),
            evidence: vec![],
        });
    }
    reports::report(state, &scope, "reportBatch", items, None).await?;
    Ok(())
}

pub async fn load(state: &AppState) -> Result<(), AppError> {
    // 2019 funds: the city's own special poverty funds and the three poor counties' shares.
    report_as(state, "liuzhou.reporter", &[("FUND_POVERTY", "2019", "9171")]).await?;
    report_as(state, "rongshui.reporter", &[("FUND_POVERTY", "2019", "15000"), ("FUND_AGRI", "2019", "50000")]).await?;
    report_as(state, "rongan.reporter", &[("FUND_POVERTY", "2019", "11200"), ("FUND_AGRI", "2019", "33100")]).await?;
    report_as(
        state,
        "sanjiang.reporter",
        &[
            ("FUND_POVERTY", "2019", "12000"),
            ("FUND_AGRI", "2019", "40000"),
            ("PUB_ACTIVITIES", "2019", "800"),
            ("PUB_LEAFLETS", "2019", "10000"),
            ("PUB_BANNERS", "2019", "700"),
            ("PUB_BLACKBOARDS", "2019", "500"),
            ("FUND_CREATION_GOV", "2019", "300"),
            ("FUND_CREATION_SUPPORT", "2019", "500"),
            ("FUND_CREATION_PRIVATE", "2019", "100"),
        ],
    )
    .await?;

    // 兴等村: 24 poor households lifted out of poverty by 2019 (a unit's figure).
    let reporter = principal_for_offline_task(&state.db, "zhaisha.reporter").await?.scope()?;
    let village = crate::service::units::list(
        &state.db,
        &reporter,
        crate::service::units::Filter {
            name_contains: crate::domain::search::Contains::parse("name", "兴等村")?,
            ..Default::default()
        },
        crate::service::page::PageRequest { first: 1, after: None, count: true },
    )
    .await?
    .items
    .pop()
    .ok_or_else(|| AppError::internal("no 兴等村"))?;
    let lifted = NewReport {
        subject: Subject::Unit(village.id),
        indicator_id: indicator(state, "POV_HOUSEHOLDS").await?,
        period: "2019".to_owned(),
        value: Decimal::from(24),
        note: "建档立卡贫困户24户, 占全村总户数五分之一, 2019年全部脱贫".to_owned(),
        evidence: vec!["台账/兴等村/2019脱贫户名册.pdf".to_owned()],
    };
    reports::report(state, &reporter, "report", vec![lifted], None).await?;

    // Synthetic monthly activity figures from every township (deterministic).
    let activities = indicator(state, "PUB_ACTIVITIES").await?;
    for (_, _, townships) in super::demo::COUNTIES {
        for (code, _) in *townships {
            let scope = principal_for_offline_task(&state.db, &township_reporter(code)).await?.scope()?;
            let seed: u32 = code.bytes().map(u32::from).sum();
            let items = (1..=12)
                .map(|m| NewReport {
                    subject: Subject::Tenant(scope.home()),
                    indicator_id: activities,
                    period: format!("2020-{m:02}"),
                    value: Decimal::from((seed * m) % 17 + 3),
                    note: String::new(),
                    evidence: vec![],
                })
                .collect();
            reports::report(state, &scope, "reportBatch", items, None).await?;
        }
    }

    // 寨沙镇 hands its 2020 figures up; 鹿寨县 accepts them.
    let zhaisha = principal_for_offline_task(&state.db, &township_reporter("450223102")).await?.scope()?;
    let submitted = submissions::submit(state, &zhaisha, "2020", None, vec![]).await?;
    let county = principal_for_offline_task(&state.db, "luzhai.reviewer").await?.scope()?;
    submissions::decide(state, &county, submitted.id, submitted.version, SubmissionDecision::Accept, None).await?;
    Ok(())
}
