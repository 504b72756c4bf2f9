using System.Globalization;
using Vigil.Core;
using Vigil.Core.Labels;
using Vigil.Core.DataAudit;

namespace Vigil.Data;

/// <summary>What a data audit reads and how (the command line, validated).</summary>
public sealed record DataAuditColumns
{
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Column names for files without a header line (e.g. the UCI processed.*.data files); null when files have headers.</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>A column holding the site, or null.</summary>
    public string? SiteColumn { get; init; }

    /// <summary>One site name per file (default: the file names, when there are several files).</summary>
    public IReadOnlyList<string>? SiteNames { get; init; }

    public required string Label { get; init; }

    /// <summary>A label value ("1", "yes") or a numeric rule ("&gt;0", "&gt;=1", "!=0") that marks the positive class.</summary>
    public string? PositiveLabel { get; init; }

    public required IReadOnlyList<string> Protected { get; init; }

    public IReadOnlyList<Bands> Bands { get; init; } = [];

    public IReadOnlyList<string> Features { get; init; } = [];

    public IReadOnlyList<string> Annotations { get; init; } = [];

    /// <summary>Values that mean "not measured" per numeric feature (e.g. chol = 0).</summary>
    public IReadOnlyDictionary<string, double[]> Sentinels { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Display names of coded levels per column, e.g. sex: 0 → female, 1 → male.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> LevelNames { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();
}

/// <summary>
/// Reads one or more files into a <see cref="DataAuditInput"/>: every column in one scan per file; levels
/// of categorical columns merged across files (numbers in canonical form, so "1.0" and "1" are one level);
/// features typed numeric when every present value is a number and there are more than
/// <see cref="MaxCodedLevels"/> distinct values (else categorical, as coded clinical variables are);
/// declared sentinels turned into missing; annotations checked against the label's values.
/// </summary>
public static class DataAuditLoader
{
    /// <summary>A numeric column with at most this many distinct values is treated as categorical (e.g. chest-pain type 1–4).</summary>
    public const int MaxCodedLevels = 10;

    public static DataAuditInput Load(DataAuditColumns spec)
    {
        if (spec.Files.Count == 0) throw VigilException.Usage($"give at least one {Param.Ref("data")} file");
        if (spec.SiteNames is { } names && names.Count != spec.Files.Count)
            throw VigilException.Option("site_names", $"gives {names.Count} names for {spec.Files.Count} data files");
        if (spec.SiteNames is not null && spec.SiteColumn is not null)
            throw VigilException.Usage($"give either {Param.Ref("site")} COLUMN or {Param.Ref("site_names")}, not both");

        var sources = new List<TabularSource>();
        try
        {
            foreach (var f in spec.Files)
                sources.Add(spec.ColumnNames is null ? TabularSource.Open(f) : TabularSource.OpenHeaderless(f, spec.ColumnNames));
            foreach (var s in sources)
                if (s.RowCount == 0) throw VigilException.BadData($"{s.Path}: the file has no data rows");
            return Load(spec, sources);
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }

    private static DataAuditInput Load(DataAuditColumns spec, List<TabularSource> sources)
    {
        foreach (var s in spec.Sentinels.Keys.Where(k => !spec.Features.Contains(k)))
            throw VigilException.Option("sentinels", $"{s}=...: '{s}' is not among the features");
        foreach (var (column, values) in spec.Sentinels)
        {
            foreach (var v in values.Where(v => !double.IsFinite(v)))
                throw VigilException.Option("sentinels", $"{column}={v.ToString(System.Globalization.CultureInfo.InvariantCulture)}: expected a finite number");
        }
        foreach (var column in spec.Features.Where(spec.Protected.Contains))
            throw VigilException.Usage($"'{column}' is both a protected attribute and a feature; proxy detection needs them apart");

        var numericFeature = FeatureKinds(spec, sources);
        var requests = new List<ColumnRequest>
        {
            new(spec.Label, Param.Ref("label"), ColumnKind.Categorical, 100, $"a binary outcome, or a rule such as {Param.Ref("positive_label")} '>0'"),
        };
        foreach (var p in spec.Protected)
        {
            var banded = spec.Bands.Any(b => b.Column == p);
            requests.Add(new ColumnRequest(p, banded ? Param.Ref("bands") : Param.Ref("protected"), banded ? ColumnKind.Numeric : ColumnKind.Categorical));
        }
        if (spec.SiteColumn is not null) requests.Add(new ColumnRequest(spec.SiteColumn, Param.Ref("site"), ColumnKind.Categorical));
        // Numeric features (every present value already known to be a number) are read by the lighter ReadNumbers.
        for (var f = 0; f < spec.Features.Count; f++)
            if (!numericFeature[f]) requests.Add(new ColumnRequest(spec.Features[f], Param.Ref("features"), ColumnKind.Categorical));
        foreach (var a in spec.Annotations)
            requests.Add(new ColumnRequest(a, Param.Ref("annotations"), ColumnKind.Categorical, 100, "annotations take the label's values"));

        var perFile = sources.Select(s => s.Read(requests)).ToList();
        var numericNames = spec.Features.Where((_, f) => numericFeature[f]).ToList();
        var numbers = sources.Select(s => s.ReadNumbers(numericNames)).ToList();
        var rowsPerFile = sources.Select(s => checked((int)s.RowCount)).ToArray();
        var rows = rowsPerFile.Sum();
        var k = 0;

        var label = MergeCategorical(perFile, k++, spec.Label, rowsPerFile);
        var (labels, rule) = Labels(label, spec.PositiveLabel);

        var protectedColumns = new List<CategoricalVariable>();
        foreach (var p in spec.Protected)
        {
            var bands = spec.Bands.FirstOrDefault(b => b.Column == p);
            var v = bands is null ? MergeCategorical(perFile, k++, p, rowsPerFile) : Band(MergeNumeric(perFile, k++, p, rowsPerFile), bands);
            protectedColumns.Add(WithMissingLevel(Rename(v, spec.LevelNames)));
        }

        CategoricalVariable? site = null;
        if (spec.SiteColumn is not null)
        {
            site = WithMissingLevel(Rename(MergeCategorical(perFile, k++, spec.SiteColumn, rowsPerFile), spec.LevelNames));
        }
        else if (sources.Count > 1 || spec.SiteNames is not null)
        {
            var siteNames = spec.SiteNames ?? sources.Select(s => System.IO.Path.GetFileNameWithoutExtension(s.Path)).ToList();
            if (siteNames.Distinct().Count() != siteNames.Count) throw VigilException.Usage($"site names must differ: {string.Join(", ", siteNames)}");
            var codes = new int[rows];
            var offset = 0;
            for (var f = 0; f < sources.Count; f++)
            {
                Array.Fill(codes, f, offset, rowsPerFile[f]);
                offset += rowsPerFile[f];
            }
            site = new CategoricalVariable("site", codes, [.. siteNames]);
        }

        var numeric = new List<NumericVariable>();
        var categorical = new List<CategoricalVariable>();
        for (var f = 0; f < spec.Features.Count; f++)
        {
            var name = spec.Features[f];
            if (numericFeature[f])
            {
                var values = Concatenate(numbers, numeric.Count, rowsPerFile);
                var coded = 0;
                foreach (var v in values) if (double.IsNaN(v)) coded++;
                var sentinels = spec.Sentinels.GetValueOrDefault(name) ?? [];
                var sentinel = 0;
                if (sentinels.Length > 0)
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (Array.IndexOf(sentinels, values[i]) < 0) continue;
                        values[i] = double.NaN;
                        sentinel++;
                    }
                }
                numeric.Add(new NumericVariable(name, values, coded, sentinel, sentinels));
            }
            else
            {
                categorical.Add(Rename(MergeCategorical(perFile, k++, name, rowsPerFile), spec.LevelNames));
            }
        }

        var annotations = new List<CategoricalVariable>();
        foreach (var a in spec.Annotations)
        {
            var v = MergeCategorical(perFile, k++, a, rowsPerFile);
            annotations.Add(IntoLabelSet(v, label.Levels, sources, rowsPerFile));
        }

        return new DataAuditInput(rows, spec.Label, rule, labels, protectedColumns, site, numeric, categorical, annotations, label.Levels);
    }

    /// <summary>True for numeric features: sentinels declared, or every present value a number and more than <see cref="MaxCodedLevels"/> distinct values.</summary>
    private static bool[] FeatureKinds(DataAuditColumns spec, List<TabularSource> sources)
    {
        var numeric = new bool[spec.Features.Count];
        var allNumbers = Enumerable.Repeat(true, spec.Features.Count).ToArray();
        var distinct = new long[spec.Features.Count];
        foreach (var s in sources)
        {
            foreach (var f in spec.Features) s.RequireColumn(f, Param.Ref("features"));
            var profile = s.Profile(spec.Features, MaxCodedLevels);
            for (var f = 0; f < profile.Length; f++)
            {
                allNumbers[f] &= profile[f].AllNumbers;
                distinct[f] = Math.Max(distinct[f], profile[f].Distinct);
            }
        }
        for (var f = 0; f < numeric.Length; f++)
        {
            numeric[f] = allNumbers[f] && (distinct[f] > MaxCodedLevels || spec.Sentinels.ContainsKey(spec.Features[f]));
            if (!allNumbers[f] && spec.Sentinels.ContainsKey(spec.Features[f]))
                throw new VigilException(FailureKind.Data, $"{spec.Features[f]}=...: column '{spec.Features[f]}' holds values that are not numbers") { Parameter = "sentinels", Column = spec.Features[f] };
        }
        return numeric;
    }

    /// <summary>Canonical text of a level: numbers in shortest round-trip form ("1.0" → "1"), anything else as is.</summary>
    internal static string Canonical(string level) =>
        double.TryParse(level, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v.ToString("R", CultureInfo.InvariantCulture)
            : level;

    private static CategoricalVariable MergeCategorical(List<IReadOnlyList<object>> perFile, int k, string name, int[] rowsPerFile)
    {
        var all = new List<string>();
        foreach (var file in perFile)
            foreach (var l in ((CategoricalColumn)file[k]).Levels)
            {
                var c = Canonical(l);
                if (!all.Contains(c)) all.Add(c);
            }
        var levels = TabularSource.SortLevels(all);
        var codes = new int[rowsPerFile.Sum()];
        var offset = 0;
        var missing = 0;
        for (var f = 0; f < perFile.Count; f++)
        {
            var column = (CategoricalColumn)perFile[f][k];
            var map = column.Levels.Select(l => Array.IndexOf(levels, Canonical(l))).ToArray();
            var source = column.Codes;
            for (var i = 0; i < source.Length; i++) codes[offset + i] = source[i] < 0 ? -1 : map[source[i]];
            missing += column.Missing;
            offset += rowsPerFile[f];
        }
        return new CategoricalVariable(name, codes, levels) { Missing = missing };
    }

    private static double[] MergeNumeric(List<IReadOnlyList<object>> perFile, int k, string name, int[] rowsPerFile)
    {
        if (perFile.Count == 1) return ((NumericColumn)perFile[0][k]).Values;
        var values = new double[rowsPerFile.Sum()];
        var offset = 0;
        for (var f = 0; f < perFile.Count; f++)
        {
            ((NumericColumn)perFile[f][k]).Values.CopyTo(values, offset);
            offset += rowsPerFile[f];
        }
        return values;
    }

    private static double[] Concatenate(List<double[][]> perFile, int column, int[] rowsPerFile)
    {
        if (perFile.Count == 1) return perFile[0][column];
        var values = new double[rowsPerFile.Sum()];
        var offset = 0;
        for (var f = 0; f < perFile.Count; f++)
        {
            perFile[f][column].CopyTo(values, offset);
            offset += rowsPerFile[f];
        }
        return values;
    }

    private static CategoricalVariable Band(double[] values, Bands bands)
    {
        bands.RefuseCutsInsideBands(values);
        var labels = bands.Labels();
        var codes = new int[values.Length];
        var missing = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                codes[i] = -1;
                missing++;
            }
            else
            {
                codes[i] = bands.BandOf(values[i]);
            }
        }
        return new CategoricalVariable(bands.Column, codes, labels) { Missing = missing };
    }

    /// <summary>Rows with a missing protected attribute form the group "(missing)" so that they stay visible.</summary>
    private static CategoricalVariable WithMissingLevel(CategoricalVariable v)
    {
        if (v.Missing == 0) return v;
        var code = v.Levels.Length;
        var codes = v.Codes;
        for (var i = 0; i < codes.Length; i++) if (codes[i] < 0) codes[i] = code;
        return v with { Levels = [.. v.Levels, AuditLoader.MissingLevel], Codes = codes };
    }

    private static CategoricalVariable Rename(CategoricalVariable v, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> names)
    {
        if (!names.TryGetValue(v.Name, out var map)) return v;
        foreach (var key in map.Keys.Where(key => !v.Levels.Contains(Canonical(key))))
            throw VigilException.Option("level_names", $"{v.Name}: no level '{key}' in the data; levels: {string.Join(", ", v.Levels)}");
        var canonical = map.ToDictionary(p => Canonical(p.Key), p => p.Value, StringComparer.Ordinal);
        return v with { Levels = v.Levels.Select(l => canonical.GetValueOrDefault(l, l)).ToArray() };
    }

    /// <summary>
    /// 0/1 labels by the one label kernel (<see cref="LabelEncoding"/>): a value, a comparison ("&gt;0") on numeric
    /// labels, or, when not given, a recognised binary coding (1/0, true/false, yes/no, -1/1).
    /// Missing labels are kept as <see cref="DataAuditInput.MissingLabel"/>.
    /// </summary>
    private static (byte[] Labels, string Rule) Labels(CategoricalVariable label, string? positive)
    {
        var coding = LabelEncoding.Encode(label.Levels, positive, $"column '{label.Name}' ({Param.Ref("label")})");
        return (coding.ToBytes(label.Codes, DataAuditInput.MissingLabel), $"{label.Name} {coding.Rule}");
    }

    /// <summary>Recodes an annotator column into the label's levels; a value the label never takes is an error naming its file and row.</summary>
    private static CategoricalVariable IntoLabelSet(CategoricalVariable v, string[] labelLevels, List<TabularSource> sources, int[] rowsPerFile)
    {
        var map = v.Levels.Select(l => Array.IndexOf(labelLevels, l)).ToArray();
        var codes = new int[v.Codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            if (v.Codes[i] < 0)
            {
                codes[i] = -1;
                continue;
            }
            codes[i] = map[v.Codes[i]];
            if (codes[i] >= 0) continue;
            var (file, row) = Locate(i, rowsPerFile);
            throw VigilException.BadData(
                $"{sources[file].Path}: {sources[file].RowName(row)}, column '{v.Name}' ({Param.Ref("annotations")}): '{v.Levels[v.Codes[i]]}' is not a value of the label; label values: {string.Join(", ", labelLevels)}");
        }
        return v with { Codes = codes, Levels = labelLevels };
    }

    private static (int File, int Row) Locate(int row, int[] rowsPerFile)
    {
        var f = 0;
        while (row >= rowsPerFile[f])
        {
            row -= rowsPerFile[f];
            f++;
        }
        return (f, row);
    }
}
