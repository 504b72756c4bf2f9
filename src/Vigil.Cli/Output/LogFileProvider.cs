using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Output;

/// <summary>
/// Writes the in-process service's log to a file instead of the console, so that a command which runs the service
/// inside itself (`vigil demo sepsis-monitoring`) prints only its own progress and result. One line per entry:
/// "2026-01-05T06:00:00.000Z warn  Category: message", then the exception's text when there is one. Entries are written
/// under a lock and flushed at once (the file is read while the demo keeps serving).
/// </summary>
public sealed class LogFileProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    /// <summary>Creates (or truncates) <paramref name="path"/>.</summary>
    public LogFileProvider(string path)
    {
        Path = path;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { AutoFlush = true };
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var name = level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {name}  {category}: {message}");
        lock (_gate)
        {
            try
            {
                _writer.WriteLine(line);
                if (exception is not null) _writer.WriteLine(exception.ToString());
            }
            catch (ObjectDisposedException)
            {
                // the host logs while it stops, after the demo closed the file: nothing to keep
            }
        }
    }

    private sealed class FileLogger(LogFileProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel)) return;
            provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
