using WechatCare.Domain.Common;

namespace WechatCare.Domain.Pairing;

/// <summary>What a mentor did with (or for) a child. <see cref="Talk"/> is a teacher's monthly 谈心 with a child of their class.</summary>
public enum ContactKind { ChildContact, ParentContact, HomeVisit, Letter, ActivityTogether, Talk }

/// <summary>"Reached" is a contact; "tried" is a logged failed attempt and never counts.</summary>
public enum ContactOutcome { Reached, Tried }

public enum CadencePer { Week, Month, TwoMonths }

/// <summary>Whether any mentor's contact counts for the whole pairing, or each mentor owes the count on their own.</summary>
public enum CadenceCounting { AnyMentor, PerMentor }

/// <summary>A duty such as "contact the child twice a week": which kinds count, how many, per which calendar period.</summary>
public sealed record CadenceRuleSpec(IReadOnlyList<ContactKind> Kinds, int Times, CadencePer Per, CadenceCounting CountedBy);

/// <summary>One logged contact as the engine sees it.</summary>
public sealed record ContactFact(Guid ChildId, Guid MentorId, ContactKind Kind, DateTimeOffset At, ContactOutcome Outcome);

/// <summary>A calendar period in Asia/Shanghai: <see cref="First"/>..<see cref="Last"/> inclusive, [StartUtc, EndUtc) as instants.</summary>
public sealed record CadencePeriod(CadencePer Per, DateOnly First, DateOnly Last)
{
    public DateTimeOffset Start => Cadence.StartOfChinaDay(First);
    public DateTimeOffset End => Cadence.StartOfChinaDay(Last.AddDays(1));
    public int Days => Last.DayNumber - First.DayNumber + 1;
    public CadencePeriod Previous => Cadence.PeriodOf(Per, First.AddDays(-1));
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}

/// <summary>
/// One rule for one child (and, when counted per mentor, one mentor) in one period.
/// <see cref="NextNeededBy"/> is the last China date on which the next contact keeps the rule on pace: the remaining
/// contacts spread evenly to the end of the period, never before the pairing began (a pairing made on a Saturday is
/// not behind on its first day). <see cref="Overdue"/>: that date has passed with contacts remaining (after the period
/// ends, any unmet rule is overdue).
/// </summary>
public sealed record CadenceStatus(
    CadenceRuleSpec Rule, Guid ChildId, Guid? MentorId, CadencePeriod Period, int Due, int Done, int Remaining, bool Overdue, DateOnly? NextNeededBy)
{
    public bool Met => Remaining == 0;
    public bool Ended(DateTimeOffset now) => now >= Period.End;
}

/// <summary>
/// The cadence engine: pure functions of rules, contacts and a clock. The one definition of "a contact" lives here
/// (<see cref="Counts"/>): reached, of a kind the rule names, for the child, by the right mentor, inside the period.
/// </summary>
public static class Cadence
{
    public static DateTimeOffset StartOfChinaDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local));
    }

    public static CadencePeriod PeriodOf(CadencePer per, DateTimeOffset instant) => PeriodOf(per, ChinaTime.DateOf(instant));

    public static CadencePeriod PeriodOf(CadencePer per, DateOnly day)
    {
        switch (per)
        {
            case CadencePer.Week:
                var monday = ChinaTime.WeekStart(day);
                return new CadencePeriod(per, monday, monday.AddDays(6));
            case CadencePer.Month:
                var first = new DateOnly(day.Year, day.Month, 1);
                return new CadencePeriod(per, first, first.AddMonths(1).AddDays(-1));
            default:
                var start = new DateOnly(day.Year, day.Month - (day.Month - 1) % 2, 1);
                return new CadencePeriod(per, start, start.AddMonths(2).AddDays(-1));
        }
    }

    public static bool Counts(CadenceRuleSpec rule, ContactFact contact, Guid childId, Guid? mentorId, CadencePeriod period) =>
        contact.Outcome == ContactOutcome.Reached
        && contact.ChildId == childId
        && (mentorId is null || contact.MentorId == mentorId)
        && rule.Kinds.Contains(contact.Kind)
        && period.Contains(contact.At);

    public static CadenceStatus Evaluate(CadenceRuleSpec rule, Guid childId, Guid? mentorId, CadencePeriod period,
        IEnumerable<ContactFact> contacts, DateTimeOffset now, DateOnly? startedOn = null)
    {
        var done = contacts.Count(c => Counts(rule, c, childId, mentorId, period));
        var remaining = Math.Max(0, rule.Times - done);
        DateOnly? nextBy = null;
        if (remaining > 0)
        {
            var spacing = Math.Max(1, period.Days / Math.Max(1, rule.Times));
            var by = period.Last.AddDays(-(remaining - 1) * spacing);
            var earliest = startedOn > period.First ? startedOn.Value : period.First;
            nextBy = by < earliest ? earliest : by;
        }
        var overdue = nextBy is { } d && ChinaTime.DateOf(now) > d;
        return new CadenceStatus(rule, childId, mentorId, period, rule.Times, done, remaining, overdue, nextBy);
    }

    /// <summary>
    /// Every target of the rules for a pairing's children and mentors in the period containing <paramref name="at"/>:
    /// one per child when any mentor counts, one per child and mentor when each mentor counts.
    /// </summary>
    public static IEnumerable<CadenceStatus> EvaluateAll(IEnumerable<CadenceRuleSpec> rules, IReadOnlyCollection<Guid> childIds,
        IReadOnlyCollection<Guid> mentorIds, IReadOnlyCollection<ContactFact> contacts, DateTimeOffset at, DateTimeOffset now, DateOnly? startedOn = null)
    {
        foreach (var rule in rules)
        {
            var period = PeriodOf(rule.Per, at);
            foreach (var child in childIds)
            {
                if (rule.CountedBy == CadenceCounting.AnyMentor) yield return Evaluate(rule, child, null, period, contacts, now, startedOn);
                else foreach (var mentor in mentorIds) yield return Evaluate(rule, child, mentor, period, contacts, now, startedOn);
            }
        }
    }

    /// <summary>How long before a period ends the mentor is reminded of an unmet rule.</summary>
    public static TimeSpan ReminderLead(CadencePer per) => per switch
    {
        CadencePer.Week => TimeSpan.FromDays(2),
        CadencePer.Month => TimeSpan.FromDays(5),
        _ => TimeSpan.FromDays(10),
    };

    public static string Describe(ContactKind kind) => kind switch
    {
        ContactKind.ChildContact => "与孩子交流",
        ContactKind.ParentContact => "与家长通话",
        ContactKind.HomeVisit => "家访",
        ContactKind.Letter => "书信",
        ContactKind.ActivityTogether => "共同活动",
        _ => "谈心",
    };

    public static string Describe(CadencePer per) => per switch
    {
        CadencePer.Week => "每周",
        CadencePer.Month => "每月",
        _ => "每两个月",
    };

    public static string Describe(CadenceRuleSpec rule) =>
        $"{Describe(rule.Per)}{string.Join("或", rule.Kinds.Select(Describe))}{rule.Times}次" + (rule.CountedBy == CadenceCounting.PerMentor ? "（每位结对人各自计）" : "");
}
