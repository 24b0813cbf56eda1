using FluentValidation;
using Mediator;
using WechatCare.Domain.Common;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Activities;

/// <summary>One line of a paper attendance sheet: who (by phone) served in which activity, and for how long.</summary>
public sealed record ServiceHistoryRow(string ActivityTitle, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Phone, decimal? Hours);

public sealed record ImportServiceHistoryCommand(Guid CallerId, Guid OrganizationId, IReadOnlyList<ServiceHistoryRow> Rows) : ICommand<ServiceHistoryImported>;

/// <summary>Rows are numbered from 1 in the order sent. Unmatched rows name a phone no registered volunteer has (yet).</summary>
public sealed record ServiceHistoryImported(int Activities, int Attendances, int AlreadyKnown, IReadOnlyList<int> UnmatchedRows);

public sealed class ImportServiceHistoryValidator : AbstractValidator<ImportServiceHistoryCommand>
{
    public ImportServiceHistoryValidator()
    {
        RuleFor(c => c.Rows).NotEmpty().MaxItems(5000);
        RuleForEach(c => c.Rows).ChildRules(r =>
        {
            r.RuleFor(x => x.ActivityTitle).NotEmpty().MaximumLength(100);
            r.RuleFor(x => x.EndsAt).GreaterThan(x => x.StartsAt);
            r.RuleFor(x => x.Phone).NotEmpty().Matches(@"^1\d{10}$");
            r.RuleFor(x => x.Hours).InclusiveBetween(0m, 24m).When(x => x.Hours is not null);
        });
    }
}

/// <summary>
/// Imports past activities and attendance from paper records, marked as imported, so earlier service counts toward the
/// rules from the first day. Re-importing the same sheet adds nothing: activities match on title and start, and a
/// volunteer is recorded once per activity.
/// </summary>
public sealed class ImportServiceHistoryHandler(CareDb db, FieldCipher cipher, TimeProvider clock) : ICommandHandler<ImportServiceHistoryCommand, ServiceHistoryImported>
{
    public async ValueTask<ServiceHistoryImported> Handle(ImportServiceHistoryCommand cmd, CancellationToken ct)
    {
        await db.RequireRoleAsync(cmd.CallerId, cmd.OrganizationId, Access.Organizers, ct);
        var now = clock.GetUtcNow();
        if (cmd.Rows.Any(r => r.EndsAt > now))
            throw new Common.DomainException("history_in_future", "导入的历史活动必须已经结束");

        var hashes = cmd.Rows.Select(r => cipher.LookupHash(r.Phone)).Distinct().ToList();
        var volunteers = await db.VolunteerProfiles.AsNoTracking().Where(v => hashes.Contains(v.PhoneHash))
            .ToDictionaryAsync(v => v.PhoneHash, v => v.UserId, ct);
        var existing = await db.Activities.Include(a => a.Roles).Where(a => a.OrganizationId == cmd.OrganizationId && a.Imported).ToListAsync(ct);
        var activities = existing.ToDictionary(a => (a.Title, a.StartsAtUtc));
        var created = 0;
        var attendances = 0;
        var known = 0;
        var unmatched = new List<int>();
        var seen = new HashSet<(Guid, Guid)>();

        foreach (var (row, index) in cmd.Rows.Select((r, i) => (r, i + 1)))
        {
            if (!volunteers.TryGetValue(cipher.LookupHash(row.Phone), out var volunteerId))
            {
                unmatched.Add(index);
                continue;
            }
            var key = (row.ActivityTitle.Trim(), row.StartsAt.UtcDateTime);
            if (!activities.TryGetValue(key, out var activity))
            {
                activity = Activity.FromHistory(cmd.OrganizationId, cmd.CallerId, row.ActivityTitle, row.StartsAt, row.EndsAt, now);
                db.Activities.Add(activity);
                activities[key] = activity;
                created++;
            }
            if (!seen.Add((activity.Id, volunteerId)) ||
                await db.SignUps.AnyAsync(s => s.ActivityId == activity.Id && s.VolunteerId == volunteerId, ct))
            {
                known++;
                continue;
            }
            var halfHours = row.Hours is { } h ? (int)Math.Round(h * 2, MidpointRounding.AwayFromZero)
                : ServiceHours.HalfHoursFor(row.EndsAt - row.StartsAt, row.EndsAt - row.StartsAt);
            db.SignUps.Add(SignUp.FromHistory(activity, volunteerId, halfHours, now));
            attendances++;
        }
        await db.SaveChangesAsync(ct);
        return new ServiceHistoryImported(created, attendances, known, unmatched);
    }
}
