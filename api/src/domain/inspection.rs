//! An inspection (督查) as recorded: its date, leading officials, summary and the places
//! visited, parsed from what was sent ([`InspectionSpec`]).

use chrono::NaiveDate;

use super::dates::{self, Ahead};
use super::ids::{TenantId, UnitId};
use super::text;
use crate::error::AppError;

/// Longest title, and summary (characters).
pub const TITLE_MAX: usize = 200;
pub const LONG_MAX: usize = 5000;
/// Most leading officials named, and the longest name with title.
pub const LEADERS_MAX: usize = 20;
pub const LEADER_MAX_CHARS: usize = 100;
/// Most places one inspection visits, and the longest note on one.
pub const PLACES_MAX: usize = 50;
pub const NOTE_MAX: usize = 500;

/// A place visited, as sent: a tenant strictly below the inspecting tenant, or a unit of its
/// subtree (the inspecting tenant's own units included). Give one of the two.
#[derive(Clone, Debug, Default)]
pub struct PlaceInput {
    pub tenant_id: Option<TenantId>,
    pub unit_id: Option<UnitId>,
    pub note: String,
}

/// An inspection as sent.
#[derive(Clone, Debug)]
pub struct InspectionInput {
    pub title: String,
    pub inspected_on: NaiveDate,
    pub leaders: Vec<String>,
    pub summary: String,
    pub places: Vec<PlaceInput>,
}

/// Which place was visited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceRef {
    Tenant(TenantId),
    Unit(UnitId),
}

/// A place with its note (blank or bounded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceSpec {
    pub place: PlaceRef,
    pub note: String,
}

/// An inspection that can be recorded: it has taken place (within a year of today, China
/// time), names 1 to [`LEADERS_MAX`] officials and 1 to [`PLACES_MAX`] places, each either a
/// tenant or a unit, and its texts are within their bounds. Whether the places are in scope
/// is the service's to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectionSpec {
    pub title: String,
    pub inspected_on: NaiveDate,
    pub leaders: Vec<String>,
    pub summary: String,
    pub places: Vec<PlaceSpec>,
}

impl InspectionSpec {
    /// Parses `input` as of `today` (China date).
    pub fn parse(input: InspectionInput, today: NaiveDate) -> Result<Self, AppError> {
        dates::within("inspectedOn", input.inspected_on, today, Ahead::Year)?;
        if input.inspected_on > today {
            return Err(AppError::bad_input("inspectedOn", "an inspection is recorded once it has taken place"));
        }
        if input.leaders.is_empty() || input.leaders.len() > LEADERS_MAX {
            return Err(AppError::bad_input("leaders", format!("name 1 to {LEADERS_MAX} leading officials")));
        }
        let leaders =
            input.leaders.iter().map(|l| text::bounded("leaders", l, LEADER_MAX_CHARS)).collect::<Result<_, _>>()?;
        if input.places.is_empty() || input.places.len() > PLACES_MAX {
            return Err(AppError::bad_input("places", format!("name 1 to {PLACES_MAX} places visited")));
        }
        let title = text::bounded("title", &input.title, TITLE_MAX)?;
        let summary = text::bounded("summary", &input.summary, LONG_MAX)?;
        let places = input.places.iter().map(place).collect::<Result<_, _>>()?;
        Ok(InspectionSpec { title, inspected_on: input.inspected_on, leaders, summary, places })
    }
}

fn place(p: &PlaceInput) -> Result<PlaceSpec, AppError> {
    let note = text::optional("places.note", &p.note, NOTE_MAX)?;
    let place = match (p.tenant_id, p.unit_id) {
        (None, Some(u)) => PlaceRef::Unit(u),
        (Some(t), None) => PlaceRef::Tenant(t),
        _ => return Err(AppError::bad_input("places", "give each place a tenantId or a unitId, not both")),
    };
    Ok(PlaceSpec { place, note })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 6, 15).unwrap()
    }

    fn input() -> InspectionInput {
        InspectionInput {
            title: "三江县民族团结进步创建督查".into(),
            inspected_on: NaiveDate::from_ymd_opt(2020, 6, 10).unwrap(),
            leaders: vec!["市民宗委副主任".into()],
            summary: "实地查看创建台账".into(),
            places: vec![PlaceInput { unit_id: Some(UnitId(7)), ..PlaceInput::default() }],
        }
    }

    fn field_of(r: Result<InspectionSpec, AppError>) -> String {
        match r {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("expected BAD_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn an_inspection_has_taken_place_and_names_its_leaders_and_places() {
        let spec = InspectionSpec::parse(input(), today()).unwrap();
        assert_eq!(spec.places, vec![PlaceSpec { place: PlaceRef::Unit(UnitId(7)), note: String::new() }]);
        let tomorrow = InspectionInput { inspected_on: NaiveDate::from_ymd_opt(2020, 6, 16).unwrap(), ..input() };
        assert_eq!(field_of(InspectionSpec::parse(tomorrow, today())), "inspectedOn");
        let nobody = InspectionInput { leaders: vec![], ..input() };
        assert_eq!(field_of(InspectionSpec::parse(nobody, today())), "leaders");
        let nowhere = InspectionInput { places: vec![], ..input() };
        assert_eq!(field_of(InspectionSpec::parse(nowhere, today())), "places");
        let untitled = InspectionInput { title: " ".into(), ..input() };
        assert_eq!(field_of(InspectionSpec::parse(untitled, today())), "title");
    }

    #[test]
    fn a_place_is_a_tenant_or_a_unit_not_both() {
        let both = PlaceInput { tenant_id: Some(TenantId(3)), unit_id: Some(UnitId(7)), note: String::new() };
        let neither = PlaceInput::default();
        for p in [both, neither] {
            assert_eq!(
                field_of(InspectionSpec::parse(InspectionInput { places: vec![p], ..input() }, today())),
                "places"
            );
        }
        let long_note =
            PlaceInput { tenant_id: Some(TenantId(3)), note: "侗".repeat(NOTE_MAX + 1), ..PlaceInput::default() };
        let r = InspectionSpec::parse(InspectionInput { places: vec![long_note], ..input() }, today());
        assert_eq!(field_of(r), "places.note");
    }
}
