using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Service.Configuration;

namespace Vigil.Service.Evaluation;

/// <summary>Runs <see cref="EvaluationRunner"/> every <see cref="ServiceSettings.EvaluationInterval"/> (off when zero); a failed run is logged and the next one tries again.</summary>
internal sealed class EvaluationWorker(EvaluationRunner runner, ServiceSettings settings, TimeProvider time, ILogger<EvaluationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.EvaluationInterval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(settings.EvaluationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await runner.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError("evaluation failed: {Error}", e.GetType().Name);
            }
        }
    }
}
