using System.IO.Compression;
using System.Text;

namespace Vigil.Tests.Cli;

/// <summary>
/// The malformed-input corpus, as data: every case is a command line (with {placeholders} for files made by
/// <see cref="MalformedInputFiles"/> in a fresh folder), the exit code it must end with (2 usage, 3 bad data)
/// and the words its one-line error must contain. <see cref="MalformedInputTests"/> runs each through the real
/// command line and checks the contract common to all: no crash, no stack trace, bounded time, one printable
/// line, no partial output, inputs unchanged, an earlier good output left intact. The README states the count.
/// </summary>
public static class MalformedInputCases
{
    /// <summary>One case: a name, the arguments (placeholders {file}, {out} for an output file, {outdir} for an output directory), the exit code and expected words.</summary>
    public sealed record Case(string Name, string Args, int Exit, params string[] MustContain)
    {
        public override string ToString() => Name;
    }

    /// <summary>Bad data files: each is given to every command that reads data (below), so the checks at open are seen by all.</summary>
    public static readonly (string File, string[] MustContain)[] BadDataFiles =
    [
        ("notgzip.csv.gz", ["notgzip.csv.gz", "not gzip"]),
        ("cut-mid.csv.gz", ["cut-mid.csv.gz", "cut off"]),
        ("cut-at-row.csv.gz", ["cut-at-row.csv.gz", "cut off"]),
        ("crc-bad.csv.gz", ["crc-bad.csv.gz", "cut off or corrupt"]),
        ("latin1.csv", ["latin1.csv", "not valid UTF-8", "line 2"]),
        ("utf16-bom.csv", ["utf16-bom.csv", "UTF-16"]),
        ("utf16-nobom.csv", ["utf16-nobom.csv", "NUL byte"]),
        ("utf32-bom.csv", ["utf32-bom.csv", "UTF-32"]),
        ("binary.csv", ["binary.csv"]),
        ("longline.csv", ["longline.csv", "longer than 1 MiB"]),
        ("empty.csv", ["empty.csv", "empty"]),
        ("nul-in-cell.csv", ["nul-in-cell.csv", "NUL byte", "line 3"]),
        ("ragged.csv", ["ragged.csv", "line 3"]),
        ("dup-header.csv", ["dup-header.csv", "appears twice"]),
        ("missing.csv", ["missing.csv", "no such file"]),
        ("adir.csv", ["adir.csv", "directory"]),
    ];

    /// <summary>Commands that read a data file, with the file as {bad}; all use columns of the heart fixture.</summary>
    public static readonly (string Name, string Args)[] DataCommands =
    [
        ("audit", "audit --data {bad} --label disease --score score --protected sex --format json --out {out}"),
        ("data-audit", "data-audit --data {bad} --label disease --protected sex --features age,chol --format json --out {out}"),
        ("scan", "scan --data {bad} --label disease --score score --protected sex --permutations 0 --format json --out {out}"),
        ("drift-current", "drift --reference-data {heart.csv} --current-data {bad} --columns age,chol --format json --out {out}"),
        ("drift-reference", "drift --reference-data {bad} --current-data {heart.csv} --columns age,chol --format json --out {out}"),
        ("train", "train --data {bad} --label disease --features age,chol --folds 2 --out {outdir}"),
        ("mitigate", "mitigate --method reweighing --data {bad} --label disease --protected sex --features age,chol --bootstrap 0 --out {outdir}"),
        ("validate", "validate --train {bad} --validate {heart.csv} --label disease --features age,chol --protected sex --folds 2 --out {outdir}"),
    ];

    /// <summary>Bad options, bad JSON and YAML inputs, unsafe outputs: one case each.</summary>
    public static readonly Case[] Singles =
    [
        // numbers that are not finite or not in range
        new("audit --ge-alpha NaN", "audit --data {heart.csv} --label disease --score score --protected sex --ge-alpha NaN --format json --out {out}", 2, "--ge-alpha", "finite"),
        new("audit --ge-alpha Infinity", "audit --data {heart.csv} --label disease --score score --protected sex --ge-alpha Infinity --format json --out {out}", 2, "--ge-alpha", "finite"),
        new("audit --threshold NaN", "audit --data {heart.csv} --label disease --score score --protected sex --threshold NaN --out {out}", 2, "--threshold"),
        new("audit --threshold 2", "audit --data {heart.csv} --label disease --score score --protected sex --threshold 2 --out {out}", 2, "--threshold"),
        new("audit --bootstrap 1e7", "audit --data {heart.csv} --label disease --score score --protected sex --bootstrap 10000000 --out {out}", 2, "--bootstrap"),
        new("audit --min-cell -1", "audit --data {heart.csv} --label disease --score score --protected sex --min-cell -1 --out {out}", 2, "--min-cell"),
        new("audit --bands garbage", "audit --data {heart.csv} --label disease --score score --protected sex,age --bands age=x --out {out}", 2, "--bands"),
        new("data-audit --sentinels NaN", "data-audit --data {heart.csv} --label disease --protected sex --features chol --sentinels chol=NaN --out {out}", 2, "--sentinels"),
        new("mitigate --threshold 7", "mitigate --method reweighing --data {heart.csv} --label disease --protected sex --features age,chol --threshold 7 --bootstrap 0 --out {outdir}", 2, "--threshold", "[0, 1]"),
        new("mitigate --threshold -1", "mitigate --method reweighing --data {heart.csv} --label disease --protected sex --features age,chol --threshold -1 --bootstrap 0 --out {outdir}", 2, "--threshold"),
        new("mitigate --threshold NaN", "mitigate --method reweighing --data {heart.csv} --label disease --protected sex --features age,chol --threshold NaN --bootstrap 0 --out {outdir}", 2, "--threshold"),
        new("mitigate --grid-size 1e9", "mitigate --method threshold-optimizer --data {heart.csv} --label disease --protected sex --score score --grid-size 1000000000 --bootstrap 0 --out {outdir}", 2, "--grid-size"),
        new("mitigate --bootstrap 1e7", "mitigate --method reweighing --data {heart.csv} --label disease --protected sex --features age,chol --bootstrap 10000000 --out {outdir}", 2, "--bootstrap"),
        new("mitigate --repair-level 2", "mitigate --method di-remover --data {heart.csv} --label disease --protected sex --features age,chol --repair-level 2 --bootstrap 0 --out {outdir}", 2, "--repair-level"),
        new("mitigate unknown method", "mitigate --method magic --data {heart.csv} --label disease --protected sex --features age,chol --out {outdir}", 2, "--method", "magic"),
        new("scan --permutations 1e7", "scan --data {heart.csv} --label disease --score score --protected sex --permutations 10000000 --out {out}", 2, "--permutations"),
        new("scan --min-size 0", "scan --data {heart.csv} --label disease --score score --protected sex --min-size 0 --out {out}", 2, "--min-size"),
        new("scan --alpha NaN", "scan --data {heart.csv} --label disease --score score --protected sex --alpha NaN --out {out}", 2, "--alpha"),
        new("drift --tests unknown", "drift --reference-data {heart.csv} --current-data {heart.csv} --columns age --tests nonsense --out {out}", 2, "--tests", "nonsense"),
        new("drift --detector garbage", "drift --reference-data {heart.csv} --current-data {heart.csv} --columns age --stream age --detector cusum.k=x --out {out}", 2, "--detector"),
        new("drift --drift-share NaN", "drift --reference-data {heart.csv} --current-data {heart.csv} --columns age --drift-share NaN --out {out}", 2, "--drift-share"),
        new("drift --columns empty", "drift --reference-data {heart.csv} --current-data {heart.csv} --columns , --out {out}", 2, "--columns", "empty"),
        new("drift --tests empty", "drift --reference-data {heart.csv} --current-data {heart.csv} --columns age --tests , --out {out}", 2, "--tests", "empty"),
        new("audit label also protected", "audit --data {heart.csv} --label disease --score score --protected sex,disease --out {out}", 2, "--protected", "'disease' is the label"),
        new("scan label also protected", "scan --data {heart.csv} --label disease --score score --protected disease --permutations 0 --out {out}", 2, "--protected", "'disease' is the label"),
        new("data-audit label also protected", "data-audit --data {heart.csv} --label disease --protected disease --features age --out {out}", 2, "--protected", "'disease' is the label"),
        new("mitigate label also protected", "mitigate --method reweighing --data {heart.csv} --label disease --protected disease --features age,chol --bootstrap 0 --out {outdir}", 2, "--protected", "'disease' is the label"),
        new("mitigate label also a feature", "mitigate --method reweighing --data {heart.csv} --label disease --protected sex --features disease,age --bootstrap 0 --out {outdir}", 2, "--features", "disease"),
        new("mitigate --threshold 2", "mitigate --method reweighing --data {heart.csv} --label disease --protected sex --features age,chol --threshold 2 --bootstrap 0 --out {outdir}", 2, "--threshold", "[0, 1]"),
        new("drift --stream constant column", "drift --reference-data {constant.csv} --current-data {constant.csv} --stream c --out {out}", 3, "--stream", "constant"),
        new("plan-study sensitivity 1e308", "plan-study --sensitivity 1e308 --width 0.05 --prevalence 0.1 --out {out}", 2, "--sensitivity"),
        new("plan-study width 1e-300", "plan-study --sensitivity 0.8 --width 1e-300 --prevalence 0.1 --out {out}", 2, "more than 1,000,000,000"),
        new("plan-study prevalence 1e-300", "plan-study --sensitivity 0.8 --width 0.05 --prevalence 1e-300 --out {out}", 2, "more than 1,000,000,000"),
        new("plan-study width NaN", "plan-study --sensitivity 0.8 --width NaN --prevalence 0.1 --out {out}", 2, "--width"),
        new("plan-study ratio -1", "plan-study --sensitivity 0.8 --gap 0.1 --ratio -1 --prevalence 0.1 --out {out}", 2, "--ratio"),

        // JSON inputs of report and plan-study
        new("report --audit array", "report --audit {array.json} --out {outdir}", 3, "array.json", "expected a JSON object, found an array"),
        new("report --audit null", "report --audit {null.json} --out {outdir}", 3, "null.json", "found null"),
        new("report --audit string", "report --audit {string.json} --out {outdir}", 3, "string.json", "found a string"),
        new("report --audit 400-digit integer", "report --audit {bigint.json} --out {outdir}", 3, "bigint.json", "found a number"),
        new("report --audit invalid JSON", "report --audit {invalid.json} --out {outdir}", 3, "invalid.json", "not valid JSON"),
        new("report --audit binary", "report --audit {binary.json} --out {outdir}", 3, "binary.json"),
        new("report --audit wrong schema", "report --audit {wrong-schema.json} --out {outdir}", 3, "wrong-schema.json", "schema"),
        new("report --audit fields missing", "report --audit {audit-no-input.json} --out {outdir}", 3, "audit-no-input.json", "settings"),
        new("report --audit rows 400 digits", "report --audit {audit-bigrows.json} --out {outdir}", 3, "audit-bigrows.json", "rows"),
        new("report --audit missing file", "report --audit {nothere.json} --out {outdir}", 3, "nothere.json", "no such file"),
        new("report --drift array", "report --audit {audit.json} --drift {array.json} --out {outdir}", 3, "array.json"),
        new("report --data-audit string", "report --audit {audit.json} --data-audit {string.json} --out {outdir}", 3, "string.json"),
        new("report --validation null", "report --audit {audit.json} --validation {null.json} --out {outdir}", 3, "null.json"),
        new("report --mitigation 400-digit", "report --audit {audit.json} --mitigation {bigint.json} --out {outdir}", 3, "bigint.json"),
        new("report --volume NaN", "report --audit {audit.json} --volume NaN --prevalence 0.1 --out {outdir}", 2, "--volume"),
        new("plan-study --groups-from array", "plan-study --groups-from {array.json} --width 0.05 --out {out}", 3, "array.json"),
        new("plan-study --groups-from null", "plan-study --groups-from {null.json} --width 0.05 --out {out}", 3, "null.json"),
        new("plan-study --groups-from 400-digit", "plan-study --groups-from {bigint.json} --width 0.05 --out {out}", 3, "bigint.json"),
        new("plan-study --groups-from fields missing", "plan-study --groups-from {audit-no-attributes.json} --width 0.05 --out {out}", 3, "audit-no-attributes.json"),
        new("plan-study --groups-from groups missing", "plan-study --groups-from {audit-no-groups.json} --width 0.05 --out {out}", 3, "audit-no-groups.json"),

        // YAML inputs
        new("report --card deeply nested", "report --audit {audit.json} --card {deep.yaml} --out {outdir}", 3, "deep.yaml", "nested more than 64"),
        new("report --card alias bomb", "report --audit {audit.json} --card {bomb.yaml} --out {outdir}", 3, "bomb.yaml", "aliases expanded"),
        new("report --card not YAML", "report --audit {audit.json} --card {binary.json} --out {outdir}", 3, "binary.json"),
        new("report --card complex key", "report --audit {audit.json} --card {complex-key.yaml} --out {outdir}", 3, "complex-key.yaml"),
        new("report --datasheet deeply nested", "report --audit {audit.json} --data-audit {data-audit.json} --datasheet {deep.yaml} --out {outdir}", 3, "deep.yaml", "nested more than 64"),
        new("data-audit --datasheet alias bomb", "data-audit --data {heart.csv} --label disease --protected sex --datasheet {bomb.yaml} --datasheet-out {outdir} --out {out}", 3, "bomb.yaml", "aliases expanded"),
        new("data-audit --datasheet deeply nested", "data-audit --data {heart.csv} --label disease --protected sex --datasheet {deep.yaml} --datasheet-out {outdir} --out {out}", 3, "deep.yaml", "nested more than 64"),
        new("data-audit --datasheet complex key", "data-audit --data {heart.csv} --label disease --protected sex --datasheet {complex-key.yaml} --datasheet-out {outdir} --out {out}", 3, "complex-key.yaml", "must be text"),

        // outputs that would destroy data or create folders
        new("audit --out is the input", "audit --data {heart.csv} --label disease --score score --protected sex --out {heart.csv}", 2, "--out", "is also the input --data"),
        new("scan --out is the input", "scan --data {heart.csv} --label disease --score score --protected sex --out {heart.csv}", 2, "--out", "is also the input"),
        new("drift --out is the reference", "drift --reference-data {heart.csv} --current-data {heart.csv} --columns age --out {heart.csv}", 2, "is also the input"),
        new("audit --out in a missing folder", "audit --data {heart.csv} --label disease --score score --protected sex --out {missing-folder}/a.json", 2, "--out", "does not exist"),
        new("train --out in a missing folder", "train --data {heart.csv} --label disease --features age,chol --out {missing-folder}/x/model", 2, "--out", "does not exist"),
        new("report --out in a missing folder", "report --audit {audit.json} --out {missing-folder}/x/report", 2, "--out", "does not exist"),

        // error messages that would echo garbage from the input
        new("garbage column names are not echoed raw", "audit --data {control-header.csv} --label disease --score score --protected sex --out {out}", 3, "control-header.csv", "no column 'disease'"),
    ];

    /// <summary>Every case: the data-file matrix and the singles.</summary>
    public static IEnumerable<Case> All()
    {
        foreach (var (file, words) in BadDataFiles)
        {
            foreach (var (name, args) in DataCommands)
                yield return new Case($"{name} {file}", args.Replace("{bad}", "{" + file + "}", StringComparison.Ordinal), 3, words);
        }
        foreach (var c in Singles) yield return c;
    }

    public static int Count => All().Count();
}

/// <summary>The files the cases name, made in a fresh folder for each case.</summary>
internal static class MalformedInputFiles
{
    /// <summary>Writes every file the placeholders may name into <paramref name="dir"/>.</summary>
    public static void Write(string dir, string heartCsv, string auditJson, string dataAuditJson)
    {
        var heart = File.ReadAllBytes(heartCsv);
        var text = Encoding.UTF8.GetString(heart);
        void Bytes(string name, byte[] b) => File.WriteAllBytes(Path.Combine(dir, name), b);
        void Text(string name, string t) => File.WriteAllText(Path.Combine(dir, name), t, new UTF8Encoding(false));

        Bytes("heart.csv", heart);
        Text("constant.csv", "c,d\n" + string.Concat(Enumerable.Repeat("1,2\n", 50)));
        File.Copy(auditJson, Path.Combine(dir, "audit.json"));
        File.Copy(dataAuditJson, Path.Combine(dir, "data-audit.json"));

        // gzip: not gzip at all; cut in the middle of a block; cut exactly after a flushed row boundary (no final
        // block, no trailer: GZipStream reads it as a shorter valid file); a whole stream whose trailer CRC is wrong.
        Text("notgzip.csv.gz", text);
        var gz = Gzip(heart);
        Bytes("cut-mid.csv.gz", gz[..(gz.Length / 2)]);
        Bytes("cut-at-row.csv.gz", CutAtRowBoundary(heart));
        var bad = (byte[])gz.Clone();
        bad[^8] ^= 0xFF;
        Bytes("crc-bad.csv.gz", bad);

        // encodings
        Bytes("latin1.csv", Encoding.Latin1.GetBytes(text.Replace(",M,", ",Mé,", StringComparison.Ordinal)));
        Bytes("utf16-bom.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        Bytes("utf16-nobom.csv", Encoding.Unicode.GetBytes(text));
        Bytes("utf32-bom.csv", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)]);
        var random = new Random(20240601);
        var binary = new byte[4096];
        random.NextBytes(binary);
        binary[0] = 0x89; // not a BOM, not text
        Bytes("binary.csv", binary);
        Bytes("binary.json", binary);

        // shapes
        Text("longline.csv", "a,b\n" + new string('x', InputLimits.LongLine) + ",1\n");
        Text("empty.csv", "");
        var lines = text.Split('\n');
        Text("nul-in-cell.csv", string.Join('\n', lines[..2]) + "\n" + lines[2].Replace(",M,", ",M\0,", StringComparison.Ordinal) + "\n" + string.Join('\n', lines[3..]));
        Text("ragged.csv", lines[0] + "\n" + lines[1] + "\n" + lines[2] + ",extra\n" + string.Join('\n', lines[3..]));
        Text("dup-header.csv", "age,age,sex,disease,score,chol\n50,51,M,1,0.5,200\n");
        Directory.CreateDirectory(Path.Combine(dir, "adir.csv"));
        Text("control-header.csv", "id,se\u0001x\u001b[31m,label\u0007,score\n1,F,1,0.9\n2,M,0,0.2\n");

        // JSON
        Text("array.json", "[1, 2, 3]");
        Text("null.json", "null");
        Text("string.json", "\"vigil.audit/v1\"");
        Text("bigint.json", new string('9', 400));
        Text("invalid.json", "{\"schema\": \"vigil.audit/v1\", ");
        Text("wrong-schema.json", "{\"schema\": \"vigil.drift/v1\"}");
        var audit = File.ReadAllText(auditJson);
        Text("audit-no-input.json", ReplaceFirst(audit, "\"settings\"", "\"settingsX\""));
        Text("audit-bigrows.json", System.Text.RegularExpressions.Regex.Replace(audit, "\"rows\": *[0-9]+", "\"rows\": " + new string('9', 400)));
        Text("audit-no-attributes.json", ReplaceFirst(audit, "\"attributes\"", "\"attributesX\""));
        Text("audit-no-groups.json", audit.Replace("\"groups\"", "\"groupsX\"", StringComparison.Ordinal));

        // YAML: 10,000 nested lists; the "billion laughs" alias bomb (a few hundred bytes, 9^9 strings expanded);
        // a mapping used as a key.
        Text("deep.yaml", "model_details: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
        var bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = 'a';
        foreach (var name in "bcdefghi")
        {
            bomb.Append(name).Append(": &").Append(name).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
            previous = name;
        }
        Text("bomb.yaml", bomb.ToString());
        Text("complex-key.yaml", "? [motivation, composition]\n: answer\n");
    }

    private static string ReplaceFirst(string s, string what, string with)
    {
        var i = s.IndexOf(what, StringComparison.Ordinal);
        return i < 0 ? s : s[..i] + with + s[(i + what.Length)..];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal)) gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>The first half of the rows, compressed and flushed (a sync point), with no final block and no trailer.</summary>
    private static byte[] CutAtRowBoundary(byte[] csv)
    {
        var half = Encoding.UTF8.GetString(csv).Split('\n');
        var part = Encoding.UTF8.GetBytes(string.Join('\n', half[..(half.Length / 2)]) + "\n");
        using var ms = new MemoryStream();
        var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true);
        gz.Write(part);
        gz.Flush(); // a sync flush: the bytes so far decompress on their own
        var bytes = ms.ToArray();
        gz.Dispose(); // writes the final block and trailer into the stream, after the copy was taken
        return bytes;
    }
}

/// <summary>Sizes used by the corpus.</summary>
internal static class InputLimits
{
    /// <summary>A line longer than Vigil.Data.InputFileCheck.MaxLineBytes (1 MiB): 2 MiB.</summary>
    public const int LongLine = 2 << 20;
}
