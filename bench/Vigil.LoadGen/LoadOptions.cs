using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>
/// What the load generator does, bounded in count and time: <see cref="Warmup"/> seconds of batch ingest that are not
/// counted (JIT, caches; with the readers polling), then <see cref="Seconds"/> of batch ingest by <see cref="Clients"/> concurrent clients (paced
/// to <see cref="Rate"/> predictions a second in all when it is above 0, else as fast as acknowledgements come back)
/// with <see cref="Readers"/> concurrent dashboard readers, then <see cref="Singles"/> single-event POSTs and
/// <see cref="StatusCalls"/> status requests; only to a service it starts itself on a loopback port.
/// </summary>
public sealed record LoadOptions(
    double Seconds = 30,
    double Warmup = 5,
    int Clients = 4,
    int Batch = 500,
    double Rate = 0,
    int Readers = 0,
    int Singles = 2000,
    int SingleClients = 1,
    int StatusCalls = 20,
    int Groups = 10,
    int Days = 30,
    bool Spread = false,
    bool UuidIds = false,
    string? Store = null,
    int EvaluateSeconds = 0)
{
    /// <summary>
    /// Parses --seconds N --warmup N --clients N --batch N --rate N --readers N --singles N --single-clients N
    /// --status-calls N --order time|spread --ids sequential|uuid --store STORE --evaluate-seconds N (the service's maturity run every N
    /// seconds, as `evaluation.interval_seconds`; 0, the default, leaves it off so that every label stays pending).
    /// </summary>
    /// <summary>The options and their defaults, printed by --help and after a bad option.</summary>
    public const string Usage = """
        usage: Vigil.LoadGen [options]     (bench/README.md)
          --seconds N           measured batch ingest (default 30, 1-600)
          --warmup N            uncounted warm-up ingest (and readers) before it (default 5)
          --clients N           concurrent batch clients (default 4)
          --batch N             predictions per batch (default 500)
          --rate N              pace all clients together to N predictions/s (default 0: unpaced)
          --readers N           concurrent dashboard readers polling status and series (default 0)
          --singles N           single-event POSTs after the ingest phase (default 2000)
          --single-clients N    concurrent single-event clients (default 1)
          --status-calls N      30-day status requests at the end (default 20)
          --order time|spread   hours in time order (default) or spread over the 30 days
          --ids sequential|uuid event ids nearly in key order (default) or random version-4 UUIDs
          --store STORE         the store (default: a temporary SQLite file), e.g. "Host=...;Database=..."
          --evaluate-seconds N  the service's maturity run every N s (default 0: off, every label pending)
        """;

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--seconds" => o with { Seconds = Math.Clamp(Number(), 1, 600) },
                "--warmup" => o with { Warmup = Math.Clamp(Number(), 0, 60) },
                "--clients" => o with { Clients = (int)Math.Clamp(Number(), 1, 64) },
                "--batch" => o with { Batch = (int)Math.Clamp(Number(), 1, 10_000) },
                "--rate" => o with { Rate = Math.Clamp(Number(), 0, 1_000_000) },
                "--readers" => o with { Readers = (int)Math.Clamp(Number(), 0, 16) },
                "--singles" => o with { Singles = (int)Math.Clamp(Number(), 0, 100_000) },
                "--single-clients" => o with { SingleClients = (int)Math.Clamp(Number(), 1, 64) },
                "--status-calls" => o with { StatusCalls = (int)Math.Clamp(Number(), 1, 1000) },
                "--order" => o with { Spread = Next() switch { "time" => false, "spread" => true, var v => throw new ArgumentException($"--order {v}: expected time or spread") } },
                "--ids" => o with { UuidIds = Next() switch { "sequential" => false, "uuid" => true, var v => throw new ArgumentException($"--ids {v}: expected sequential or uuid") } },
                "--store" => o with { Store = Next() },
                "--evaluate-seconds" => o with { EvaluateSeconds = (int)Math.Clamp(Number(), 0, 3600) },
                var other => throw new ArgumentException($"unknown option {other}"), // Program prints Usage after the message
            };
        }
        return o;
    }
}
