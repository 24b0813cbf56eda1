using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Children;

/// <summary>A parent chooses when the weekly card arrives and their quiet hours (China time).</summary>
public sealed record SetReportPreferencesCommand(Guid CallerId, DayOfWeek WeeklyCardDay, int WeeklyCardHour, int QuietFromHour, int QuietToHour)
    : ICommand<ReportPreferencesView>;

public sealed record GetReportPreferencesQuery(Guid CallerId) : IQuery<ReportPreferencesView>;

public sealed record ReportPreferencesView(DayOfWeek WeeklyCardDay, int WeeklyCardHour, int QuietFromHour, int QuietToHour)
{
    public static ReportPreferencesView Of(ReportPreference p) => new(p.WeeklyCardDay, p.WeeklyCardHour, p.QuietFromHour, p.QuietToHour);
}

public sealed class SetReportPreferencesValidator : AbstractValidator<SetReportPreferencesCommand>
{
    public SetReportPreferencesValidator()
    {
        RuleFor(c => c.WeeklyCardDay).IsInEnum();
        RuleFor(c => c.WeeklyCardHour).InclusiveBetween(0, 23);
        RuleFor(c => c.QuietFromHour).InclusiveBetween(0, 23);
        RuleFor(c => c.QuietToHour).InclusiveBetween(0, 23);
    }
}

public sealed class SetReportPreferencesHandler(CareDb db) : ICommandHandler<SetReportPreferencesCommand, ReportPreferencesView>
{
    public async ValueTask<ReportPreferencesView> Handle(SetReportPreferencesCommand cmd, CancellationToken ct)
    {
        var preference = await db.ReportPreferences.FindAsync([cmd.CallerId], ct);
        if (preference is null) db.ReportPreferences.Add(preference = ReportPreference.Default(cmd.CallerId));
        preference.Change(cmd.WeeklyCardDay, cmd.WeeklyCardHour, cmd.QuietFromHour, cmd.QuietToHour);
        await db.SaveChangesAsync(ct);
        return ReportPreferencesView.Of(preference);
    }
}

public sealed class GetReportPreferencesHandler(CareDb db) : IQueryHandler<GetReportPreferencesQuery, ReportPreferencesView>
{
    public async ValueTask<ReportPreferencesView> Handle(GetReportPreferencesQuery query, CancellationToken ct) =>
        ReportPreferencesView.Of((await db.ReportPreferencesOf([query.CallerId], ct))[query.CallerId]);
}

public static class ReportPreferenceLookup
{
    /// <summary>Each user's preference, the default for those who never chose.</summary>
    public static async Task<IReadOnlyDictionary<Guid, ReportPreference>> ReportPreferencesOf(this CareDb db, IEnumerable<Guid> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var stored = await db.ReportPreferences.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        return ids.ToDictionary(id => id, id => stored.GetValueOrDefault(id) ?? ReportPreference.Default(id));
    }
}
