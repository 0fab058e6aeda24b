//! Demo supervision, modelled on the seed article's Nanning research visit (南宁市领导调研民族团结
//! 进步创建工作: leaders of the city visit a demonstration community, see its publicity gallery,
//! library and volunteer base, talk with residents, and ask for the work to go on). Here 柳州市's
//! creation office makes such a visit to 融水 and 三江, records three findings and opens five
//! rectification tasks, left in every state: one verified, one submitted, one reopened with a
//! reason, one in progress and overdue, one still open. Dates are relative to the day the demo
//! is loaded (China date), so the overdue task stays overdue and the others stay within time.

use crate::domain::search::Contains;
use chrono::Duration;

use crate::auth::{Scope, principal_for_offline_task};
use crate::domain::ids::*;
use crate::domain::rectification::TaskAction;
use crate::error::AppError;
use crate::service::page::PageRequest;
use crate::service::supervision::{self as svc, Assignee, Evidence, InspectionInput, NewTask, PlaceInput, Task};
use crate::service::units;
use crate::state::AppState;
use crate::store::unscoped;

pub const INSPECTION_TITLE: &str = "柳州市领导调研融水、三江民族团结进步创建工作";

/// The scope of a demo user, as an offline task acting for it.
async fn scope_of(state: &AppState, username: &str) -> Result<Scope, AppError> {
    principal_for_offline_task(&state.db, username).await?.scope()
}

/// A demo tenant by its code.
async fn tenant(state: &AppState, code: &str) -> Result<TenantId, AppError> {
    unscoped::tenant_by_code(&state.db, code)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| AppError::internal(format!("demo: no tenant {code}")))
}

/// A demo unit by its exact name, as `who` sees it.
async fn unit(state: &AppState, who: &Scope, name: &str) -> Result<UnitId, AppError> {
    let f = units::Filter { name_contains: Contains::parse("name", name)?, ..Default::default() };
    let page = units::list(&state.db, who, f, PageRequest { first: 10, after: None, count: true }).await?;
    page.items
        .into_iter()
        .find(|u| u.name == name)
        .map(|u| u.id)
        .ok_or_else(|| AppError::internal(format!("demo: no unit {name}")))
}

/// Takes a step on a task that needs neither reason nor evidence.
async fn act(state: &AppState, who: &Scope, t: Task, action: TaskAction) -> Result<Task, AppError> {
    svc::act(state, who, t.id, t.version, action, None, None).await
}

/// SUBMIT on a task with a description and evidence references.
async fn submit(state: &AppState, who: &Scope, t: Task, text: &str, refs: &[&str]) -> Result<Task, AppError> {
    let evidence = Evidence { text: text.to_owned(), references: refs.iter().map(|r| (*r).to_owned()).collect() };
    svc::act(state, who, t.id, t.version, TaskAction::Submit, None, Some(evidence)).await
}

/// Who acts in the demo and where: the city's reviewer and the reporters of the counties and
/// townships that answer, the tenants tasks go to and the units visited.
struct Cast {
    city: Scope,
    rongshui: Scope,
    sanjiang: Scope,
    anta: Scope,
    dudong: Scope,
    anta_t: TenantId,
    guyi_t: TenantId,
    dudong_t: TenantId,
    gandong_t: TenantId,
    rongshui_t: TenantId,
    sanjiang_t: TenantId,
    yuanbao: UnitId,
    chengyang: UnitId,
}

/// The findings of the visit tasks are opened on.
struct Findings {
    gallery: FindingId,
    volunteers: FindingId,
    ledgers: FindingId,
}

/// Loads the demo's inspection, its findings and five tasks, one in each state.
pub async fn load(state: &AppState) -> Result<(), AppError> {
    let cast = cast(state).await?;
    let today = svc::china_today();
    let visited = today - Duration::days(40);
    let insp = inspect(state, &cast, visited).await?;
    let findings = record_findings(state, &cast.city, insp).await?;
    let in_time = today + Duration::days(30);
    gallery_verified(state, &cast, findings.gallery, in_time).await?;
    service_points_submitted(state, &cast, findings.volunteers, in_time).await?;
    dudong_reopened(state, &cast, findings.volunteers, in_time).await?;
    ledgers_overdue(state, &cast, findings.ledgers, today - Duration::days(7)).await?;
    gandong_open(state, &cast, findings.ledgers, in_time).await?;
    Ok(())
}

/// Looks up the demo's users, tenants and units.
async fn cast(state: &AppState) -> Result<Cast, AppError> {
    let city = scope_of(state, "liuzhou.reviewer").await?;
    let rongshui = scope_of(state, "rongshui.reporter").await?;
    let sanjiang = scope_of(state, "sanjiang.reporter").await?;
    let anta = scope_of(state, "rpt.450225203").await?;
    let dudong = scope_of(state, "rpt.450226101").await?;
    let anta_t = tenant(state, "450225203").await?;
    let guyi_t = tenant(state, "450226100").await?;
    let dudong_t = tenant(state, "450226101").await?;
    let gandong_t = tenant(state, "450225208").await?;
    let rongshui_t = tenant(state, "450225").await?;
    let sanjiang_t = tenant(state, "450226").await?;
    let yuanbao = unit(state, &city, "元宝村").await?;
    let chengyang = unit(state, &city, "程阳八寨景区").await?;
    Ok(Cast {
        city,
        rongshui,
        sanjiang,
        anta,
        dudong,
        anta_t,
        guyi_t,
        dudong_t,
        gandong_t,
        rongshui_t,
        sanjiang_t,
        yuanbao,
        chengyang,
    })
}

/// The city's visit to 融水 and 三江 on `visited`, with the four places it saw.
async fn inspect(state: &AppState, cast: &Cast, visited: chrono::NaiveDate) -> Result<InspectionId, AppError> {
    let place = |tenant_id: Option<TenantId>, unit_id: Option<UnitId>, note: &str| PlaceInput {
        tenant_id,
        unit_id,
        note: note.to_owned(),
    };
    let insp = svc::create_inspection(
        state,
        &cast.city,
        InspectionInput {
            title: INSPECTION_TITLE.to_owned(),
            inspected_on: visited,
            leaders: vec!["柳州市委常委、统战部部长".to_owned(), "柳州市民宗委主任".to_owned()],
            summary: "调研组先后参观民族团结宣传长廊、民族之家图书室和大学生民汉双语志愿服务实践基地,\
                      与苗族、侗族群众交流,了解少数民族群众的生活、工作情况。调研组对创建工作给予肯定,\
                      要求继续推进少数民族群众进得来、融得进、留得住的做法,充分发挥党建引领、典型示范、\
                      联建共建作用,促进各民族像石榴籽一样紧紧抱在一起。"
                .to_owned(),
            places: vec![
                place(None, Some(cast.yuanbao), "元宝村民族团结宣传长廊、民族之家图书室"),
                place(Some(cast.anta_t), None, "安太乡创建工作台账"),
                place(Some(cast.guyi_t), None, "古宜镇社区民汉双语志愿服务实践基地"),
                place(None, Some(cast.chengyang), "程阳八寨景区民族团结宣传标语"),
            ],
        },
    )
    .await?;
    Ok(insp.id)
}

/// The visit's three findings: the gallery, the volunteer service, the ledgers.
async fn record_findings(state: &AppState, city: &Scope, insp: InspectionId) -> Result<Findings, AppError> {
    let gallery =
        svc::add_finding(state, city, insp, "元宝村民族团结宣传长廊内容陈旧,仍为2017年版,未体现新的创建要求。").await?;
    let volunteers = svc::add_finding(
        state,
        city,
        insp,
        "三江县民汉双语志愿服务覆盖不足,独峒镇尚无固定服务点,少数民族群众办事仍有语言障碍。",
    )
    .await?;
    let ledgers = svc::add_finding(
        state,
        city,
        insp,
        "融水县创建工作台账不完整:2019年度活动记录、经费使用凭证缺失,乡镇台账未按月归档。",
    )
    .await?;
    Ok(Findings { gallery: gallery.id, volunteers: volunteers.id, ledgers: ledgers.id })
}

/// A task on `finding` for `assignee`, due on `deadline`.
fn new_task(finding: FindingId, assignee: Assignee, requirement: &str, deadline: chrono::NaiveDate) -> NewTask {
    NewTask { finding_id: finding, assignee, requirement: requirement.to_owned(), deadline }
}

/// 1. 元宝村 (a unit of 安太乡, answered by the township) renews its gallery: verified in time.
async fn gallery_verified(
    state: &AppState,
    cast: &Cast,
    finding: FindingId,
    due: chrono::NaiveDate,
) -> Result<(), AppError> {
    let t = svc::open_task(
        state,
        &cast.city,
        new_task(finding, Assignee::Unit(cast.yuanbao), "更新元宝村宣传长廊内容,增加铸牢中华民族共同体意识专栏。", due),
    )
    .await?;
    let t = act(state, &cast.anta, t, TaskAction::Start).await?;
    let t = submit(state, &cast.anta, t, "宣传长廊已全部更新,新增专栏8块。", &["整改/安太乡/宣传长廊照片.zip"]).await?;
    act(state, &cast.city, t, TaskAction::Verify).await?;
    Ok(())
}

/// 2. 三江县 sets up service points county-wide: submitted, waiting on the city.
async fn service_points_submitted(
    state: &AppState,
    cast: &Cast,
    finding: FindingId,
    due: chrono::NaiveDate,
) -> Result<(), AppError> {
    let t = svc::open_task(
        state,
        &cast.city,
        new_task(finding, Assignee::Tenant(cast.sanjiang_t), "在各乡镇设立民汉双语志愿服务点并公示服务时间。", due),
    )
    .await?;
    let t = act(state, &cast.sanjiang, t, TaskAction::Start).await?;
    submit(
        state,
        &cast.sanjiang,
        t,
        "全县15个乡镇均已设立服务点,配备双语志愿者62名。",
        &["整改/三江县/服务点名单.xlsx", "https://example.org/sanjiang/volunteers"],
    )
    .await?;
    Ok(())
}

/// 3. 独峒镇's first answer is sent back: reopened with a reason.
async fn dudong_reopened(
    state: &AppState,
    cast: &Cast,
    finding: FindingId,
    due: chrono::NaiveDate,
) -> Result<(), AppError> {
    let t = svc::open_task(
        state,
        &cast.city,
        new_task(finding, Assignee::Tenant(cast.dudong_t), "独峒镇设立固定的民汉双语服务点。", due),
    )
    .await?;
    let t = act(state, &cast.dudong, t, TaskAction::Start).await?;
    let t = submit(state, &cast.dudong, t, "已安排志愿者每周到镇政府值班。", &["整改/独峒镇/值班表.pdf"]).await?;
    svc::act(
        state,
        &cast.city,
        t.id,
        t.version,
        TaskAction::Reopen,
        Some("值班安排不是固定服务点;请明确服务场所并提供现场照片。".to_owned()),
        None,
    )
    .await?;
    Ok(())
}

/// 4. 融水县 completes its ledgers: in progress and overdue (due a week ago).
async fn ledgers_overdue(
    state: &AppState,
    cast: &Cast,
    finding: FindingId,
    due: chrono::NaiveDate,
) -> Result<(), AppError> {
    let t = svc::open_task(
        state,
        &cast.city,
        new_task(
            finding,
            Assignee::Tenant(cast.rongshui_t),
            "补齐2019年度活动记录和经费使用凭证,建立按月归档制度。",
            due,
        ),
    )
    .await?;
    act(state, &cast.rongshui, t, TaskAction::Start).await?;
    Ok(())
}

/// 5. 杆洞乡 files its township ledgers monthly: still open.
async fn gandong_open(
    state: &AppState,
    cast: &Cast,
    finding: FindingId,
    due: chrono::NaiveDate,
) -> Result<(), AppError> {
    svc::open_task(
        state,
        &cast.city,
        new_task(finding, Assignee::Tenant(cast.gandong_t), "杆洞乡创建台账按月归档,报县创建办备案。", due),
    )
    .await?;
    Ok(())
}
