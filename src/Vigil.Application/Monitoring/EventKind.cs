namespace Vigil.Application.Monitoring;

/// <summary>What a pushed file holds: model predictions, clinician actions or clinical outcomes (one ingest endpoint each).</summary>
public enum EventKind
{
    Predictions,
    Actions,
    Outcomes,
}

/// <summary>The kinds' names as the command line and the endpoints spell them.</summary>
public static class EventKinds
{
    /// <summary>"predictions", "actions" or "outcomes": also the endpoint's last path segment (/v1/predictions).</summary>
    public static string Name(EventKind kind) => kind switch
    {
        EventKind.Predictions => "predictions",
        EventKind.Actions => "actions",
        EventKind.Outcomes => "outcomes",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown event kind"),
    };

    /// <summary>Parses a kind's name; an unknown name is a usage error naming the "kind" parameter.</summary>
    public static EventKind Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "predictions" or "prediction" => EventKind.Predictions,
        "actions" or "action" => EventKind.Actions,
        "outcomes" or "outcome" => EventKind.Outcomes,
        _ => throw Vigil.Core.VigilException.Option("kind", $"'{name}': expected predictions, actions or outcomes"),
    };
}
