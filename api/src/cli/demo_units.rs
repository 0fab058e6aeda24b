//! Demo units and applications, driven through the real services as the demo users would:
//! 寨沙镇 and 兴等村 climb from 寨沙镇 through 鹿寨县 to 柳州市 and are named in Liuzhou's first
//! batch (2020-03), and other applications are left in every other state.

use chrono::NaiveDate;

use crate::auth::{Scope, principal_for_offline_task};
use crate::domain::application::Decision;
use crate::domain::ids::*;
use crate::domain::tenant::Level;
use crate::domain::unit::{Category, DesignationKind};
use crate::error::AppError;
use crate::service::applications::{self, Application, Content, NewApplication};
use crate::service::batches::{self, NewBatch};
use crate::service::units::{self, EthnicPresence, Profile};
use crate::state::AppState;
use crate::store::unscoped;

/// The first batch of Liuzhou's demonstration units.
pub const FIRST_BATCH: &str = "第一批柳州市民族团结进步示范单位";

/// The scope of a demo user, as an offline task acting for it.
async fn scope_of(state: &AppState, username: &str) -> Result<Scope, AppError> {
    principal_for_offline_task(&state.db, username).await?.scope()
}

/// A demo tenant by its code.
async fn tenant(state: &AppState, code: &str) -> Result<crate::domain::ids::TenantId, AppError> {
    unscoped::tenant_by_code(&state.db, code)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| AppError::internal(format!("demo: no tenant {code}")))
}

/// A unit profile with its name, category and address.
fn profile(name: &str, category: Category, address: &str) -> Profile {
    Profile { name: name.to_owned(), category: Some(category), address: address.to_owned(), ..Default::default() }
}

/// Drafts an application for `unit` with a ledger reference and submits it.
async fn apply(
    state: &AppState,
    who: &Scope,
    unit: UnitId,
    kind: DesignationKind,
    level: Level,
    statement: &str,
) -> Result<Application, AppError> {
    let content = Content {
        statement: statement.to_owned(),
        self_evaluation: String::new(),
        evidence: vec![format!("台账/{unit}/2019年度创建工作台账.pdf")],
    };
    let app = applications::create(state, who, NewApplication { unit_id: unit, kind, level, content }).await?;
    applications::submit(state, who, app.id, app.version).await
}

/// Decides an application at the version it was read.
async fn decide(
    state: &AppState,
    who: &Scope,
    app: Application,
    d: Decision,
    reason: Option<&str>,
) -> Result<Application, AppError> {
    applications::decide(state, who, app.id, app.version, d, reason.map(str::to_owned)).await
}

/// The demo users who drive the units and applications.
struct Cast {
    zhaisha_reporter: Scope,
    zhaisha_reviewer: Scope,
    luzhai_admin: Scope,
    luzhai_reviewer: Scope,
    rongshui_admin: Scope,
    rongshui_reviewer: Scope,
    sanjiang_admin: Scope,
    anta_reporter: Scope,
    city_reviewer: Scope,
    city_admin: Scope,
}

/// Loads the demo units and their applications: the first batch, then one application left in
/// each other state.
pub async fn load(state: &AppState) -> Result<(), AppError> {
    let cast = Cast {
        zhaisha_reporter: scope_of(state, "zhaisha.reporter").await?,
        zhaisha_reviewer: scope_of(state, "zhaisha.reviewer").await?,
        luzhai_admin: scope_of(state, "luzhai.admin").await?,
        luzhai_reviewer: scope_of(state, "luzhai.reviewer").await?,
        rongshui_admin: scope_of(state, "rongshui.admin").await?,
        rongshui_reviewer: scope_of(state, "rongshui.reviewer").await?,
        sanjiang_admin: scope_of(state, "sanjiang.admin").await?,
        anta_reporter: scope_of(state, "anta.reporter").await?,
        city_reviewer: scope_of(state, "liuzhou.reviewer").await?,
        city_admin: scope_of(state, "liuzhou.admin").await?,
    };
    let approved = zhaisha_approved(state, &cast).await?;
    publish_first_batch(state, &cast, &approved).await?;
    school_approved(state, &cast).await?;
    let rongshui = tenant(state, "450225").await?;
    service_hall_returned(state, &cast, rongshui).await?;
    park_rejected(state, &cast, rongshui).await?;
    yuanbao_submitted(state, &cast).await?;
    scenic_area_draft(state, &cast).await?;
    Ok(())
}

/// 寨沙镇 and its village 兴等村: created, applied for and approved up to the city.
async fn zhaisha_approved(state: &AppState, cast: &Cast) -> Result<Vec<Application>, AppError> {
    let zhaisha = tenant(state, "450223102").await?;
    let town =
        units::create(state, &cast.zhaisha_reporter, zhaisha, profile("寨沙镇", Category::Township, "鹿寨县寨沙镇"))
            .await?;
    let mut village = profile("兴等村", Category::Community, "鹿寨县寨沙镇兴等村");
    village.households = Some(114);
    village.population = Some(446);
    village.ethnic_groups = vec![
        EthnicPresence { group: "壮族".to_owned(), place: Some("纳接屯".to_owned()) },
        EthnicPresence { group: "瑶族".to_owned(), place: Some("兴等屯".to_owned()) },
    ];
    village.description = "壮瑶同胞团结互助; 建档立卡贫困户24户, 2019年全部脱贫。".to_owned();
    let village = units::create(state, &cast.zhaisha_reporter, zhaisha, village).await?;
    let mut approved = Vec::new();
    for unit in [town.id, village.id] {
        let app = apply(
            state,
            &cast.zhaisha_reporter,
            unit,
            DesignationKind::DemonstrationUnit,
            Level::City,
            "申报柳州市民族团结进步示范单位",
        )
        .await?;
        let app = decide(state, &cast.zhaisha_reviewer, app, Decision::Recommend, None).await?;
        let app = decide(state, &cast.luzhai_reviewer, app, Decision::Recommend, None).await?;
        approved.push(decide(state, &cast.city_reviewer, app, Decision::Approve, None).await?);
    }
    Ok(approved)
}

/// Liuzhou's first batch (2020-03) with the approved applications, published.
async fn publish_first_batch(state: &AppState, cast: &Cast, approved: &[Application]) -> Result<(), AppError> {
    let batch = batches::create(
        state,
        &cast.city_admin,
        NewBatch {
            name: FIRST_BATCH.to_owned(),
            kind: DesignationKind::DemonstrationUnit,
            quotas: vec![(Category::Community, 20)],
        },
    )
    .await?;
    let ids: Vec<ApplicationId> = approved.iter().map(|a| a.id).collect();
    let batch = batches::add(state, &cast.city_admin, batch.id, batch.version, &ids).await?;
    let published_on = NaiveDate::from_ymd_opt(2020, 3, 1).ok_or_else(|| AppError::internal("date"))?;
    let review_by = NaiveDate::from_ymd_opt(2023, 3, 1);
    batches::publish(state, &cast.city_admin, batch.id, batch.version, published_on, review_by).await?;
    Ok(())
}

/// APPROVED, waiting for the next batch.
async fn school_approved(state: &AppState, cast: &Cast) -> Result<(), AppError> {
    let luzhai = tenant(state, "450223").await?;
    let school =
        units::create(state, &cast.luzhai_admin, luzhai, profile("鹿寨县民族中学", Category::School, "鹿寨县鹿寨镇"))
            .await?;
    let app = apply(
        state,
        &cast.luzhai_admin,
        school.id,
        DesignationKind::DemonstrationUnit,
        Level::City,
        "民族团结进步教育进校园",
    )
    .await?;
    let app = decide(state, &cast.luzhai_reviewer, app, Decision::Recommend, None).await?;
    decide(state, &cast.city_reviewer, app, Decision::Approve, None).await?;
    Ok(())
}

/// RETURNED by the city with a reason.
async fn service_hall_returned(state: &AppState, cast: &Cast, rongshui: TenantId) -> Result<(), AppError> {
    let hall = units::create(
        state,
        &cast.rongshui_admin,
        rongshui,
        profile("融水县政务服务中心", Category::ServiceWindow, "融水苗族自治县融水镇"),
    )
    .await?;
    let app = apply(
        state,
        &cast.rongshui_admin,
        hall.id,
        DesignationKind::DemonstrationUnit,
        Level::City,
        "窗口服务各族群众",
    )
    .await?;
    let app = decide(state, &cast.rongshui_reviewer, app, Decision::Recommend, None).await?;
    decide(
        state,
        &cast.city_reviewer,
        app,
        Decision::Return,
        Some("台账材料不完整, 请补充2019年活动照片和经费使用凭证"),
    )
    .await?;
    Ok(())
}

/// REJECTED at the county, which names its own units.
async fn park_rejected(state: &AppState, cast: &Cast, rongshui: TenantId) -> Result<(), AppError> {
    let bureau = units::create(
        state,
        &cast.rongshui_admin,
        rongshui,
        profile("融水县某企业园区", Category::Enterprise, "融水苗族自治县"),
    )
    .await?;
    let app = apply(
        state,
        &cast.rongshui_admin,
        bureau.id,
        DesignationKind::DemonstrationUnit,
        Level::County,
        "申报县级示范单位",
    )
    .await?;
    decide(state, &cast.rongshui_reviewer, app, Decision::Reject, Some("创建时间不足一年, 不符合申报条件")).await?;
    Ok(())
}

/// SUBMITTED, waiting on 安太乡.
async fn yuanbao_submitted(state: &AppState, cast: &Cast) -> Result<(), AppError> {
    let anta = tenant(state, "450225203").await?;
    let mut yuanbao = profile("元宝村", Category::Community, "融水苗族自治县安太乡元宝村");
    yuanbao.ethnic_groups = vec![EthnicPresence { group: "苗族".to_owned(), place: None }];
    let yuanbao = units::create(state, &cast.anta_reporter, anta, yuanbao).await?;
    apply(state, &cast.anta_reporter, yuanbao.id, DesignationKind::DemonstrationUnit, Level::County, "申报县级示范村")
        .await?;
    Ok(())
}

/// DRAFT: an education base in 三江.
async fn scenic_area_draft(state: &AppState, cast: &Cast) -> Result<(), AppError> {
    let sanjiang = tenant(state, "450226").await?;
    let scenic = units::create(
        state,
        &cast.sanjiang_admin,
        sanjiang,
        profile("程阳八寨景区", Category::ScenicArea, "三江侗族自治县林溪镇"),
    )
    .await?;
    let content = Content { statement: "侗族文化传承与民族团结教育".to_owned(), ..Default::default() };
    applications::create(
        state,
        &cast.sanjiang_admin,
        NewApplication { unit_id: scenic.id, kind: DesignationKind::EducationBase, level: Level::City, content },
    )
    .await?;
    Ok(())
}
