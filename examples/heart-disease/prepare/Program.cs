using System.Text;
using Vigil.Examples.HeartDisease;

// Usage: dotnet run --project examples/heart-disease/prepare [-- <processed.cleveland.data> [<output.csv>]]
// Defaults: examples/heart-disease/data/processed.cleveland.data -> examples/heart-disease/heart-cleveland.csv,
// found by walking up from the current directory, then from the program's own folder.
const string RelativeData = "examples/heart-disease/data/processed.cleveland.data";

string? dataPath = args.Length > 0 ? Path.GetFullPath(args[0]) : FindUp(Directory.GetCurrentDirectory()) ?? FindUp(AppContext.BaseDirectory);
if (dataPath is null || !File.Exists(dataPath))
{
    await Console.Error.WriteLineAsync($"cannot find {RelativeData}; pass the path of processed.cleveland.data as the first argument");
    return 2;
}

var outputPath = args.Length > 1
    ? Path.GetFullPath(args[1])
    : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(dataPath)!)!, "heart-cleveland.csv");

var result = HeartExamplePreparation.Prepare(await File.ReadAllTextAsync(dataPath, Encoding.ASCII));
await File.WriteAllTextAsync(outputPath, result.Csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
Console.WriteLine($"read  {dataPath}");
Console.WriteLine($"wrote {outputPath}");
Console.Write(HeartExampleSummary.Describe(result));
return 0;

static string? FindUp(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, RelativeData);
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    return null;
}
