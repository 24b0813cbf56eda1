using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Chatbot;

/// <summary>
/// Where the bot reports a person's subscribe-message decisions (the OA's <c>subscribe_msg_popup_event</c> and
/// <c>subscribe_msg_change_event</c>, the mini-program callback's grant reports). The Delivery feature owns the real
/// ledger and registers its own implementation of this interface, which replaces <see cref="RecordedSubscribeDecisions"/>.
/// </summary>
public interface ISubscribeGrantLedger
{
    Task RecordDecisionsAsync(Guid userId, IReadOnlyList<string> accepted, IReadOnlyList<string> rejected, CancellationToken ct);
}

/// <summary>
/// Stand-in ledger until the Delivery feature's implementation is registered in its place: it only keeps the decisions
/// as append-only rows so none is lost in the meantime.
/// </summary>
public sealed class RecordedSubscribeDecisions(CareDb db, TimeProvider clock) : ISubscribeGrantLedger
{
    public async Task RecordDecisionsAsync(Guid userId, IReadOnlyList<string> accepted, IReadOnlyList<string> rejected, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.SubscribeDecisions.AddRange(accepted.Select(t => SubscribeDecision.Record(userId, t, accepted: true, now)));
        db.SubscribeDecisions.AddRange(rejected.Select(t => SubscribeDecision.Record(userId, t, accepted: false, now)));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>One person's answer for one template, as WeChat reported it.</summary>
public sealed class SubscribeDecision
{
    private SubscribeDecision() { }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string TemplateId { get; private set; } = "";
    public bool Accepted { get; private set; }
    public DateTime AtUtc { get; private set; }

    public static SubscribeDecision Record(Guid userId, string templateId, bool accepted, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        TemplateId = templateId,
        Accepted = accepted,
        AtUtc = now.UtcDateTime,
    };
}

internal sealed class SubscribeDecisionMap : IEntityTypeConfiguration<SubscribeDecision>
{
    public void Configure(EntityTypeBuilder<SubscribeDecision> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.TemplateId).HasMaxLength(128).IsRequired();
        b.HasIndex(d => d.UserId);
    }
}
