//! GraphQL mirrors of the domain's labelled enums. Each converts both ways; the Chinese label
//! is the value's description here and a `…Label` field on the types that carry it.

use async_graphql::Enum;

use crate::domain::application::{Decision as DDecision, Status as DStatus};
use crate::domain::assessment::{
    AppliesTo as DAppliesTo, CombineRule as DCombineRule, Grade as DGrade, RoundStatus as DRoundStatus,
    Status as DAssessmentStatus,
};
use crate::domain::indicator::{
    Aggregation as DAggregation, IndicatorCategory as DIndicatorCategory, TargetSource as DTargetSource,
    ValueType as DValueType,
};
use crate::domain::period::Granularity as DGranularity;
use crate::domain::rectification::TaskStatus as DTaskStatus;
use crate::domain::unit::{Category as DCategory, DesignationKind as DKind};

macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident <=> $domain:ident { $($(#[$vdoc:meta])* $variant:ident,)+ }) => {
        $(#[$doc])*
        #[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl From<$name> for $domain {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => $domain::$variant,)+
                }
            }
        }

        impl From<$domain> for $name {
            fn from(v: $domain) -> Self {
                match v {
                    $($domain::$variant => $name::$variant,)+
                }
            }
        }
    };
}

mirror!(
    /// Where an effective target comes from.
    TargetSource <=> DTargetSource {
        /// 本级目标: the tenant's own target.
        Own,
        /// 上级下达配额: no own target; the quota handed down by the parent.
        Quota,
    }
);

mirror!(
    /// The ten "十进" categories of participating organisations.
    UnitCategory <=> DCategory {
        /// 机关(单位)
        Agency,
        /// 企业(园区)
        Enterprise,
        /// 社区(村)
        Community,
        /// 乡镇(街道)
        Township,
        /// 学校
        School,
        /// 宗教活动场所
        ReligiousVenue,
        /// 军营
        MilitaryCamp,
        /// 窗口(服务)单位
        ServiceWindow,
        /// 景区
        ScenicArea,
        /// 家庭
        Family,
    }
);

mirror!(
    /// The title a designation confers.
    DesignationKind <=> DKind {
        /// 民族团结进步示范单位
        DemonstrationUnit,
        /// 民族团结进步教育基地
        EducationBase,
    }
);

mirror!(
    /// Where an application stands.
    ApplicationStatus <=> DStatus {
        /// 草稿 — being written by the applicant.
        Draft,
        /// 审核中 — climbing the levels; `currentTenant` is whose turn it is.
        Submitted,
        /// 已退回 — back with the applicant, who may revise and resubmit.
        Returned,
        /// 未通过 — rejected; final.
        Rejected,
        /// 已批准 — approved by the designating level; awaits a batch.
        Approved,
        /// 已命名 — its batch is published.
        Designated,
    }
);

mirror!(
    /// A reviewer's decision at its level.
    Decision <=> DDecision {
        /// 推荐 — pass it to the next level up.
        Recommend,
        /// 批准 — at the designating level: approve.
        Approve,
        /// 退回 — back to the applicant (reason required).
        Return,
        /// 不予通过 — reject (reason required).
        Reject,
    }
);

mirror!(
    /// The kind of number an indicator takes.
    ValueType <=> DValueType {
        /// 计数 — whole numbers.
        Count,
        /// 金额 — exact decimals (up to 4 places).
        Amount,
        /// 百分比 — 0 to 100.
        Percent,
    }
);

mirror!(
    /// How the values of a subtree combine.
    Aggregation <=> DAggregation {
        /// 求和
        Sum,
        /// 平均
        Avg,
        /// 最小
        Min,
        /// 最大
        Max,
        /// 最新
        Latest,
    }
);

mirror!(
    /// The area of the campaign an indicator belongs to.
    IndicatorCategory <=> DIndicatorCategory {
        /// 宣传教育
        Publicity,
        /// 资金投入
        Funding,
        /// 脱贫攻坚
        PovertyAlleviation,
        /// 组织建设
        Organisation,
        /// 创建活动
        Activities,
        /// 其他
        Other,
    }
);

mirror!(
    /// Length of a reporting period.
    Granularity <=> DGranularity {
        /// 年度 — `2019`
        Year,
        /// 季度 — `2019-Q2`
        Quarter,
        /// 月度 — `2019-03`
        Month,
    }
);

mirror!(
    /// Where a rectification task (整改任务) stands.
    RectificationStatus <=> DTaskStatus {
        /// 待整改 — opened; the assignee has not started.
        Open,
        /// 整改中 — the assignee is working on it.
        InProgress,
        /// 待核验 — evidence handed in; the inspecting level verifies or reopens.
        Submitted,
        /// 已销号 — verified by the inspecting level; final.
        Verified,
        /// 重新整改 — sent back with a reason; the assignee starts again or resubmits.
        Reopened,
    }
);

mirror!(
    /// Where one assessee's assessment record stands.
    AssessmentStatus <=> DAssessmentStatus {
        /// 自查自评 — the assessee scores itself and attaches its ledger evidence (台账).
        SelfAssessment,
        /// 已提交 — awaits the desk verification of the assessing level.
        Submitted,
        /// 书面核查 — first result given; awaits the field working group.
        DeskVerified,
        /// 实地核查 — second result given; awaits combining.
        FieldVerified,
        /// 已合成 — desk and field combined by the round's rule; not yet shown to the assessee.
        Combined,
        /// 已反馈 — the assessee sees its scores and may accept or request a recheck.
        Feedback,
        /// 申请复核 — the assessee objects, within the recheck window.
        RecheckRequested,
        /// 已确认 — the assessee accepts its result.
        Accepted,
        /// 最终结果 — final.
        Final,
    }
);

mirror!(
    /// How the desk (first) and field (second) results combine, per criterion.
    CombineRule <=> DCombineRule {
        /// 实地核查优先 — the field score where the field group gave one, else the desk score.
        FieldOverridesDesk,
        /// 加权平均 — (desk × deskWeight + field × fieldWeight) ÷ (deskWeight + fieldWeight) where the
        /// field group gave a score, else the desk score.
        WeightedMean,
    }
);

mirror!(
    /// The kind of assessee a criterion applies to (scheme variants).
    AssesseeKind <=> DAppliesTo {
        /// 全部 — every assessee.
        All,
        /// 下级行政层级 — child tenants (counties, townships).
        Tenant,
        /// 部门/单位 — units.
        Unit,
    }
);

mirror!(
    /// Grade band of the ranking (thresholds set on the round).
    AssessmentGrade <=> DGrade {
        /// 优秀
        Excellent,
        /// 良好
        Good,
        /// 合格
        Pass,
        /// 不合格
        Fail,
    }
);

mirror!(
    /// Whether a round's ranking is published.
    AssessmentRoundStatus <=> DRoundStatus {
        /// 进行中
        Open,
        /// 已通报 — every record is final and the ranking is published.
        Published,
    }
);
