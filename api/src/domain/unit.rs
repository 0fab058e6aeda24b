//! Units and designations: the ten "十进" categories and the two kinds of title.

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

#[cfg(test)]
mod tests {
    use super::*;

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
