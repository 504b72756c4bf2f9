namespace Vigil.Application.Simulation;

/// <summary>A change injected into the stream from a known day (docs/simulation.md, "Injections").</summary>
public abstract record Injection(int FromDay)
{
    /// <summary>The spec's kind, as written ("fnr-rise", ...).</summary>
    public abstract string Kind { get; }
}

/// <summary>
/// fnr-rise: from <see cref="Injection.FromDay"/>, the model misses more septic patients of one group: each septic
/// patient of the group whose alert would fire loses it with probability q = FNR₀(F − 1)/(1 − FNR₀) (capped at 1), so
/// the group's untreated FNR goes from its baseline FNR₀ (measured on the development sample) to F × FNR₀. The lost
/// alert's score is put below the threshold (uniform in [0.6, 0.99] × threshold), as a broken input would.
/// </summary>
public sealed record FnrRise(int FromDay, string Attribute, string Level, double Factor) : Injection(FromDay)
{
    public override string Kind => "fnr-rise";
}

/// <summary>feature-shift: from the day, the charted value of a feature is value × scale + offset (e.g. a lactate assay change); the model scores the shifted value, the true risk is unchanged.</summary>
public sealed record FeatureShift(int FromDay, string Feature, double Scale, double Offset) : Injection(FromDay)
{
    public override string Kind => "feature-shift";
}

/// <summary>label-change: from the day, the recorded outcome definition changes: a share <see cref="Extra"/> of encounters without sepsis get a recorded onset, and a share <see cref="Drop"/> of septic ones lose theirs.</summary>
public sealed record LabelChange(int FromDay, double Extra, double Drop) : Injection(FromDay)
{
    public override string Kind => "label-change";
}

/// <summary>outage: predictions made in [day + start hour, + hours) never reach the monitor and no alert is shown (a broken feed).</summary>
public sealed record Outage(int FromDay, double Hours, double StartHour) : Injection(FromDay)
{
    public override string Kind => "outage";

    public double StartHours => FromDay * 24.0 + StartHour;
}
