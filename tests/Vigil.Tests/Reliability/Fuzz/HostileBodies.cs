using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Vigil.Tests.Reliability.Fuzz;

/// <summary>One request of the fuzzer: where it goes, its content type and bytes, what was done to it, and whether the service must refuse it.</summary>
internal sealed record FuzzCase(string Endpoint, string Path, string? ContentType, byte[] Body, string Description, bool MustRefuse);

/// <summary>A body-taking endpoint: its route as OpenAPI names it ("POST /v1/alerts/{id}/transition"), the path to call and the media types it declares.</summary>
internal sealed record FuzzTarget(string Endpoint, string Path, IReadOnlyList<string> ContentTypes);

/// <summary>
/// FsCheck generators of hostile request bodies. Each case starts from a valid body (<see cref="BodyTemplate"/>) and
/// applies one to three mutations, at least one of which makes it certainly invalid: truncation, a required field of
/// the wrong type, null or missing, a huge number (1e400, 400 digits), 10,000 levels of nesting, invalid UTF-8 inside a
/// string, a duplicated key, a root of the wrong kind, random bytes, or a wrong content type; unknown fields are added
/// on top (never alone: an unknown field is ignored by design). Raw fragments are spliced in after serialization
/// through placeholders, so the bytes can be anything, including what no JSON writer would produce.
/// </summary>
internal static class HostileBodies
{
    private const string Placeholder = "@@RAW";

    /// <summary>Mutations of one field that make any template invalid.</summary>
    private enum FieldMutation { WrongType, Null, Missing, HugeNumber, DeepNesting, InvalidUtf8, Duplicate, EmptyArray, OtherWord }

    /// <summary>Mutations of the whole body that make any JSON body invalid.</summary>
    private enum BodyMutation { Truncate, RootKind, RandomBytes, DeepRoot, InvalidUtf8Root, WrongContentType }

    /// <summary>The cases for <paramref name="targets"/>: <paramref name="count"/> of them from <paramref name="seed"/> (same seed, same cases).</summary>
    public static IReadOnlyList<FuzzCase> Sample(IReadOnlyList<FuzzTarget> targets, int count, ulong seed) =>
        Case(targets).Sample(count, new Rnd(seed), 30);

    private static Gen<FuzzCase> Case(IReadOnlyList<FuzzTarget> targets) =>
        from target in Gen.Elements(targets.ToArray())
        from ndjson in Gen.Elements(true, false)
        from fieldMutations in Gen.Choose(0, 2)
        from mutationSeed in Gen.Choose(0, int.MaxValue)
        from whole in Gen.Elements(Enum.GetValues<BodyMutation>())
        from field in Gen.Elements(Enum.GetValues<FieldMutation>())
        from unknown in Gen.Choose(0, 2)
        select Build(target, ndjson, fieldMutations, mutationSeed, whole, field, unknown);

    private static FuzzCase Build(FuzzTarget target, bool ndjsonWanted, int extraFieldMutations, int seed, BodyMutation whole, FieldMutation first, int unknownFields)
    {
        var random = new System.Random(seed);
        var template = BodyTemplate.ByEndpoint.GetValueOrDefault(target.Endpoint) ?? BodyTemplate.Generic;
        var ndjson = template.IsBatch && ndjsonWanted;
        var items = Enumerable.Range(0, template.IsBatch ? 3 : 1).Select(template.Item).ToList();
        var raws = new List<byte[]>();
        var what = new List<string>();

        // field mutations need fields; a generic template gets a body mutation instead
        var fieldPlan = template.Fields.Count == 0 ? [] : new List<FieldMutation> { first };
        for (var i = 0; i < extraFieldMutations && template.Fields.Count > 0; i++) fieldPlan.Add(Enum.GetValues<FieldMutation>()[random.Next(9)]);
        foreach (var mutation in fieldPlan)
        {
            var item = items[random.Next(items.Count)];
            var f = template.Fields[random.Next(template.Fields.Count)];
            what.Add(MutateField(item, f, mutation, random, raws));
        }
        for (var u = 0; u < unknownFields; u++)
        {
            var item = items[random.Next(items.Count)];
            item["zz_unknown_" + random.Next(1000)] = random.Next(3) switch { 0 => 1, 1 => "x", _ => new JsonObject() };
            what.Add("unknown field");
        }

        var body = Render(items, template.IsBatch, ndjson, raws);
        var contentType = ndjson ? "application/x-ndjson" : target.ContentTypes.FirstOrDefault(t => t.Contains("json", StringComparison.Ordinal)) ?? "application/json";
        // no field mutation (generic template), or one in five cases: a mutation of the whole body as well
        if (fieldPlan.Count == 0 || random.Next(5) == 0)
        {
            (body, contentType) = MutateBody(body, contentType, whole, random);
            what.Add(whole.ToString());
        }
        return new FuzzCase(target.Endpoint, target.Path, contentType, body, string.Join(" + ", what) + (ndjson ? " (ndjson)" : ""), MustRefuse: true);
    }

    private static string MutateField(JsonObject item, FuzzField f, FieldMutation mutation, System.Random random, List<byte[]> raws)
    {
        string Raw(string text) => Raw8(Encoding.UTF8.GetBytes(text));
        string Raw8(byte[] bytes)
        {
            raws.Add(bytes);
            return Placeholder + (raws.Count - 1) + "@@";
        }
        var original = item[f.Name]?.ToJsonString() ?? "null";
        switch (mutation)
        {
            case FieldMutation.WrongType:
                item[f.Name] = f.Kind switch
                {
                    FieldKind.Number => random.Next(3) switch { 0 => "0.5", 1 => true, _ => new JsonObject() },
                    FieldKind.Bool => random.Next(3) switch { 0 => "true", 1 => 1, _ => new JsonArray() },
                    FieldKind.Structure => random.Next(2) == 0 ? "x" : 7,
                    _ => random.Next(3) switch { 0 => 12, 1 => false, _ => new JsonObject { ["a"] = 1 } },
                };
                return $"{f.Name}: wrong type";
            case FieldMutation.Null:
                item[f.Name] = null;
                return $"{f.Name}: null";
            case FieldMutation.Missing:
                item.Remove(f.Name);
                return $"{f.Name}: missing";
            case FieldMutation.HugeNumber:
                item[f.Name] = Raw(random.Next(4) switch
                {
                    0 => "1e400",
                    1 => "-1e400",
                    2 => "9" + new string('9', 399),
                    _ => "-" + new string('7', 400) + ".5",
                });
                return $"{f.Name}: huge number";
            case FieldMutation.DeepNesting:
                item[f.Name] = Raw(random.Next(2) == 0 ? new string('[', 10_000) + new string(']', 10_000) : Nest(10_000));
                return $"{f.Name}: 10,000 levels";
            case FieldMutation.InvalidUtf8:
                item[f.Name] = Raw8([.. "\"ab"u8, .. InvalidUtf8(random), .. "cd\""u8]);
                return $"{f.Name}: invalid UTF-8";
            case FieldMutation.Duplicate:
                // the same key twice: which one a reader keeps differs between parsers, so the service must refuse it
                item[f.Name] = Raw($"{original},\"{f.Name}\":{original}");
                return $"{f.Name}: duplicate key";
            case FieldMutation.EmptyArray:
                item[f.Name] = f.Kind == FieldKind.Structure ? "[]" : new JsonArray();
                return $"{f.Name}: empty array";
            default:
                item[f.Name] = f.Kind switch
                {
                    FieldKind.Number => random.Next(2) == 0 ? -1.5 : 1e12,
                    FieldKind.Bool => "maybe",
                    FieldKind.Structure => new JsonArray(1, 2),
                    FieldKind.Word => "no-such-" + random.Next(100),
                    _ => "",
                };
                return $"{f.Name}: invalid value";
        }
    }

    private static (byte[] Body, string ContentType) MutateBody(byte[] body, string contentType, BodyMutation mutation, System.Random random)
    {
        switch (mutation)
        {
            case BodyMutation.Truncate:
                // a cut inside the last kept line (NDJSON: a cut at a line's end would leave valid, shorter NDJSON)
                var cut = random.Next(1, Math.Max(2, body.Length - 1));
                while (cut > 1 && (body[cut - 1] == (byte)'\n' || body[cut] == (byte)'\n')) cut--;
                return (body[..cut], contentType);
            case BodyMutation.RootKind:
                return (Encoding.UTF8.GetBytes(random.Next(4) switch { 0 => "42", 1 => "\"text\"", 2 => "true", _ => "null" }), contentType);
            case BodyMutation.RandomBytes:
                var bytes = new byte[random.Next(1, 2_000)];
                random.NextBytes(bytes);
                bytes[0] = (byte)(bytes[0] | 0x80); // never a valid first byte of JSON text
                return (bytes, contentType);
            case BodyMutation.DeepRoot:
                return (Encoding.UTF8.GetBytes(random.Next(2) == 0 ? new string('[', 10_000) + new string(']', 10_000) : Nest(10_000)), contentType);
            case BodyMutation.InvalidUtf8Root:
                return ([.. "{\"a\":\""u8, .. InvalidUtf8(random), .. "\"}"u8], contentType);
            default:
                var types = new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/csv", "image/png", "not a media type" };
                return (body, types[random.Next(types.Length)]);
        }
    }

    /// <summary>A byte sequence that is not UTF-8: a lone continuation byte, an overlong encoding, a surrogate, a truncated sequence, or 0xFF.</summary>
    private static byte[] InvalidUtf8(System.Random random) => random.Next(5) switch
    {
        0 => [0x80],
        1 => [0xC0, 0xAF],
        2 => [0xED, 0xA0, 0x80],
        3 => [0xE2, 0x82],
        _ => [0xFF, 0xFE],
    };

    private static string Nest(int depth)
    {
        var sb = new StringBuilder(depth * 6 + 2);
        for (var i = 0; i < depth; i++) sb.Append("{\"a\":");
        sb.Append('1');
        sb.Append('}', depth);
        return sb.ToString();
    }

    private static byte[] Render(List<JsonObject> items, bool isBatch, bool ndjson, List<byte[]> raws)
    {
        string text = !isBatch ? items[0].ToJsonString()
            : ndjson ? string.Concat(items.Select(i => i.ToJsonString() + "\n"))
            : new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]).ToJsonString();
        var output = new List<byte>(text.Length + 64);
        var at = 0;
        while (true)
        {
            var next = text.IndexOf("\"" + Placeholder, at, StringComparison.Ordinal);
            if (next < 0) break;
            output.AddRange(Encoding.UTF8.GetBytes(text[at..next]));
            var end = text.IndexOf("@@\"", next + Placeholder.Length + 1, StringComparison.Ordinal);
            var index = int.Parse(text.AsSpan(next + 1 + Placeholder.Length, end - next - 1 - Placeholder.Length), System.Globalization.CultureInfo.InvariantCulture);
            output.AddRange(raws[index]);
            at = end + 3;
        }
        output.AddRange(Encoding.UTF8.GetBytes(text[at..]));
        return [.. output];
    }
}
