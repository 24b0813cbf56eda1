using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Pairing;

/// <summary>A mentor logs a contact ("reached") or a failed attempt ("tried") with a child of their active pairing.</summary>
public sealed record LogContactCommand(Guid CallerId, Guid PairingId, Guid ChildId, ContactKind Kind, DateTimeOffset At, int DurationMinutes,
    ContactOutcome Outcome, string? Notes) : ICommand<ContactView>;

public sealed record ContactView(Guid Id, Guid PairingId, Guid ChildId, Guid MentorId, string MentorName, ContactKind Kind, DateTimeOffset At,
    int DurationMinutes, ContactOutcome Outcome, bool Counts, string? Notes);

public sealed class LogContactValidator : AbstractValidator<LogContactCommand>
{
    public LogContactValidator()
    {
        RuleFor(c => c.ChildId).NotEmpty();
        RuleFor(c => c.At).NotEqual(default(DateTimeOffset));
        RuleFor(c => c.DurationMinutes).InclusiveBetween(0, 24 * 60);
        RuleFor(c => c.Notes).MaximumLength(2000);
    }
}

public sealed class LogContactHandler(CareDb db, FieldCipher cipher, TimeProvider clock, IOptions<ChildrenOptions> options) : ICommandHandler<LogContactCommand, ContactView>
{
    public async ValueTask<ContactView> Handle(LogContactCommand cmd, CancellationToken ct)
    {
        // Mentors of an ended pairing are strangers to it (404 from FindPairingAsync); organizers are not mentors (403).
        var access = await db.FindPairingAsync(cmd.CallerId, cmd.PairingId, ct);
        if (!access.IsMentor) throw new ForbiddenException("只有结对人可以登记联系记录");
        var pairing = access.Pairing;
        // Only a child the pairing shows (PairingStore.ShownInPairings). A child who left or whose guardian asked for
        // deletion looks like any child not in the pairing; one whose consent predates the current policy gets the
        // archive's own 422 guardian_consent_outdated, which GET /api/children/{id} already gives this mentor.
        var child = pairing.Children.Any(c => c.ChildId == cmd.ChildId)
            ? await db.Children.AsNoTracking().Where(c => c.Id == cmd.ChildId).InPairings().SingleOrDefaultAsync(ct)
            : null;
        if (child is null) throw new DomainException("child_not_in_pairing", "该儿童不在此结对中");
        new VisibleChild { Child = child }.EnsureConsentCurrent(options.Value);
        var now = clock.GetUtcNow();
        if (cmd.At > now.AddMinutes(5)) throw new DomainException("contact_in_future", "联系时间不能晚于现在");
        if (cmd.At.UtcDateTime < pairing.StartedAtUtc.AddDays(-1)) throw new DomainException("contact_before_pairing", "联系时间早于结对开始时间");
        var notes = string.IsNullOrWhiteSpace(cmd.Notes) ? null : cipher.Encrypt(cmd.Notes.Trim());
        var log = ContactLog.Log(pairing.Id, cmd.ChildId, cmd.CallerId, cmd.Kind, cmd.At, cmd.DurationMinutes, cmd.Outcome, notes, now);
        db.ContactLogs.Add(log);
        await db.SaveChangesAsync(ct);
        var names = await db.UserNamesAsync([cmd.CallerId], ct);
        return log.View(names, cipher);
    }
}

public static class ContactViews
{
    public static ContactView View(this ContactLog c, IReadOnlyDictionary<Guid, string> names, FieldCipher cipher) =>
        new(c.Id, c.PairingId, c.ChildId, c.MentorUserId, names.GetValueOrDefault(c.MentorUserId, "结对人"), c.Kind, ChinaTime.ToChina(c.AtUtc),
            c.DurationMinutes, c.Outcome, c.Outcome == ContactOutcome.Reached, cipher.DecryptOrNull(c.NotesCipher));
}
