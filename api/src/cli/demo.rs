//! The demo data set: the real places of the seed article (柳州市 and its districts and counties,
//! townships such as 鹿寨县寨沙镇) and demo users per level. Loaded as the system, in one
//! transaction; refused under the production profile (checked by the caller).
//!
//! County codes are the real GB/T 2260 codes; township codes follow the standard pattern (county
//! code + three digits, 1xx for towns 镇, 2xx for townships 乡).

use crate::auth::password;
use crate::domain::role::Role;
use crate::domain::tenant::{DivisionCode, Level};
use crate::error::AppError;
use crate::service::audit::Actor;
use crate::service::tenants::{self, Tenant};
use crate::service::users;
use crate::state::AppState;
use crate::store::unscoped;

/// Password of every demo user (listed in the README). Demo data is refused in production.
pub const DEMO_PASSWORD: &str = "shiliu-demo-2026";

pub const CITY: Place = ("450200", "柳州市");

/// (division code, name)
type Place = (&'static str, &'static str);

/// Districts and counties of Liuzhou, with some of their townships.
pub const COUNTIES: &[(&str, &str, &[Place])] = &[
    ("450202", "城中区", &[("450202001", "城中街道")]),
    ("450203", "鱼峰区", &[("450203001", "天马街道")]),
    ("450204", "柳南区", &[("450204001", "河西街道")]),
    ("450205", "柳北区", &[("450205001", "解放街道")]),
    ("450206", "柳江区", &[("450206100", "拉堡镇")]),
    ("450222", "柳城县", &[("450222100", "大埔镇")]),
    ("450223", "鹿寨县", &[("450223100", "鹿寨镇"), ("450223101", "中渡镇"), ("450223102", "寨沙镇")]),
    ("450224", "融安县", &[("450224100", "长安镇"), ("450224101", "浮石镇")]),
    (
        "450225",
        "融水苗族自治县",
        &[("450225100", "融水镇"), ("450225102", "三防镇"), ("450225203", "安太乡"), ("450225208", "杆洞乡")],
    ),
    ("450226", "三江侗族自治县", &[("450226100", "古宜镇"), ("450226101", "独峒镇"), ("450226203", "汪洞乡")]),
];

/// (username, display name, home tenant code, roles)
pub const USERS: &[(&str, &str, &str, &[Role])] = &[
    ("liuzhou.admin", "柳州市创建办管理员", "450200", &[Role::Admin, Role::Reviewer]),
    ("liuzhou.reviewer", "柳州市民宗委审核员", "450200", &[Role::Reviewer]),
    ("liuzhou.leader", "柳州市领导(只读)", "450200", &[Role::Viewer]),
    ("liuzhou.reporter", "柳州市填报员", "450200", &[Role::Reporter]),
    ("liuzhou.inspector", "柳州市实地考核组成员", "450200", &[Role::Viewer]),
    ("rongan.reporter", "融安县填报员", "450224", &[Role::Reporter]),
    ("rongshui.reporter", "融水县填报员", "450225", &[Role::Reporter]),
    ("sanjiang.reporter", "三江县填报员", "450226", &[Role::Reporter]),
    ("luzhai.admin", "鹿寨县创建办管理员", "450223", &[Role::Admin]),
    ("luzhai.reviewer", "鹿寨县审核员", "450223", &[Role::Reviewer]),
    ("rongshui.admin", "融水县创建办管理员", "450225", &[Role::Admin]),
    ("rongshui.reviewer", "融水县审核员", "450225", &[Role::Reviewer]),
    ("sanjiang.admin", "三江县创建办管理员", "450226", &[Role::Admin]),
    ("zhaisha.reporter", "寨沙镇填报员", "450223102", &[Role::Reporter]),
    ("zhaisha.reviewer", "寨沙镇审核员", "450223102", &[Role::Reviewer]),
    ("anta.reporter", "安太乡填报员", "450225203", &[Role::Reporter]),
    ("zhaisha.viewer", "寨沙镇(只读)", "450223102", &[Role::Viewer]),
];

/// The message of an error for the command line: an internal one's detail, else its message.
pub(super) fn explain(e: AppError) -> String {
    match e {
        AppError::Internal(detail) => detail,
        other => other.message(),
    }
}

/// Loads the demo set into a database that has no tenant yet; otherwise leaves it alone.
pub async fn load_if_empty(state: &AppState) -> Result<(), String> {
    if unscoped::any_tenant(&state.db).await.map_err(explain)? {
        tracing::info!("database already holds tenants; demo data not loaded");
        return Ok(());
    }
    load(state).await
}

/// Loads the demo set; refused if 柳州市 already exists.
pub async fn load(state: &AppState) -> Result<(), String> {
    if unscoped::tenant_by_code(&state.db, CITY.0).await.map_err(explain)?.is_some() {
        return Err(format!("{} {} already exists: the demo data is loaded", CITY.0, CITY.1));
    }
    // One hash for every demo user: they share the demo password.
    let hash = password::hash(DEMO_PASSWORD.to_owned(), state.hash_cost()).await.map_err(explain)?;
    let txn = crate::service::write::Write::begin_as(state, Actor::SYSTEM, None, crate::service::write::Touch::Tree)
        .await
        .map_err(explain)?;
    let created = insert_tree(&txn).await?;
    insert_users(&txn, &created, &hash).await?;
    txn.commit().await.map_err(explain)?;
    super::demo_units::load(state).await.map_err(explain)?;
    super::demo_targets::load(state).await.map_err(explain)?;
    super::demo_reports::load(state).await.map_err(explain)?;
    super::demo_assessment::load(state).await.map_err(explain)?;
    super::demo_supervision::load(state).await.map_err(explain)?;
    tracing::info!(tenants = created.len(), users = USERS.len(), "demo data loaded");
    Ok(())
}

/// Inserts 柳州市, its districts and counties and their townships. Answers every tenant made
/// (the city first, each county after its townships).
async fn insert_tree(txn: &crate::service::write::Write) -> Result<Vec<Tenant>, String> {
    let mut created: Vec<Tenant> = Vec::new();
    let city_code = DivisionCode::parse(CITY.0, Level::City, None).map_err(explain)?;
    let city =
        tenants::insert_tenant(txn, Actor::SYSTEM, &city_code, CITY.1, Level::City, None).await.map_err(explain)?;
    created.push(city.clone());
    for (code, name, townships) in COUNTIES {
        let code = DivisionCode::parse(code, Level::County, Some(&city.code)).map_err(explain)?;
        let county = tenants::insert_tenant(txn, Actor::SYSTEM, &code, name, Level::County, Some(&city))
            .await
            .map_err(explain)?;
        for (tcode, tname) in *townships {
            let tcode = DivisionCode::parse(tcode, Level::Township, Some(&county.code)).map_err(explain)?;
            let t = tenants::insert_tenant(txn, Actor::SYSTEM, &tcode, tname, Level::Township, Some(&county))
                .await
                .map_err(explain)?;
            created.push(t);
        }
        created.push(county);
    }
    Ok(created)
}

/// Inserts the named demo users, then one synthetic reporter per township and one per district
/// or county without a named one, all with the demo password's hash.
async fn insert_users(txn: &crate::service::write::Write, created: &[Tenant], hash: &str) -> Result<(), String> {
    for (username, display, home, roles) in USERS {
        let tenant = created
            .iter()
            .find(|t| t.code == *home)
            .ok_or_else(|| format!("demo user {username}: no tenant {home}"))?;
        let input = users::NewUser {
            tenant_id: tenant.id,
            username: (*username).to_owned(),
            display_name: Some((*display).to_owned()),
            password: String::new(),
            roles: roles.to_vec(),
        };
        let prepared = users::prepare_with_hash(&input, hash).map_err(explain)?;
        users::insert(txn, Actor::SYSTEM, prepared).await.map_err(explain)?;
    }
    // One synthetic reporter per township, for the monthly figures of `demo_reports`.
    for t in created.iter().filter(|t| t.level == Level::Township) {
        let input = users::NewUser {
            tenant_id: t.id,
            username: super::demo_reports::township_reporter(&t.code),
            display_name: Some(format!("{}填报员", t.name)),
            password: String::new(),
            roles: vec![Role::Reporter],
        };
        let prepared = users::prepare_with_hash(&input, hash).map_err(explain)?;
        users::insert(txn, Actor::SYSTEM, prepared).await.map_err(explain)?;
    }
    // One synthetic reporter per district or county without a named one, for the assessment's
    // self-checks (`demo_assessment`).
    for t in created.iter().filter(|t| t.level == Level::County) {
        let username = super::demo_assessment::county_reporter(&t.code);
        if USERS.iter().any(|u| u.0 == username) {
            continue;
        }
        let input = users::NewUser {
            tenant_id: t.id,
            username,
            display_name: Some(format!("{}填报员", t.name)),
            password: String::new(),
            roles: vec![Role::Reporter],
        };
        let prepared = users::prepare_with_hash(&input, hash).map_err(explain)?;
        users::insert(txn, Actor::SYSTEM, prepared).await.map_err(explain)?;
    }
    Ok(())
}
