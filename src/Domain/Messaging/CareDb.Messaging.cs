namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    private bool _outboxWritten;

    /// <summary>This unit of work wrote outbox rows: its commit wakes the dispatchers (<see cref="Messaging.OutboxWakeUp"/>).</summary>
    internal void NoteOutboxWritten() => _outboxWritten = true;

    internal bool TakeOutboxWritten()
    {
        var written = _outboxWritten;
        _outboxWritten = false;
        return written;
    }
}
