using System.Data.Common;
using System.Threading.Channels;

namespace Vigil.Monitoring.Store;

/// <summary>
/// Group commit of prediction batches for SQLite, whose file has one writer at a time: concurrent requests' batches
/// are queued, and one writer task commits every batch waiting at that moment in ONE transaction (a savepoint per
/// batch, so a failing batch rolls back alone and its caller alone gets the error). Each caller is answered only after
/// that transaction has committed (WAL + synchronous=FULL: on disk), so durability is that of a transaction per batch,
/// while the fsync, the transaction start and the hourly window upserts (the batches' deltas merged, one upsert per
/// key) are paid once per group instead of once per batch. Batches of one group are applied in arrival order and see
/// each other's rows, so idempotency by event id holds across them exactly as across separate transactions.
/// </summary>
/// <remarks>
/// Throughput: with k batches of n rows waiting, a group costs about k·n·(insert) + (distinct window keys)·(upsert) +
/// one fsync, against k·(n·insert + keys·upsert + fsync) one batch at a time; and no request waits in SQLite's busy
/// handler (which sleeps up to 100 ms between tries). The queue holds at most one entry per request in flight.
/// </remarks>
internal sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>A group stops taking batches once it holds this many rows (bounds one transaction's size and latency).</summary>
    public const int MaxGroupRows = 20_000;

    private const string Savepoint = "vigil_batch";

    private readonly SqlMonitorStore _store;
    private readonly StoreDialect _dialect;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private sealed record Pending(StoredPrediction[] Rows, string[] Encounters, TaskCompletionSource<int> Done);

    public GroupCommit(SqlMonitorStore store, StoreDialect dialect)
    {
        _store = store;
        _dialect = dialect;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a batch (sorted by event id; its distinct encounters sorted) and completes with the number of rows inserted once committed.</summary>
    public Task<int> SubmitAsync(StoredPrediction[] sorted, string[] encounters, CancellationToken ct)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(sorted, encounters, done)))
            throw new ObjectDisposedException(nameof(SqlMonitorStore), "the store is closed");
        return done.Task.WaitAsync(ct);
    }

    /// <summary>Stops taking batches, commits those already queued, and ends the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var rows = 0;
            while (rows < MaxGroupRows && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
                rows += next.Rows.Length;
            }
            await CommitAsync(group).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<Pending> group)
    {
        var ct = CancellationToken.None; // once queued, a batch is committed or failed, never abandoned half way
        var accepted = new int[group.Count];
        var failed = new Exception?[group.Count];
        try
        {
            // The store's write transaction: the writer gate, the kept writer connection, retried whole on a transient conflict.
            await _store.WriteAsync(async (connection, tx) =>
            {
                Array.Clear(failed);
                var windows = new WindowDeltas();
                for (var i = 0; i < group.Count; i++)
                {
                    if (group.Count == 1)
                    {
                        accepted[i] = await _store.InsertPredictionsAsync(connection, tx, group[i].Rows, group[i].Encounters, windows, ct).ConfigureAwait(false);
                        continue;
                    }
                    var own = new WindowDeltas();
                    await tx.SaveAsync(Savepoint, ct).ConfigureAwait(false);
                    try
                    {
                        accepted[i] = await _store.InsertPredictionsAsync(connection, tx, group[i].Rows, group[i].Encounters, own, ct).ConfigureAwait(false);
                        await tx.ReleaseAsync(Savepoint, ct).ConfigureAwait(false);
                        windows.Merge(own);
                    }
                    catch (Exception e) when (!_dialect.IsTransient(e))
                    {
                        await tx.RollbackAsync(Savepoint, ct).ConfigureAwait(false);
                        await tx.ReleaseAsync(Savepoint, ct).ConfigureAwait(false);
                        failed[i] = e;
                    }
                }
                await windows.SaveAsync(_dialect, connection, tx, ct).ConfigureAwait(false);
                return 0;
            }, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var p in group)
                p.Done.TrySetException(e);
            return;
        }
        for (var i = 0; i < group.Count; i++)
        {
            if (failed[i] is { } e)
                group[i].Done.TrySetException(e);
            else
                group[i].Done.TrySetResult(accepted[i]);
        }
    }
}
