using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>
/// What the load generator does, bounded in count and time: <see cref="Seconds"/> of batch ingest by <see cref="Clients"/>
/// concurrent clients, <see cref="Singles"/> single-event POSTs, <see cref="StatusCalls"/> status requests; only to a
/// service it starts itself on a loopback port.
/// </summary>
public sealed record LoadOptions(
    double Seconds = 30,
    int Clients = 4,
    int Batch = 500,
    int Singles = 2000,
    int SingleClients = 1,
    int StatusCalls = 20,
    int Groups = 10,
    int Days = 30,
    string? Store = null)
{
    /// <summary>Parses --seconds N --clients N --batch N --singles N --single-clients N --status-calls N --store STORE.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--seconds" => o with { Seconds = Math.Clamp(double.Parse(Next(), CultureInfo.InvariantCulture), 1, 600) },
                "--clients" => o with { Clients = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 64) },
                "--batch" => o with { Batch = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 10_000) },
                "--singles" => o with { Singles = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 10, 100_000) },
                "--single-clients" => o with { SingleClients = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 64) },
                "--status-calls" => o with { StatusCalls = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 1000) },
                "--store" => o with { Store = Next() },
                var other => throw new ArgumentException($"unknown option {other}; expected --seconds, --clients, --batch, --singles, --single-clients, --status-calls or --store"),
            };
        }
        return o;
    }
}
