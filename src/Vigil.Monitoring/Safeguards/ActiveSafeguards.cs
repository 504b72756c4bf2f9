using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Data;
using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Safeguards;

/// <summary>
/// Which safeguards cover a patient of a model now: the helper behind the safeguard text on a CDS Hooks card. A
/// safeguard covers the patient when it is active at the time, is for the model (and the version, when it names one),
/// and its group matches the patient's levels: no group covers every patient; an attribute's level must equal the
/// patient's; an intersection "sex*age = F*&gt;=65" needs every part to match, and a one-part level of an
/// intersection ("sex*age = &gt;=65", as a policy selects it) any part. A patient whose level of the attribute is
/// unknown (absent, or "(missing)") is covered: safety outranks tidiness, the card cannot rule the safeguard out.
/// </summary>
public static class ActiveSafeguards
{
    /// <summary>The safeguards of <paramref name="safeguards"/> that cover a patient with <paramref name="levels"/> (attribute → level, banded) at <paramref name="at"/>, one per action text.</summary>
    public static IReadOnlyList<ModelSafeguard> For(IEnumerable<ModelSafeguard> safeguards, string model, string? version,
        IReadOnlyDictionary<string, string> levels, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(safeguards);
        ArgumentNullException.ThrowIfNull(levels);
        var atMs = at.ToUnixTimeMilliseconds();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ModelSafeguard>();
        foreach (var s in safeguards)
        {
            if (s.Model != model || (s.Version is not null && version is not null && s.Version != version)) continue;
            if (s.StartedAt.ToUnixTimeMilliseconds() > atMs) continue;
            if (SafeguardStates.At(s.EndsAt?.ToUnixTimeMilliseconds(), s.EndedAt?.ToUnixTimeMilliseconds(), atMs) != SafeguardState.Active) continue;
            if (!Covers(s.Attribute, s.Level, levels)) continue;
            if (seen.Add(s.Action)) result.Add(s with { State = SafeguardState.Active });
        }
        return result;
    }

    /// <summary><see cref="For"/> over the store's safeguards of the model.</summary>
    public static async Task<IReadOnlyList<ModelSafeguard>> ForAsync(IMonitorStore store, string model, string? version,
        IReadOnlyDictionary<string, string> levels, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return For(await store.ListSafeguardsAsync(model, at, ct), model, version, levels, at);
    }

    /// <summary>
    /// A patient's levels as the monitors group them: each protected attribute of the registration from the raw value
    /// (a banded attribute's number through its bands: 70 with bands 45,65 → "&gt;=65"); absent, null or unparsable values are left out (unknown).
    /// </summary>
    public static IReadOnlyDictionary<string, string> LevelsOf(ModelRegistration registration, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(values);
        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in registration.Protected)
        {
            if (!values.TryGetValue(p.Name, out var raw) || string.IsNullOrEmpty(raw)) continue;
            if (p.Bands is not { Count: > 0 } edges)
            {
                levels[p.Name] = raw;
                continue;
            }
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v)) continue;
            var bands = new Bands(p.Name, [.. edges]);
            levels[p.Name] = bands.Labels()[bands.BandOf(v)];
        }
        return levels;
    }

    /// <summary>Whether a safeguard's group (attribute, level) covers a patient with <paramref name="levels"/>.</summary>
    public static bool Covers(string? attribute, string? level, IReadOnlyDictionary<string, string> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (attribute is null || level is null) return true;
        var names = attribute.Split('*');
        var parts = level.Split('*');
        if (parts.Length == names.Length)
        {
            for (var i = 0; i < names.Length; i++)
                if (!Matches(names[i], parts[i], levels)) return false;
            return true;
        }
        if (parts.Length == 1)
        {
            foreach (var name in names)
                if (Matches(name, level, levels)) return true;
            return false;
        }
        return true; // a group this helper cannot read: do not hide the safeguard
    }

    private static bool Matches(string name, string level, IReadOnlyDictionary<string, string> levels) =>
        !levels.TryGetValue(name, out var patient) || patient == AuditLoader.MissingLevel || patient == level;
}
