using System.Text;
using Microsoft.Extensions.Logging;

namespace WechatCare.Tests.Infrastructure;

/// <summary>Everything the host logged, rendered as text, so tests can prove no personal data reaches the logs.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly StringBuilder _text = new();

    public string Text { get { lock (_text) return _text.ToString(); } }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._text) owner._text.Append(logLevel).Append(' ').Append(category).Append(": ").AppendLine(formatter(state, exception)).Append(exception);
        }
    }
}
