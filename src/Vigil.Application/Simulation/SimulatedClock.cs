namespace Vigil.Application.Simulation;

/// <summary>
/// A settable clock for running the service in simulated time (in-process only: registered as the service's
/// <see cref="TimeProvider"/>, it makes maturity and the monitors' "now" the simulated time). Thread-safe.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    /// <summary>The simulated time.</summary>
    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
