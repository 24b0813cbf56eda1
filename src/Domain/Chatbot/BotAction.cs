using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatCare.Domain.Chatbot;

/// <summary>
/// Append-only audit of what was done through the Official Account chatbot: who (a keyed hash of the openid, and our
/// user id once linked), which command, when, and how it ended. Never the message text.
/// </summary>
public sealed class BotAction
{
    private BotAction() { }

    public Guid Id { get; private set; }
    /// <summary><c>FieldCipher.LookupHash</c> of the OA openid: lets an auditor follow one person without storing who it is.</summary>
    public string OpenIdHash { get; private set; } = "";
    public Guid? UserId { get; private set; }
    /// <summary>The command's stable English name (<c>help</c>, <c>bind-official-account</c>, <c>subscribe</c>…).</summary>
    public string Command { get; private set; } = "";
    /// <summary><c>ok</c>, <c>refused</c>, <c>failed</c> or <c>not-allowed</c>.</summary>
    public string Outcome { get; private set; } = "";
    public DateTime AtUtc { get; private set; }

    public static BotAction Record(string openIdHash, Guid? userId, string command, string outcome, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OpenIdHash = openIdHash,
        UserId = userId,
        Command = command,
        Outcome = outcome,
        AtUtc = now.UtcDateTime,
    };
}

internal sealed class BotActionMap : IEntityTypeConfiguration<BotAction>
{
    public void Configure(EntityTypeBuilder<BotAction> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.OpenIdHash).HasMaxLength(64).IsRequired();
        b.Property(a => a.Command).HasMaxLength(64).IsRequired();
        b.Property(a => a.Outcome).HasMaxLength(16).IsRequired();
        b.HasIndex(a => a.UserId);
        b.HasIndex(a => a.AtUtc);
    }
}
