using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>A teacher's one-line note for a child's week (the week starting on the Monday of <c>WeekOf</c>), shown on the weekly card.</summary>
public sealed record WriteWeeklyNoteCommand(Guid CallerId, Guid ChildId, DateOnly WeekOf, string Note) : ICommand<WeeklyNoteView>;

public sealed record WeeklyNoteView(Guid ChildId, DateOnly WeekOf, string Note);

public sealed class WriteWeeklyNoteValidator : AbstractValidator<WriteWeeklyNoteCommand>
{
    public WriteWeeklyNoteValidator() => RuleFor(c => c.Note).NotEmpty().MaximumLength(100);
}

public sealed class WriteWeeklyNoteHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : ICommandHandler<WriteWeeklyNoteCommand, WeeklyNoteView>
{
    public async ValueTask<WeeklyNoteView> Handle(WriteWeeklyNoteCommand cmd, CancellationToken ct)
    {
        (await db.FindAsStaffAsync(cmd.CallerId, cmd.ChildId, ct)).EnsureConsentCurrent(options.Value);
        var now = clock.GetUtcNow();
        // Any day of the week names the same note, the one the week's card shows.
        var weekOf = WeeklyNote.WeekStart(cmd.WeekOf);
        var note = await db.WeeklyNotes.SingleOrDefaultAsync(n => n.ChildId == cmd.ChildId && n.WeekOf == weekOf, ct);
        if (note is null) db.WeeklyNotes.Add(note = WeeklyNote.Write(cmd.ChildId, weekOf, cmd.Note, cmd.CallerId, now));
        else note.Rewrite(cmd.Note, cmd.CallerId, now);
        await db.SaveChangesAsync(ct);
        return new WeeklyNoteView(note.ChildId, note.WeekOf, note.Note);
    }
}
