using System.Globalization;
using Vigil.Core;
using Vigil.Core.DataAudit;

namespace Vigil.Data;

/// <summary>
/// Reads a reference-population file: CSV with the header <c>attribute,group,share</c>, one row per group,
/// lines starting with '#' are comments (the first "# source:" comment names the source). Each attribute's
/// shares must be in (0, 1] and sum to 1 within ±0.01; each attribute must be a protected attribute and
/// each group one of its levels in the data. Every failure names the file and line.
/// </summary>
public static class DataAuditReferencePopulation
{
    public const double SumTolerance = 0.01;

    public static ReferencePopulation Read(string path, IReadOnlyList<CategoricalVariable> attributes)
    {
        if (!File.Exists(path)) throw VigilException.BadData($"{path}: no such file");
        var lines = File.ReadAllLines(path);
        string? source = null;
        var shares = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var headerSeen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var where = $"{path}: line {i + 1}";
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var text = line.TrimStart('#').Trim();
                if (source is null && text.StartsWith("source:", StringComparison.OrdinalIgnoreCase)) source = text["source:".Length..].Trim();
                continue;
            }
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (!headerSeen)
            {
                if (fields.Length != 3 || fields[0] != "attribute" || fields[1] != "group" || fields[2] != "share")
                    throw VigilException.BadData($"{where}: expected the header 'attribute,group,share'");
                headerSeen = true;
                continue;
            }
            if (fields.Length != 3) throw VigilException.BadData($"{where}: expected 3 fields (attribute,group,share), found {fields.Length}");
            var attribute = attributes.FirstOrDefault(a => a.Name == fields[0])
                ?? throw VigilException.BadData($"{where}: attribute '{fields[0]}' is not among {Param.Ref("protected")} ({string.Join(", ", attributes.Select(a => a.Name))})");
            if (!attribute.Levels.Contains(fields[1]))
                throw VigilException.BadData($"{where}: group '{fields[1]}' of '{fields[0]}' does not occur in the data; groups: {string.Join(", ", attribute.Levels)}");
            if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || !(share > 0 && share <= 1))
                throw VigilException.BadData($"{where}: share '{fields[2]}' is not a number in (0, 1]");
            var map = shares.TryGetValue(fields[0], out var m) ? m : shares[fields[0]] = new Dictionary<string, double>(StringComparer.Ordinal);
            if (!map.TryAdd(fields[1], share)) throw VigilException.BadData($"{where}: group '{fields[1]}' of '{fields[0]}' appears twice");
        }
        if (!headerSeen) throw VigilException.BadData($"{path}: the file is empty; expected the header 'attribute,group,share' and one row per group");
        foreach (var (attribute, map) in shares)
        {
            var sum = map.Values.Sum();
            if (Math.Abs(sum - 1) > SumTolerance)
                throw VigilException.BadData(
                    $"{path}: the shares of '{attribute}' sum to {sum.ToString("0.####", CultureInfo.InvariantCulture)}, expected 1 (±{SumTolerance.ToString(CultureInfo.InvariantCulture)})");
        }
        return new ReferencePopulation(source ?? path,
            shares.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value, StringComparer.Ordinal));
    }
}
