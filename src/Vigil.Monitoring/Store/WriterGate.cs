using System.Diagnostics.CodeAnalysis;

namespace Vigil.Monitoring.Store;

/// <summary>
/// The in-process lock every write transaction on one SQLite file holds, and a count of the writers waiting for it, so
/// that a long job (the maturity run) can end its transaction early when a request is waiting (a single-event POST
/// waits for at most one of the job's steps, not for a whole chunk). Waiters are served in arrival order.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "one gate per database file for the process's lifetime; a SemaphoreSlim holds no OS handle unless AvailableWaitHandle is read")]
internal sealed class WriterGate
{
    private readonly SemaphoreSlim _slot = new(1, 1);
    private readonly int[] _waiting = new int[2]; // [0] writers, [1] background writers

    /// <summary>Whether another writer is waiting for the gate now (read by the holder between the steps of a long job).</summary>
    public bool HasWaiters => Waiting > 0;

    /// <summary>How many writers are waiting for the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting[0]);

    /// <summary>How many background writers are waiting for the gate now (not counted in <see cref="Waiting"/>).</summary>
    public int BackgroundWaiting => Volatile.Read(ref _waiting[1]);

    /// <summary>
    /// Waits for the gate; the caller must <see cref="Exit"/> it exactly once. A <paramref name="background"/> writer
    /// (a maturity run) is not counted in <see cref="Waiting"/>: two maturity runs at once (the timer's and
    /// POST /v1/evaluate's) would otherwise make each other commit after every step.
    /// </summary>
    public async Task EnterAsync(CancellationToken ct, bool background = false)
    {
        if (_slot.Wait(0, CancellationToken.None))
            return;
        var kind = background ? 1 : 0;
        Interlocked.Increment(ref _waiting[kind]);
        try
        {
            await _slot.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting[kind]);
        }
    }

    public void Exit() => _slot.Release();
}
