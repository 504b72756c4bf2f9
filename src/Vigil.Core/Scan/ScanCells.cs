using Vigil.Core.Audit;

namespace Vigil.Core.Scan;

/// <summary>
/// The rows aggregated once into cells, one per combination of attribute levels that occurs: every search then
/// works on cell counts, never on rows. <see cref="Codes"/>[cell·A + a] is the level of attribute a in the cell.
/// </summary>
internal sealed class ScanCells
{
    public ScanCells(string[] names, string[][] levels, int[] codes, long[] rows, long[] positives, long[] population, long[] events)
    {
        Names = names;
        Levels = levels;
        Codes = codes;
        Rows = rows;
        Positives = positives;
        Population = population;
        Events = events;
    }

    public string[] Names { get; }

    public string[][] Levels { get; }

    public int Attributes => Names.Length;

    public int Count => Rows.Length;

    public int[] Codes { get; }

    public long[] Rows { get; }

    public long[] Positives { get; }

    public long[] Population { get; }

    public long[] Events { get; }

    public long TotalPopulation => Sum(Population);

    public long TotalEvents => Sum(Events);

    /// <summary>One pass over the rows: a per-row key (mixed radix of the level codes) maps to its cell.</summary>
    public static ScanCells Build(AuditData data, ScanMetric metric)
    {
        ArgumentNullException.ThrowIfNull(data);
        var attributes = data.Attributes;
        var a = attributes.Count;
        var radix = new long[a];
        long size = 1;
        for (var k = 0; k < a; k++)
        {
            radix[k] = size;
            var levels = Math.Max(1, attributes[k].Levels.Length);
            if (size > long.MaxValue / levels)
                throw VigilException.Usage("too many combinations of attribute levels to scan; use fewer attributes or coarser bands");
            size *= levels;
        }

        var index = new Dictionary<long, int>();
        var codes = new List<int>();
        var rows = new List<long>();
        var positives = new List<long>();
        var population = new List<long>();
        var events = new List<long>();
        var labels = data.Labels;
        var predictions = data.Predictions;
        for (var i = 0; i < labels.Length; i++)
        {
            long key = 0;
            for (var k = 0; k < a; k++) key += attributes[k].Codes[i] * radix[k];
            if (!index.TryGetValue(key, out var cell))
            {
                cell = rows.Count;
                index.Add(key, cell);
                for (var k = 0; k < a; k++) codes.Add(attributes[k].Codes[i]);
                rows.Add(0);
                positives.Add(0);
                population.Add(0);
                events.Add(0);
            }
            var y = labels[i];
            var p = predictions[i];
            rows[cell]++;
            positives[cell] += y;
            var (inPopulation, isEvent) = metric switch
            {
                ScanMetric.Fnr => (y == 1, p == 0),
                ScanMetric.Fpr => (y == 0, p == 1),
                ScanMetric.Error => (true, p != y),
                _ => (true, p == 1),
            };
            if (!inPopulation) continue;
            population[cell]++;
            if (isEvent) events[cell]++;
        }

        var names = new string[a];
        var levelNames = new string[a][];
        for (var k = 0; k < a; k++)
        {
            names[k] = attributes[k].Name;
            levelNames[k] = attributes[k].Levels;
        }
        return new ScanCells(names, levelNames, [.. codes], [.. rows], [.. positives], [.. population], [.. events]);
    }

    /// <summary>The same cells with other event counts (a randomization replicate).</summary>
    public ScanCells WithEvents(long[] events) => new(Names, Levels, Codes, Rows, Positives, Population, events);

    private static long Sum(long[] values)
    {
        long s = 0;
        foreach (var v in values) s += v;
        return s;
    }
}
