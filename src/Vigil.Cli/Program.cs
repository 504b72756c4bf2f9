using Vigil.Cli;

Vigil.Core.Diagnostics.PhaseTrace.Mark("start-up (runtime to Main)");
return VigilApp.Run(args, Console.Out, Console.Error);
