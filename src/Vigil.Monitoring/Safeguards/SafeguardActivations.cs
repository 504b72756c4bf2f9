using System.Globalization;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Safeguards;

/// <summary>
/// Turns the safeguards a gate evaluation names (<see cref="GateSafeguard"/>: rule, subject, action, end) into
/// activations for the store: the subject's group ("age = &gt;=65" → attribute age, level &gt;=65; "sex*age = F*&gt;=65"
/// → the intersection), and the end date as a time (the end of that UTC day: "until" dates are inclusive).
/// </summary>
public static class SafeguardActivations
{
    /// <summary>The source of safeguards activated from a gate decision record.</summary>
    public static string GateSource(string decisionHash) => "gate:" + decisionHash;

    /// <summary>The source of safeguards activated by a policy alert of the monitor.</summary>
    public static string AlertSource(long alertId) => "policy-alert:" + alertId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The activations of a decision record's safeguards (only failing or waived checks name one) for a model.</summary>
    public static IReadOnlyList<SafeguardActivation> FromDecision(GateDecisionRecord record, string decisionHash, string model, string? version)
    {
        ArgumentNullException.ThrowIfNull(record);
        return [.. record.Safeguards.Select(s => From(s, model, version, GateSource(decisionHash)))];
    }

    /// <summary>One activation of a gate safeguard.</summary>
    public static SafeguardActivation From(GateSafeguard safeguard, string model, string? version, string source)
    {
        ArgumentNullException.ThrowIfNull(safeguard);
        var (attribute, level) = GroupOf(safeguard.Subject);
        return new SafeguardActivation(model, version, attribute, level, safeguard.Subject, safeguard.Action, safeguard.Rule, source, EndOf(safeguard.End));
    }

    /// <summary>
    /// The group a gate subject names: "ATTRIBUTE = LEVEL" (an attribute or intersection a*b without spaces) gives both;
    /// any other subject (a site, a column, "dataset drift", a missing breakdown) covers every patient (nulls).
    /// </summary>
    public static (string? Attribute, string? Level) GroupOf(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var at = subject.IndexOf(" = ", StringComparison.Ordinal);
        if (at <= 0) return (null, null);
        var attribute = subject[..at];
        var level = subject[(at + 3)..];
        return attribute.Contains(' ', StringComparison.Ordinal) || level.Length == 0 ? (null, null) : (attribute, level);
    }

    /// <summary>The end of the safeguard: an ISO date's following UTC midnight (the date itself still counts), null for "re-validation".</summary>
    public static DateTimeOffset? EndOf(string end) =>
        DateOnly.TryParseExact(end, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
}
