using Vigil.Examples.Diabetes;

// Usage: dotnet run --project examples/diabetes-readmission/prepare [-- <diabetic_data.csv.gz> [<output.csv.gz>]]
// Defaults: examples/diabetes-readmission/data/diabetic_data.csv.gz -> examples/diabetes-readmission/diabetes-prepared.csv.gz,
// found by walking up from the current directory, then from the program's own folder.
string? rawPath = args.Length > 0 ? Path.GetFullPath(args[0]) : FindUp(Directory.GetCurrentDirectory()) ?? FindUp(AppContext.BaseDirectory);
if (rawPath is null || !File.Exists(rawPath))
{
    await Console.Error.WriteLineAsync($"cannot find {DiabetesPreparation.RelativeRaw}; pass the path of diabetic_data.csv.gz as the first argument");
    return 2;
}

var outputPath = args.Length > 1
    ? Path.GetFullPath(args[1])
    : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(rawPath)!)!, DiabetesPreparation.OutputName);

var prepared = DiabetesPreparation.Run(rawPath);
var temporary = outputPath + ".tmp";
await File.WriteAllBytesAsync(temporary, prepared.GzipCsv);
File.Move(temporary, outputPath, overwrite: true);
Console.WriteLine($"read  {rawPath}");
Console.WriteLine($"wrote {outputPath}");
Console.Write(DiabetesPreparation.Describe(prepared.Counts));
return 0;

static string? FindUp(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, DiabetesPreparation.RelativeRaw);
        if (File.Exists(candidate))
            return candidate;
    }

    return null;
}
