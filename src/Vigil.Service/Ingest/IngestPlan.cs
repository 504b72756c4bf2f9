using Vigil.Contracts.Monitoring;
using Vigil.Data;

namespace Vigil.Service.Ingest;

/// <summary>
/// What ingest needs of one registration, worked out once (registrations never change): each protected attribute's
/// position, band edges and band labels (<see cref="Bands"/>, the batch audit's labels), each watched feature's
/// position and reference bins, the score's bins, and the outcome window and label delay in milliseconds.
/// </summary>
internal sealed class IngestPlan
{
    public IngestPlan(ModelRegistration registration)
    {
        Registration = registration;
        var count = registration.Protected.Count;
        Attributes = new Dictionary<string, int>(count, StringComparer.Ordinal);
        BandsOf = new Bands?[count];
        BandLabels = new string[]?[count];
        for (var i = 0; i < count; i++)
        {
            var spec = registration.Protected[i];
            Attributes[spec.Name] = i;
            if (spec.Bands is { Count: > 0 } edges)
            {
                BandsOf[i] = new Bands(spec.Name, [.. edges]);
                BandLabels[i] = BandsOf[i]!.Labels();
            }
        }
        Features = new Dictionary<string, int>(registration.WatchedFeatures.Count, StringComparer.Ordinal);
        for (var i = 0; i < registration.WatchedFeatures.Count; i++) Features[registration.WatchedFeatures[i]] = i;
        if (registration.Reference is { } reference)
        {
            FeatureBins = new ReferenceBins?[registration.WatchedFeatures.Count];
            foreach (var bins in reference.Features)
                if (Features.TryGetValue(bins.Name, out var at)) FeatureBins[at] = bins;
            ScoreBins = reference.Score;
        }
        WindowMs = (long)Math.Round(registration.Outcome.WindowHours * 3_600_000);
        LabelDelayMs = (long)Math.Round(registration.Outcome.LabelDelayHours * 3_600_000);
    }

    public ModelRegistration Registration { get; }

    /// <summary>Protected attribute name → position in the cell key.</summary>
    public Dictionary<string, int> Attributes { get; }

    /// <summary>Band edges of each banded attribute (null: categorical).</summary>
    public Bands?[] BandsOf { get; }

    /// <summary>Band labels of each banded attribute (null: categorical).</summary>
    public string[]?[] BandLabels { get; }

    /// <summary>Watched feature name → position.</summary>
    public Dictionary<string, int> Features { get; }

    /// <summary>Reference bins of each watched feature (null entries: the reference does not bin it), or null without a reference.</summary>
    public ReferenceBins?[]? FeatureBins { get; }

    /// <summary>The reference's score bins, or null without a reference.</summary>
    public ReferenceBins? ScoreBins { get; }

    public long WindowMs { get; }

    public long LabelDelayMs { get; }
}
