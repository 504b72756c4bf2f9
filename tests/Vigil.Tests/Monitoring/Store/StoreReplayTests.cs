using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// Order independence: the same events pushed shuffled, with duplicates and with MatureDue at arbitrary clocks end in
/// exactly the windows, bins and audit rows of the in-order stream.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreReplayTests(PostgresServer server) : IAsyncLifetime
{
    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ShuffledStreamWithDuplicates_GivesExactlyTheInOrderWindows(string backend)
    {
        var stream = EventStream.Generate(seed: 11, encounters: 60, predictionsPerEncounter: 5);
        var inOrder = await _harness.OpenAsync(backend);
        var shuffled = await _harness.OpenAsync(backend);
        foreach (var s in new[] { inOrder, shuffled })
            await s.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);

        await EventStream.PushAsync(inOrder, stream.InTimeOrder(), batch: 50);
        var random = new Random(5);
        await EventStream.PushAsync(shuffled, stream.ShuffledWithDuplicates(seed: 3), batch: 17,
            clock: _ => T0 + random.NextInt64(stream.End - T0)); // MatureDue at random clocks, forwards and backwards
        await inOrder.MatureDueAsync(stream.End);
        await shuffled.MatureDueAsync(stream.End);

        var expected = await inOrder.GetHourCellsAsync(Model, V1, long.MinValue, long.MaxValue);
        var total = Total(expected);
        Assert.Equal(stream.Predictions.Count, total.Predictions);
        Assert.Equal(stream.Actions.Count, total.Accepted + total.Overridden + total.Ignored);
        Assert.Equal(total.Predictions, total.Tn + total.Fp + total.Fn + total.Tp + total.Censored); // everything matured at the end
        Assert.True(total.Tp + total.Fn > 0 && total.Censored > 0 && total.Tn > 0, "the stream exercises every state");

        Assert.Equal(expected, await shuffled.GetHourCellsAsync(Model, V1, long.MinValue, long.MaxValue));
        Assert.Equal(await inOrder.GetHourBinsAsync(Model, V1, long.MinValue, long.MaxValue),
            await shuffled.GetHourBinsAsync(Model, V1, long.MinValue, long.MaxValue));
        var rows = await inOrder.GetMaturedRowsAsync(Model, V1, long.MinValue, long.MaxValue);
        Assert.Equal(total.Tn + total.Fp + total.Fn + total.Tp, rows.Count);
        Assert.Equal(rows.Select(r => (r.TimeMs, string.Join('|', r.Levels), r.Label, r.Prediction, r.Score)),
            (await shuffled.GetMaturedRowsAsync(Model, V1, long.MinValue, long.MaxValue)).Select(r => (r.TimeMs, string.Join('|', r.Levels), r.Label, r.Prediction, r.Score)));
    }
}
