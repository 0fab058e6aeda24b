//! The checks of one report line that need no figure, with what a request looks up once for
//! all its lines.

use super::*;

/// Everything one request looks up once and uses for many lines.
pub(super) struct Lookups {
    pub(super) indicators: HashMap<IndicatorId, Indicator>,
    pub(super) locks: HashMap<(TenantId, Period), Option<unscoped::Lock>>,
    /// Campaign years above each indicator's tenant: (start, end, name).
    pub(super) campaigns: HashMap<TenantId, Vec<(i32, i32, String)>>,
    /// The last day whose periods have begun, with the configured grace (China time).
    pub(super) horizon: chrono::NaiveDate,
}

impl Lookups {
    pub(super) fn new(state: &AppState) -> Self {
        let grace = chrono::Duration::days(state.settings.reports.future_grace_days.clamp(0, 366));
        Lookups {
            indicators: HashMap::new(),
            locks: HashMap::new(),
            campaigns: HashMap::new(),
            horizon: crate::domain::period::china_today() + grace,
        }
    }
}

/// A line that passed every check that needs no figure: whose it is, what it says.
pub(super) struct Line {
    pub(super) index: usize,
    pub(super) owner: TenantId,
    pub(super) unit_id: Option<UnitId>,
    pub(super) subject: String,
    pub(super) indicator: IndicatorId,
    pub(super) period: Period,
    pub(super) value: i64,
    pub(super) note: String,
    pub(super) evidence: String,
}

/// The checks of one line that need no figure: the subject is the caller's own tenant or one
/// of its units (not archived), the indicator usable, the fields well-formed and within their
/// bounds, the period begun and inside a campaign, and not locked by a submission.
pub(super) async fn check_line<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    units: &HashMap<UnitId, units::Unit>,
    lookups: &mut Lookups,
    index: usize,
    item: NewReport,
) -> Result<Line, AppError> {
    let (owner, unit_id, subject) = match item.subject {
        Subject::Tenant(t) => {
            scope.require_home(t, "reporting a tenant's figures")?;
            (t, None, format!("t:{t}"))
        }
        Subject::Unit(u) => {
            let unit = units.get(&u).ok_or(AppError::NotFound { entity: "unit" })?;
            scope.require_home(unit.tenant_id, "reporting a unit's figures")?;
            if unit.archived_at.is_some() {
                return Err(AppError::conflict("unitId", "该单位已归档，不能再填报 / the unit is archived"));
            }
            (unit.tenant_id, Some(u), format!("u:{u}"))
        }
    };
    let ind = match lookups.indicators.get(&item.indicator_id) {
        Some(i) => i.clone(),
        None => {
            let i = indicators::usable(db, scope, item.indicator_id).await?;
            lookups.indicators.insert(i.id, i.clone());
            i
        }
    };
    let period = Period::parse(&item.period)?;
    let value = Quantity::figure("value", ind.value_type.check("value", item.value)?)?;
    let note = text::optional("note", &item.note, 1000)?;
    if item.evidence.len() > 20 {
        return Err(AppError::bad_input("evidence", "佐证材料最多 20 项 / at most 20 evidence references"));
    }
    let evidence = item.evidence.iter().map(|e| text::bounded("evidence", e, 500)).collect::<Result<Vec<_>, _>>()?;
    // Only a reference to an uploaded file costs a statement.
    crate::service::files::check_attachable(db, scope, "evidence", &evidence, owner).await?;
    check_period(db, lookups, &ind, period).await?;

    let lock = match lookups.locks.get(&(owner, period)) {
        Some(l) => l.clone(),
        None => {
            let l = unscoped::report_lock(db, owner, &period).await?;
            lookups.locks.insert((owner, period), l.clone());
            l
        }
    };
    if let Some(lock) = lock {
        return Err(AppError::conflict("period", lock.message(&period)));
    }
    Ok(Line {
        index,
        owner,
        unit_id,
        subject,
        indicator: ind.id,
        period,
        value: value.0,
        note,
        evidence: serde_json::to_string(&evidence).map_err(AppError::internal)?,
    })
}

/// A figure is reported for a period that has begun (China time, with the configured grace)
/// and lies inside a campaign of the indicator's tenant or one above it.
pub(super) async fn check_period<C: ConnectionTrait>(
    db: &C,
    lookups: &mut Lookups,
    ind: &Indicator,
    period: Period,
) -> Result<(), AppError> {
    if period.first_day() > lookups.horizon {
        let today = crate::domain::period::china_today();
        return Err(AppError::bad_input(
            "period",
            format!(
                "{period} 尚未开始（今天是 {today}），只能填报已开始的期间 / {period} has not begun (today is {today} in \
                 China): figures are reported for periods that have begun"
            ),
        ));
    }
    if let std::collections::hash_map::Entry::Vacant(slot) = lookups.campaigns.entry(ind.tenant_id) {
        slot.insert(unscoped::campaigns_over(db, ind.tenant_id).await?);
    }
    let campaigns = lookups.campaigns.get(&ind.tenant_id).map(Vec::as_slice).unwrap_or_default();
    let year = period.year();
    if campaigns.iter().any(|(start, end, _)| (*start..=*end).contains(&year)) {
        return Ok(());
    }
    let known = if campaigns.is_empty() {
        "尚无创建周期 / there is no campaign yet".to_owned()
    } else {
        campaigns.iter().map(|(s, e, name)| format!("{s}–{e} {name}")).collect::<Vec<_>>().join("、")
    };
    Err(AppError::bad_input(
        "period",
        format!(
            "{period} 不在指标 {} 所属创建周期内（{known}）/ {period} is outside every campaign of indicator {}: \
             figures are reported for the years of a campaign",
            ind.code, ind.code
        ),
    ))
}
