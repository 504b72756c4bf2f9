using Vigil.Reporting.Audit;
using Vigil.Reporting.Card;
using Vigil.Reporting.External;
using Vigil.Reporting.Risk;

namespace Vigil.Reporting.Sections;

/// <summary>Everything the sections draw on, computed once: the audit, the card, the suppression policy, the translation and the register.</summary>
public sealed record ReportContext(
    AuditReportModel Audit,
    CardFacts Card,
    SmallCellPolicy Cells,
    DeploymentVolume? Volume,
    IReadOnlyList<MissedCaseEstimate> Translation,
    IReadOnlyList<RiskRow> Register)
{
    /// <summary>Computes the translation and the register.</summary>
    public static ReportContext Create(AuditReportModel audit, CardFacts card, SmallCellPolicy cells, DeploymentVolume? volume) =>
        Create(audit, card, cells, volume, null, [], null);

    /// <summary>Computes the translation and the register, with the rows of an external validation and of mitigations.</summary>
    public static ReportContext Create(AuditReportModel audit, CardFacts card, SmallCellPolicy cells, DeploymentVolume? volume,
        ValidationReportModel? validation, IReadOnlyList<MitigationReportModel> mitigations, StudyPlanReportModel? plan)
    {
        var translation = MissedCaseTranslation.Translate(audit, cells, volume);
        var extra = ExternalRisks.Rows(validation, mitigations, cells.MinCell, card);
        return new ReportContext(audit, card, cells, volume, translation, RiskRegisterBuilder.Build(audit, cells, translation, card, extra, plan, volume))
        {
            Validation = validation,
            Mitigations = mitigations,
            StudyPlan = plan,
        };
    }

    /// <summary>The study plan (vigil plan-study), or null; its sizes appear in the treatments.</summary>
    public StudyPlanReportModel? StudyPlan { get; init; }

    /// <summary>The external validation (vigil validate), or null.</summary>
    public ValidationReportModel? Validation { get; init; }

    /// <summary>The mitigations (vigil mitigate), in the order given.</summary>
    public IReadOnlyList<MitigationReportModel> Mitigations { get; init; } = [];

    /// <summary>Every group with 1 to min-cell − 1 patients, as "attribute = group".</summary>
    public IReadOnlyList<string> SuppressedGroups => Named(p => p.Reason == CellReason.SmallGroup);

    /// <summary>Every group showing its size but not its outcomes because its positives or negatives are few, as "attribute = group".</summary>
    public IReadOnlyList<string> SmallOutcomeGroups => Named(p => p.Reason == CellReason.SmallOutcome);

    /// <summary>Every group hidden (or showing its size only) just so that a small group cannot be derived, as "attribute = group".</summary>
    public IReadOnlyList<string> ComplementaryGroups => Named(p => p.Reason == CellReason.Complementary && p.Shown is CellShown.Hidden or CellShown.SizeOnly);

    /// <summary>Every group of 100 patients or more protecting a smaller one by rounded counts, as "attribute = group".</summary>
    public IReadOnlyList<string> RoundedGroups => Named(p => p.Shown is CellShown.Rounded or CellShown.RoundedSizeOnly or CellShown.RoundedOutcome);

    private List<string> Named(Func<CellProtection, bool> which) =>
        Audit.Attributes.SelectMany(a => a.Groups.Where(g => which(Cells.Of(g))).Select(g => GroupNames.Display(a, g))).ToList();
}
