using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Messaging;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

/// <summary>
/// The cadence bot's work, idempotent through <see cref="CadenceNoticeSent"/>:
/// a reminder to the mentor(s) when a period nears its end with a rule unmet (<see cref="Cadence.ReminderLead"/>);
/// an escalation to the organisation's organizers, with the list, once a period the pairing covered ended unmet;
/// and, a few days after a failed attempt not followed by a contact, a suggestion to try again.
/// </summary>
public sealed record RunCadenceChecksCommand : ICommand<CadenceCheckResult>;

public sealed record CadenceCheckResult(int Reminders, int Escalations, int RetrySuggestions);

public sealed class RunCadenceChecksHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : ICommandHandler<RunCadenceChecksCommand, CadenceCheckResult>
{
    public const int RetryAfterDays = 3;

    public async ValueTask<CadenceCheckResult> Handle(RunCadenceChecksCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pairings = await db.Pairings.AsNoTracking().Include(p => p.Mentors).Include(p => p.Children).AsSplitQuery()
            .Where(p => p.EndedAtUtc == null).ToListAsync(ct);
        var sent = new CadenceCheckResult(0, 0, 0);
        foreach (var pairing in pairings)
        {
            var (reminders, escalations) = await CheckPairingAsync(pairing, now, ct);
            sent = sent with { Reminders = sent.Reminders + reminders, Escalations = sent.Escalations + escalations };
        }
        sent = sent with { RetrySuggestions = await SuggestRetriesAsync(now, ct) };
        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>
    /// What a reminder or escalation is about: this pairing (a child in two pairings has two mentors to remind), the
    /// rule by its content (an organizer saving unchanged defaults makes new rule ids, not new duties), the child and,
    /// per mentor, the mentor.
    /// </summary>
    private static string Key(Pairing pairing, CadenceRule rule, CadenceStatus s)
    {
        var spec = rule.Spec;
        var duty = $"{string.Join('+', spec.Kinds.Order())}/{spec.Times}/{spec.Per}/{spec.CountedBy}";
        var dutyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(duty)))[..16];
        return $"{pairing.Id:N}:{dutyHash}:{s.ChildId:N}:{s.MentorId?.ToString("N") ?? "any"}";
    }

    private async Task<bool> MarkAsync(string kind, string key, DateOnly period, DateTimeOffset now, CancellationToken ct)
    {
        if (db.CadenceNoticesSent.Local.Any(n => n.Kind == kind && n.TargetKey == key && n.PeriodStart == period)
            || await db.CadenceNoticesSent.AnyAsync(n => n.Kind == kind && n.TargetKey == key && n.PeriodStart == period, ct)) return false;
        db.CadenceNoticesSent.Add(CadenceNoticeSent.Record(kind, key, period, now));
        return true;
    }

    private async Task<(int Reminders, int Escalations)> CheckPairingAsync(Pairing pairing, DateTimeOffset now, CancellationToken ct)
    {
        var policy = options.Value.ConsentPolicyVersion;
        var current = await db.StatusesAsync(pairing, now, now, policy, ct);
        var childNames = await db.ChildNamesAsync(pairing.Children.Select(c => c.ChildId), policy, ct);
        var reminders = 0;
        foreach (var (rule, s) in current.Where(x => !x.Status.Met && now >= x.Status.Period.End - Cadence.ReminderLead(x.Rule.Per)))
        {
            if (!await MarkAsync("reminder", Key(pairing, rule, s), s.Period.First, now, ct)) continue;
            var to = s.MentorId is { } m ? [m] : pairing.Mentors.Select(x => x.UserId).ToList();
            var body = $"{childNames.GetValueOrDefault(s.ChildId, "孩子")}：{Cadence.Describe(rule.Spec)}，本期已完成{s.Done}次，还差{s.Remaining}次，" +
                       $"请在{s.Period.Last:M月d日}前完成。";
            foreach (var mentor in to) db.Send(mentor, new MessageDraft("pairing_cadence_reminder", "结对联系提醒", body, PairingMessages.Link(pairing.Id, s.ChildId)), now);
            reminders++;
        }

        // The period before the current one, for pairings that covered it from its start.
        var lapses = new List<string>();
        foreach (var (r, s) in await db.PreviousPeriodLapsesAsync(pairing, now, policy, ct))
        {
            if (!await MarkAsync("escalation", Key(pairing, r, s), s.Period.First, now, ct)) continue;
            var who = s.MentorId is { } m ? (await db.UserNamesAsync([m], ct)).GetValueOrDefault(m, "结对人") : "结对人";
            lapses.Add($"{childNames.GetValueOrDefault(s.ChildId, "孩子")}（{who}）：{Cadence.Describe(r.Spec)}，" +
                       $"{s.Period.First:M月d日}至{s.Period.Last:M月d日}只完成{s.Done}次");
        }
        if (lapses.Count == 0) return (reminders, 0);
        var organizers = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == pairing.OrganizationId && m.Role == Role.Organizer).Select(m => m.UserId).Distinct().ToListAsync(ct);
        if (organizers.Count == 0)
            organizers = await db.Memberships.AsNoTracking()
                .Where(m => m.OrganizationId == pairing.OrganizationId && m.Role == Role.Admin).Select(m => m.UserId).Distinct().ToListAsync(ct);
        var text = "以下结对联系未按要求完成：\n" + string.Join("\n", lapses);
        foreach (var organizer in organizers) db.Send(organizer, new MessageDraft("pairing_cadence_escalation", "结对联系未完成", text, PairingMessages.Link(pairing.Id)), now);
        return (reminders, lapses.Count);
    }

    private async Task<int> SuggestRetriesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var due = now.AddDays(-RetryAfterDays).UtcDateTime;
        var oldest = now.AddDays(-RetryAfterDays - 7).UtcDateTime;
        var attempts = await (from c in db.ContactLogs.AsNoTracking()
                              join p in db.Pairings on c.PairingId equals p.Id
                              where p.EndedAtUtc == null && c.Outcome == ContactOutcome.Tried && c.AtUtc <= due && c.AtUtc > oldest
                              where !db.ContactLogs.Any(r => r.PairingId == c.PairingId && r.ChildId == c.ChildId && r.MentorUserId == c.MentorUserId
                                                             && r.Kind == c.Kind && r.Outcome == ContactOutcome.Reached && r.AtUtc > c.AtUtc)
                              select c).ToListAsync(ct);
        var childNames = await db.ChildNamesAsync(attempts.Select(a => a.ChildId), options.Value.ConsentPolicyVersion, ct);
        var count = 0;
        foreach (var attempt in attempts.Where(a => childNames.ContainsKey(a.ChildId)))
        {
            if (!await MarkAsync("retry", attempt.Id.ToString(), ChinaTime.DateOf(attempt.Fact.At), now, ct)) continue;
            db.Send(attempt.MentorUserId, new MessageDraft("pairing_retry_suggestion", "再试一次吧",
                $"{Common.ChinaTime.ToChina(attempt.AtUtc):M月d日}与{childNames[attempt.ChildId]}的{Cadence.Describe(attempt.Kind)}没有联系上，" +
                "过去几天了，建议今天再试一次。", PairingMessages.Link(attempt.PairingId, attempt.ChildId)), now);
            count++;
        }
        return count;
    }
}
