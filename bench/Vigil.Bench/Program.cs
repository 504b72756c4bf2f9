using BenchmarkDotNet.Running;

// Run from a Release build:  dotnet run -c Release --project bench/Vigil.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point type for BenchmarkSwitcher.</summary>
public partial class Program;
