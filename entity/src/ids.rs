//! Typed primary keys, one per entity, so a unit id cannot be passed where a tenant id is
//! expected. Each is an `i64` in the database (sea-orm's value-type derive) and a plain number
//! in JSON and logs.

use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, sea_orm::DeriveValueType)]
        pub struct $name(pub i64);

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                i64::deserialize(d).map(Self)
            }
        }
    )*};
}

ids! {
    /// A tenant: a city, county or township government.
    TenantId;
    /// A user account.
    UserId;
    /// A sign-in's refresh token.
    RefreshTokenId;
    /// A demonstration unit (taking-part organisation).
    UnitId;
    /// An indicator of a campaign.
    IndicatorId;
    /// A creation campaign.
    CampaignId;
    /// A phase of a campaign.
    PhaseId;
    /// A tenant's own target and quota for an indicator.
    TargetId;
    /// One reported figure.
    ReportId;
    /// A period's submission of figures to the parent.
    SubmissionId;
    /// A step on a submission's timeline.
    SubmissionEventId;
    /// A designation batch.
    BatchId;
    /// A unit's application for designation.
    ApplicationId;
    /// A step on an application's timeline.
    ApplicationEventId;
    /// A designation (an approved demonstration unit).
    DesignationId;
    /// An assessment scheme.
    SchemeId;
    /// A criterion of an assessment scheme.
    CriterionId;
    /// An assessment round.
    RoundId;
    /// One assessee's record in a round.
    RecordId;
    /// A step on an assessment record's timeline.
    AssessmentEventId;
    /// A supervision inspection.
    InspectionId;
    /// A place visited by an inspection.
    PlaceId;
    /// A finding of an inspection.
    FindingId;
    /// A rectification task.
    TaskId;
    /// A step on a rectification task's timeline.
    RectificationEventId;
    /// An audit entry.
    AuditId;
    /// An uploaded ledger evidence file.
    FileId;
}
