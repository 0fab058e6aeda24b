//! A campaign (创建周期) as defined: its years and its named phases, parsed from what was sent
//! ([`CampaignSpec`]).

use serde::Serialize;

use super::period::YEARS;
use super::text;
use crate::error::AppError;

/// Longest campaign, in years.
pub const MAX_YEARS: i32 = 10;
/// Longest campaign name, and phase name (characters).
pub const NAME_MAX: usize = 100;
pub const PHASE_NAME_MAX: usize = 50;

/// A named phase of a campaign, e.g. 2019: 一年强基础.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

/// A campaign as sent.
pub struct NewCampaign {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
    pub phases: Vec<Phase>,
}

/// A campaign that can be stored: a name, at most [`MAX_YEARS`] years inside [`YEARS`], and
/// phases (if any) that follow each other without gaps or overlaps to its end year.
#[derive(Debug, PartialEq, Eq)]
pub struct CampaignSpec {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
    pub phases: Vec<Phase>,
}

impl TryFrom<NewCampaign> for CampaignSpec {
    type Error = AppError;

    fn try_from(input: NewCampaign) -> Result<Self, AppError> {
        let name = text::bounded("name", &input.name, NAME_MAX)?;
        let (start, end) = (input.start_year, input.end_year);
        if !YEARS.contains(&start) || !YEARS.contains(&end) || end < start {
            return Err(AppError::bad_input(
                "endYear",
                "a campaign runs from its start year to an end year not before it",
            ));
        }
        if end - start + 1 > MAX_YEARS {
            return Err(AppError::bad_input("endYear", format!("a campaign lasts at most {MAX_YEARS} years")));
        }
        let mut next = start;
        for p in &input.phases {
            if p.start_year != next || p.end_year < p.start_year || p.end_year > end {
                return Err(AppError::bad_input(
                    "phases",
                    "phases follow each other without gaps or overlaps, inside the campaign's years",
                ));
            }
            next = p.end_year + 1;
        }
        if !input.phases.is_empty() && next != end + 1 {
            return Err(AppError::bad_input("phases", "the phases must cover the campaign to its end year"));
        }
        let phases = input
            .phases
            .into_iter()
            .map(|p| Ok(Phase { name: text::bounded("phases.name", &p.name, PHASE_NAME_MAX)?, ..p }))
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(CampaignSpec { name, start_year: start, end_year: end, phases })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(name: &str, start_year: i32, end_year: i32) -> Phase {
        Phase { name: name.into(), start_year, end_year }
    }

    fn campaign(start_year: i32, end_year: i32, phases: Vec<Phase>) -> NewCampaign {
        NewCampaign { name: "民族团结进步示范市创建".into(), start_year, end_year, phases }
    }

    fn field_of(r: Result<CampaignSpec, AppError>) -> String {
        match r {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("expected BAD_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn phases_cover_the_campaign_without_gaps_or_overlaps() {
        let three =
            vec![phase("一年强基础", 2019, 2019), phase("两年见成效", 2020, 2020), phase("三年创示范", 2021, 2021)];
        let spec = CampaignSpec::try_from(campaign(2019, 2021, three)).unwrap();
        assert_eq!(spec.phases.len(), 3);
        assert!(CampaignSpec::try_from(campaign(2019, 2021, vec![])).is_ok(), "phases are optional");
        let gap = vec![phase("一", 2019, 2019), phase("三", 2021, 2021)];
        assert_eq!(field_of(CampaignSpec::try_from(campaign(2019, 2021, gap))), "phases");
        let overlap = vec![phase("一", 2019, 2020), phase("二", 2020, 2021)];
        assert_eq!(field_of(CampaignSpec::try_from(campaign(2019, 2021, overlap))), "phases");
        let short = vec![phase("一", 2019, 2020)];
        assert_eq!(field_of(CampaignSpec::try_from(campaign(2019, 2021, short))), "phases");
        let past_end = vec![phase("一", 2019, 2022)];
        assert_eq!(field_of(CampaignSpec::try_from(campaign(2019, 2021, past_end))), "phases");
        let unnamed = vec![phase(" ", 2019, 2021)];
        assert_eq!(field_of(CampaignSpec::try_from(campaign(2019, 2021, unnamed))), "phases.name");
    }

    #[test]
    fn years_run_forward_and_at_most_ten() {
        assert_eq!(field_of(CampaignSpec::try_from(campaign(2021, 2019, vec![]))), "endYear");
        assert_eq!(field_of(CampaignSpec::try_from(campaign(2019, 2019 + MAX_YEARS, vec![]))), "endYear");
        assert!(CampaignSpec::try_from(campaign(2019, 2019 + MAX_YEARS - 1, vec![])).is_ok());
        let nameless = NewCampaign { name: String::new(), ..campaign(2019, 2021, vec![]) };
        assert_eq!(field_of(CampaignSpec::try_from(nameless)), "name");
    }
}
