using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Safeguards;

/// <summary>The state of a safeguard at a time, from its end date and the time a user ended it (whichever came first decides).</summary>
public static class SafeguardStates
{
    /// <summary>
    /// Ended when a user ended it at or before <paramref name="atMs"/> (and not after its end date), expired when its end
    /// date is at or before <paramref name="atMs"/>, else active.
    /// </summary>
    public static SafeguardState At(long? endsAtMs, long? endedAtMs, long atMs)
    {
        var ended = endedAtMs is { } e && e <= atMs;
        var expired = endsAtMs is { } x && x <= atMs;
        if (ended && (!expired || endedAtMs!.Value < endsAtMs!.Value)) return SafeguardState.Ended;
        return expired ? SafeguardState.Expired : SafeguardState.Active;
    }
}
