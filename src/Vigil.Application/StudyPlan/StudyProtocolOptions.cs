namespace Vigil.Application.StudyPlan;

/// <summary>
/// What the prospective validation protocol of `vigil plan-study --protocol FILE` needs beyond the plan: the affected
/// group (<c>attribute=group</c>; default <see cref="FocusGroups.Choose"/>), a vigil.validation/v2 file whose external
/// sites are candidates for the study site, the site's patients a year (to turn patients into months of silent mode),
/// the outcome window and the label delay in hours (the follow-up of delayed outcomes; `vigil monitor register`'s
/// vocabulary), and the small-cell threshold of the shareable protocol.
/// </summary>
public sealed record StudyProtocolOptions
{
    /// <summary>"attribute=group" (e.g. "age=&gt;=65"), or null for the group with the largest FNR-gap upper bound.</summary>
    public string? Group { get; init; }

    /// <summary>A vigil.validation/v2 file: its external sites, ranked by the focus group's share of their patients.</summary>
    public string? Validation { get; init; }

    /// <summary>Patients a year at the study site (all groups), or null.</summary>
    public double? Volume { get; init; }

    /// <summary>Outcome window in hours after the prediction, or null (to be set by the study team).</summary>
    public double? WindowHours { get; init; }

    /// <summary>Hours after the window closes during which outcomes may still arrive.</summary>
    public double LabelDelayHours { get; init; }

    /// <summary>Counts of 1 to MinCell − 1 are not printed (the protocol is shared with the committee and the site).</summary>
    public int MinCell { get; init; } = 11;
}
