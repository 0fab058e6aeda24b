//! Demo performance assessment (绩效考评) of Liuzhou over its ten districts and counties, after
//! the seed article's Qinzhou rhythm (self-check with ledgers, desk verification, field
//! verification by two working groups, combined, feedback and recheck, final, published):
//! - a 2019 scheme "3 aspects, 4 items" (三个方面、四项) with bonus items capped at 5 points, and
//!   a 2019 round whose ten records stand in every state of the workflow (not yet published);
//! - the 2018 scheme and round, all final and PUBLISHED, so the ranking and the notice (通报)
//!   export can be tried.
//!
//! Every step goes through the service as the demo user whose job it is.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::demo::COUNTIES;
use crate::auth::{Scope, principal_for_offline_task};
use crate::domain::assessment::{AppliesTo, CombineRule, Status};
use crate::domain::ids::*;
use crate::error::AppError;
use crate::service::assessments::{
    self as svc, AssesseeRef, NewAssessee, NewCriterion, NewRound, Record, Scheme, SchemeInput, ScoreInput, Step,
};
use crate::state::AppState;
use crate::store::unscoped;

/// The reporter of a county in the demo (synthetic for the counties without a named one).
pub fn county_reporter(code: &str) -> String {
    match code {
        "450224" => "rongan.reporter".to_owned(),
        "450225" => "rongshui.reporter".to_owned(),
        "450226" => "sanjiang.reporter".to_owned(),
        other => format!("rpt.{other}"),
    }
}

/// The field working group member of the demo (柳州市实地考核组).
pub const FIELD_MEMBER: &str = "liuzhou.inspector";

fn d(s: &str) -> Result<Decimal, AppError> {
    Decimal::from_str(s).map_err(AppError::internal)
}

async fn scope_of(state: &AppState, username: &str) -> Result<Scope, AppError> {
    principal_for_offline_task(&state.db, username).await?.scope()
}

/// (aspect, item, title, max, guidance, evidence, indicator code)
type Spec = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, Option<&'static str>);

const CRITERIA: &[Spec] = &[
    (
        "组织领导",
        "组织机构与责任落实",
        "成立创建工作领导小组，明确责任分工",
        "10",
        "有领导小组文件得5分，责任分工到人得5分",
        "领导小组成立文件、分工表",
        None,
    ),
    (
        "组织领导",
        "组织机构与责任落实",
        "制定年度创建工作方案并按期推进",
        "10",
        "有方案得5分，按季度推进并有记录得5分",
        "年度工作方案、推进记录",
        None,
    ),
    (
        "宣传教育",
        "宣传教育活动",
        "开展民族团结进步宣传活动",
        "15",
        "按年度目标完成率计分",
        "活动照片、签到表",
        Some("PUB_ACTIVITIES"),
    ),
    ("宣传教育", "宣传教育活动", "发放宣传资料", "10", "按年度目标完成率计分", "发放登记表", Some("PUB_LEAFLETS")),
    (
        "创建成效",
        "示范单位创建",
        "培育命名民族团结进步示范单位",
        "15",
        "每命名1个市级示范单位得3分，最高15分",
        "命名文件",
        None,
    ),
    ("创建成效", "示范单位创建", "建设民族团结进步教育基地", "10", "建成并开放得10分", "基地建设资料", None),
    (
        "创建成效",
        "民族事务治理",
        "排查化解涉及民族因素的矛盾纠纷",
        "15",
        "建立排查台账并及时化解得15分，发生重大事件不得分",
        "排查台账、化解记录",
        None,
    ),
    (
        "创建成效",
        "民族事务治理",
        "做好少数民族流动人口服务管理",
        "15",
        "有服务站点和工作记录得15分",
        "服务站点台账",
        None,
    ),
];

/// (title, max, guidance)
const BONUS: &[(&str, &str, &str)] = &[
    ("获得上级表彰", "5", "获自治区级表彰加5分，市级加3分"),
    ("经验做法被上级推广", "3", "被自治区或市转发推广加3分"),
    ("工作创新", "3", "有创新举措并取得实效加1至3分"),
];

async fn scheme(state: &AppState, year: i32) -> Result<Scheme, AppError> {
    let admin = scope_of(state, "liuzhou.admin").await?;
    let mut criteria = Vec::new();
    for (aspect, item, title, max, guidance, evidence, indicator) in CRITERIA {
        let indicator_id = match indicator {
            Some(code) => Some(super::demo_reports::indicator(state, code).await?),
            None => None,
        };
        criteria.push(NewCriterion {
            aspect: (*aspect).to_owned(),
            item: (*item).to_owned(),
            title: (*title).to_owned(),
            max_score: d(max)?,
            guidance: (*guidance).to_owned(),
            evidence: (*evidence).to_owned(),
            indicator_id,
            bonus: false,
            applies_to: AppliesTo::All,
        });
    }
    for (title, max, guidance) in BONUS {
        criteria.push(NewCriterion {
            aspect: "加分项".to_owned(),
            item: "加分项".to_owned(),
            title: (*title).to_owned(),
            max_score: d(max)?,
            guidance: (*guidance).to_owned(),
            evidence: "表彰或推广文件".to_owned(),
            indicator_id: None,
            bonus: true,
            applies_to: AppliesTo::All,
        });
    }
    let input =
        SchemeInput {
            year, name: format!("{year}年度民族团结进步创建工作绩效考评方案"), bonus_cap: d("5")?, criteria
        };
    svc::create_scheme(state, &admin, input).await
}

async fn open(state: &AppState, sch: &Scheme, deadline: NaiveDate, rule: CombineRule) -> Result<svc::Round, AppError> {
    let admin = scope_of(state, "liuzhou.admin").await?;
    let member = |name: &'static str| async move {
        unscoped::user_by_username(&state.db, name)
            .await?
            .map(|u| u.id)
            .ok_or_else(|| AppError::internal(format!("demo user {name} missing")))
    };
    let groups = vec![
        ("第一考核组".to_owned(), vec![member(FIELD_MEMBER).await?, member("liuzhou.reviewer").await?]),
        ("第二考核组".to_owned(), vec![member("liuzhou.admin").await?]),
    ];
    let mut assessees = Vec::new();
    for (i, (code, _, _)) in COUNTIES.iter().enumerate() {
        let t = unscoped::tenant_by_code(&state.db, code)
            .await?
            .ok_or_else(|| AppError::internal(format!("demo tenant {code} missing")))?;
        let group = if i < 5 { "第一考核组" } else { "第二考核组" };
        assessees.push(NewAssessee { who: AssesseeRef::Tenant(t.id), group: group.to_owned() });
    }
    let input = NewRound {
        scheme_id: sch.id,
        name: format!("{}年度民族团结进步创建工作绩效考评", sch.year),
        deadline,
        combine_rule: rule,
        desk_weight: 40,
        field_weight: 60,
        recheck_days: 5,
        excellent_min: d("90")?,
        good_min: d("80")?,
        pass_min: d("60")?,
        groups,
        assessees,
    };
    svc::open_round(state, &admin, input).await
}

/// A score of `pct` percent of `max`, in points with one decimal.
fn part(max: i64, pct: i64) -> Decimal {
    let tenths = max * pct / 100 / 1000;
    Decimal::new(tenths, 1)
}

fn scores(sch: &Scheme, seed: i64, drop: i64, comment: &str) -> Vec<ScoreInput> {
    sch.criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let pct = if c.bonus {
                [100, 67, 0][(i + seed as usize) % 3]
            } else {
                (100 - ((seed * 7 + i as i64 * 5) % 20) - drop).max(0)
            };
            ScoreInput {
                criterion_id: c.id,
                score: part(c.max_score, pct),
                comment: comment.to_owned(),
                evidence: vec![],
            }
        })
        .collect()
}

/// Walks a record from SELF_ASSESSMENT up to `to`, each step by the demo user whose job it is.
async fn walk(
    state: &AppState,
    sch: &Scheme,
    mut rec: Record,
    code: &str,
    seed: i64,
    to: Status,
) -> Result<(), AppError> {
    let reporter = scope_of(state, &county_reporter(code)).await?;
    let reviewer = scope_of(state, "liuzhou.reviewer").await?;
    let field = scope_of(state, if rec.field_group == "第一考核组" { FIELD_MEMBER } else { "liuzhou.admin" }).await?;
    let mut self_scores = scores(sch, seed, 0, "已自查，台账齐全");
    for s in &mut self_scores {
        s.evidence = vec![format!("台账/{code}/{}.pdf", s.criterion_id)];
    }
    let plan: Vec<(Status, &Scope, Step)> = vec![
        (Status::SelfAssessment, &reporter, Step::SaveSelf(self_scores)),
        (Status::Submitted, &reporter, Step::Submit),
        (Status::DeskVerified, &reviewer, Step::VerifyDesk(scores(sch, seed, 3, "台账基本齐全"))),
        (
            Status::FieldVerified,
            &field,
            Step::VerifyField(scores(sch, seed, 6, "实地查看").into_iter().step_by(3).collect()),
        ),
        (Status::Combined, &reviewer, Step::Combine),
        (Status::Feedback, &reviewer, Step::SendFeedback),
    ];
    for (reaches, who, step) in plan {
        rec = svc::step(state, who, rec.id, rec.version, step).await?;
        if reaches == to {
            return Ok(());
        }
    }
    let recheck = seed % 3 == 0 || to == Status::RecheckRequested;
    if recheck && to != Status::Accepted {
        let objection = "宣传活动场次统计有遗漏，申请复核".to_owned();
        rec = svc::step(state, &reporter, rec.id, rec.version, Step::RequestRecheck(objection)).await?;
        if to == Status::RecheckRequested {
            return Ok(());
        }
        let reply = "经复核，补计宣传活动场次，调整该项得分".to_owned();
        let fix = sch
            .criteria
            .iter()
            .find(|c| c.indicator_id.is_some())
            .map(|c| ScoreInput {
                criterion_id: c.id,
                score: part(c.max_score, 100),
                comment: "复核后调整".to_owned(),
                evidence: vec![],
            })
            .into_iter()
            .collect();
        svc::step(state, &reviewer, rec.id, rec.version, Step::ResolveRecheck { reply, scores: fix }).await?;
        return Ok(());
    }
    rec = svc::step(state, &reporter, rec.id, rec.version, Step::Accept).await?;
    if to == Status::Accepted {
        return Ok(());
    }
    svc::step(state, &reviewer, rec.id, rec.version, Step::Finalize).await?;
    Ok(())
}

async fn records_of(state: &AppState, round: &svc::Round) -> Result<Vec<Record>, AppError> {
    let admin = scope_of(state, "liuzhou.admin").await?;
    let req = crate::service::page::PageRequest { first: 100, after: None, count: true };
    Ok(svc::records(&state.db, &admin, round.id, None, req).await?.items)
}

fn code_of<'a>(rec: &Record, tenants: &'a [(TenantId, &'a str)]) -> &'a str {
    tenants.iter().find(|(id, _)| *id == rec.assessee_tenant_id).map(|(_, c)| *c).unwrap_or("")
}

pub async fn load(state: &AppState) -> Result<(), AppError> {
    let mut tenants: Vec<(TenantId, &str)> = Vec::new();
    for (code, _, _) in COUNTIES {
        if let Some(t) = unscoped::tenant_by_code(&state.db, code).await? {
            tenants.push((t.id, code));
        }
    }
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| AppError::internal("bad demo date"));

    // 2018: every record final, the round published.
    let s2018 = scheme(state, 2018).await?;
    let r2018 = open(state, &s2018, date(2018, 12, 20)?, CombineRule::FieldOverridesDesk).await?;
    for (i, rec) in records_of(state, &r2018).await?.into_iter().enumerate() {
        let code = code_of(&rec, &tenants).to_owned();
        walk(state, &s2018, rec, &code, i as i64 + 1, Status::Final).await?;
    }
    let reviewer = scope_of(state, "liuzhou.reviewer").await?;
    svc::publish(state, &reviewer, r2018.id, r2018.version).await?;

    // 2019: one record in each state of the workflow.
    let s2019 = scheme(state, 2019).await?;
    let r2019 = open(state, &s2019, date(2019, 12, 20)?, CombineRule::WeightedMean).await?;
    let states = [
        Status::SelfAssessment,
        Status::SelfAssessment,
        Status::Submitted,
        Status::DeskVerified,
        Status::FieldVerified,
        Status::Combined,
        Status::Feedback,
        Status::RecheckRequested,
        Status::Accepted,
        Status::Final,
    ];
    for (i, rec) in records_of(state, &r2019).await?.into_iter().enumerate() {
        let code = code_of(&rec, &tenants).to_owned();
        match states.get(i) {
            // The first county has not started; the second has saved part of its self-check.
            Some(Status::SelfAssessment) if i == 0 => {}
            Some(to) => walk(state, &s2019, rec, &code, i as i64 + 2, *to).await?,
            None => {}
        }
    }
    Ok(())
}
