//! Units and designations: the ten "十进" categories, the two kinds of title, and a unit's
//! profile parsed from what was sent ([`CheckedProfile`]).

use serde::{Deserialize, Serialize};

use super::text;
use crate::error::AppError;

/// Defines a closed set of values stored as text, with its Chinese label.
macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn parse(raw: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == raw)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum!(
    /// The ten "十进" categories of participating organisations.
    Category {
        Agency => "AGENCY", "机关(单位)";
        Enterprise => "ENTERPRISE", "企业(园区)";
        Community => "COMMUNITY", "社区(村)";
        Township => "TOWNSHIP", "乡镇(街道)";
        School => "SCHOOL", "学校";
        ReligiousVenue => "RELIGIOUS_VENUE", "宗教活动场所";
        MilitaryCamp => "MILITARY_CAMP", "军营";
        ServiceWindow => "SERVICE_WINDOW", "窗口(服务)单位";
        ScenicArea => "SCENIC_AREA", "景区";
        Family => "FAMILY", "家庭";
    }
);

labelled_enum!(
    /// The title a designation confers.
    DesignationKind {
        DemonstrationUnit => "DEMONSTRATION_UNIT", "民族团结进步示范单位";
        EducationBase => "EDUCATION_BASE", "民族团结进步教育基地";
    }
);

/// Longest unit name (characters).
pub const NAME_MAX: usize = 100;
pub const ADDRESS_MAX: usize = 200;
pub const CONTACT_MAX: usize = 50;
pub const PHONE_MAX: usize = 30;
pub const DESCRIPTION_MAX: usize = 2000;
/// Most ethnic groups listed for one unit.
pub const ETHNIC_GROUPS_MAX: usize = 60;
/// Longest name of an ethnic group, and of the place where it lives.
pub const GROUP_MAX: usize = 20;
pub const PLACE_MAX: usize = 50;

/// An ethnic group present in the unit, optionally at a named place (e.g. 纳接屯: 壮族).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct EthnicPresence {
    pub group: String,
    pub place: Option<String>,
}

/// The editable profile of a unit, as sent.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub name: String,
    pub category: Option<Category>,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub households: Option<i32>,
    pub population: Option<i32>,
    pub ethnic_groups: Vec<EthnicPresence>,
    pub description: String,
}

/// A profile whose every field is within its bounds: the name given, optional texts blank or
/// bounded, counts not negative, ethnic groups at most [`ETHNIC_GROUPS_MAX`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedProfile {
    pub name: String,
    pub category: Option<Category>,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub households: Option<i32>,
    pub population: Option<i32>,
    pub ethnic_groups: Vec<EthnicPresence>,
    pub description: String,
}

impl TryFrom<&Profile> for CheckedProfile {
    type Error = AppError;

    fn try_from(p: &Profile) -> Result<Self, AppError> {
        for (field, v) in [("households", p.households), ("population", p.population)] {
            if v.is_some_and(|n| n < 0) {
                return Err(AppError::bad_input(field, format!("{field} 不能为负数 / {field} cannot be negative")));
            }
        }
        if p.ethnic_groups.len() > ETHNIC_GROUPS_MAX {
            return Err(AppError::bad_input("ethnicGroups", format!("at most {ETHNIC_GROUPS_MAX} entries")));
        }
        let ethnic_groups = p
            .ethnic_groups
            .iter()
            .map(|g| {
                Ok(EthnicPresence {
                    group: text::bounded("ethnicGroups.group", &g.group, GROUP_MAX)?,
                    place: g
                        .place
                        .as_deref()
                        .map(|pl| text::bounded("ethnicGroups.place", pl, PLACE_MAX))
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(CheckedProfile {
            name: text::bounded("name", &p.name, NAME_MAX)?,
            category: p.category,
            address: text::optional("address", &p.address, ADDRESS_MAX)?,
            contact_name: text::optional("contactName", &p.contact_name, CONTACT_MAX)?,
            contact_phone: text::optional("contactPhone", &p.contact_phone, PHONE_MAX)?,
            households: p.households,
            population: p.population,
            ethnic_groups,
            description: text::optional("description", &p.description, DESCRIPTION_MAX)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile {
            name: "三江侗族自治县民族中学".into(), category: Some(Category::School), ..Profile::default()
        }
    }

    fn field_of(e: AppError) -> String {
        match e {
            AppError::BadInput { field, .. } => field,
            other => panic!("expected BAD_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn a_profile_is_checked_field_by_field() {
        let ok = CheckedProfile::try_from(&Profile { address: "   ".into(), ..profile() }).unwrap();
        assert_eq!(ok.name, "三江侗族自治县民族中学");
        assert_eq!(ok.address, "", "a blank optional text is stored empty");
        let blank_name = Profile { name: " ".into(), ..profile() };
        assert_eq!(field_of(CheckedProfile::try_from(&blank_name).unwrap_err()), "name");
        let long_name = Profile { name: "侗".repeat(NAME_MAX + 1), ..profile() };
        assert_eq!(field_of(CheckedProfile::try_from(&long_name).unwrap_err()), "name");
        let negative = Profile { population: Some(-1), ..profile() };
        assert_eq!(field_of(CheckedProfile::try_from(&negative).unwrap_err()), "population");
        let group = EthnicPresence { group: "侗族".into(), place: Some("程阳八寨".into()) };
        let many = Profile { ethnic_groups: vec![group.clone(); ETHNIC_GROUPS_MAX + 1], ..profile() };
        assert_eq!(field_of(CheckedProfile::try_from(&many).unwrap_err()), "ethnicGroups");
        let long_place = EthnicPresence { place: Some("寨".repeat(PLACE_MAX + 1)), ..group.clone() };
        let bad = Profile { ethnic_groups: vec![group, long_place], ..profile() };
        assert_eq!(field_of(CheckedProfile::try_from(&bad).unwrap_err()), "ethnicGroups.place");
    }

    #[test]
    fn every_category_round_trips_and_has_a_label() {
        assert_eq!(Category::ALL.len(), 10);
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
            assert!(!c.label().is_empty());
        }
        assert_eq!(Category::parse("VILLAGE"), None);
    }
}
