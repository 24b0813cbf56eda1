using WechatCare.Domain.Pairing;

namespace WechatCare.Tests.Pairing;

/// <summary>The pure cadence engine: calendar periods in Asia/Shanghai, what counts as a contact, pace and overdue.</summary>
public sealed class CadenceEngineTests
{
    private static readonly Guid Child = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid OtherChild = Guid.Parse("00000000-0000-0000-0000-0000000000c2");
    private static readonly Guid MentorA = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid MentorB = Guid.Parse("00000000-0000-0000-0000-0000000000b1");

    private static DateTimeOffset China(string local) => DateTimeOffset.Parse(local + "+08:00");

    // (per, a China date, first day, last day of its period)
    public static TheoryData<CadencePer, string, string, string> Periods => new()
    {
        { CadencePer.Week, "2026-09-07", "2026-09-07", "2026-09-13" },          // Monday starts a week
        { CadencePer.Week, "2026-09-13", "2026-09-07", "2026-09-13" },          // Sunday ends it
        { CadencePer.Week, "2026-12-31", "2026-12-28", "2027-01-03" },          // a week across the new year
        { CadencePer.Month, "2026-09-30", "2026-09-01", "2026-09-30" },
        { CadencePer.Month, "2028-02-15", "2028-02-01", "2028-02-29" },         // leap February
        { CadencePer.TwoMonths, "2026-01-31", "2026-01-01", "2026-02-28" },     // Jan–Feb
        { CadencePer.TwoMonths, "2026-03-01", "2026-03-01", "2026-04-30" },     // Mar–Apr
        { CadencePer.TwoMonths, "2026-10-15", "2026-09-01", "2026-10-31" },     // Sep–Oct
        { CadencePer.TwoMonths, "2026-12-31", "2026-11-01", "2026-12-31" },     // Nov–Dec
        { CadencePer.TwoMonths, "2028-02-29", "2028-01-01", "2028-02-29" },
    };

    [Theory, MemberData(nameof(Periods))]
    public void Periods_follow_the_calendar_in_Shanghai(CadencePer per, string day, string first, string last)
    {
        var period = Cadence.PeriodOf(per, DateOnly.Parse(day));
        Assert.Equal(DateOnly.Parse(first), period.First);
        Assert.Equal(DateOnly.Parse(last), period.Last);
        Assert.Equal(China(first + "T00:00:00"), period.Start);
    }

    // (per, contact time in China, whether it counts in the period of the reference day)
    public static TheoryData<CadencePer, string, string, bool> Boundaries => new()
    {
        { CadencePer.Week, "2026-09-13T23:30:00", "2026-09-09", true },          // Sunday 23:30 in Shanghai is still that week
        { CadencePer.Week, "2026-09-14T00:10:00", "2026-09-09", false },         // Monday 00:10 is the next week
        { CadencePer.Week, "2026-09-06T23:59:00", "2026-09-09", false },         // the Sunday before
        { CadencePer.Month, "2026-09-30T23:59:00", "2026-09-15", true },
        { CadencePer.Month, "2026-10-01T00:00:00", "2026-09-15", false },
        { CadencePer.Month, "2026-09-01T00:00:00", "2026-09-15", true },
        { CadencePer.TwoMonths, "2026-09-01T07:00:00", "2026-10-31", true },
        { CadencePer.TwoMonths, "2026-08-31T23:00:00", "2026-09-02", false },
        { CadencePer.TwoMonths, "2026-11-01T00:30:00", "2026-10-31", false },
    };

    [Theory, MemberData(nameof(Boundaries))]
    public void A_contact_counts_in_the_period_its_Shanghai_date_falls_in(CadencePer per, string contactAt, string day, bool counts)
    {
        var rule = new CadenceRuleSpec([ContactKind.ChildContact], 1, per, CadenceCounting.AnyMentor);
        var period = Cadence.PeriodOf(per, DateOnly.Parse(day));
        // The same instant written in UTC: Sunday 23:30 in Shanghai is Sunday 15:30 UTC.
        var at = China(contactAt).ToUniversalTime();
        var status = Cadence.Evaluate(rule, Child, null, period, [new ContactFact(Child, MentorA, ContactKind.ChildContact, at, ContactOutcome.Reached)], at);
        Assert.Equal(counts ? 1 : 0, status.Done);
        Assert.Equal(counts, status.Met);
    }

    [Fact]
    public void With_any_mentor_counting_two_mentors_one_contact_each_meet_a_twice_weekly_rule()
    {
        var rule = new CadenceRuleSpec([ContactKind.ChildContact], 2, CadencePer.Week, CadenceCounting.AnyMentor);
        ContactFact[] contacts =
        [
            new(Child, MentorA, ContactKind.ChildContact, China("2026-09-08T18:00:00"), ContactOutcome.Reached),
            new(Child, MentorB, ContactKind.ChildContact, China("2026-09-10T18:00:00"), ContactOutcome.Reached),
        ];
        var statuses = Cadence.EvaluateAll([rule], [Child], [MentorA, MentorB], contacts, China("2026-09-11T09:00:00"), China("2026-09-11T09:00:00")).ToList();
        var only = Assert.Single(statuses);
        Assert.Null(only.MentorId);
        Assert.Equal((2, 2, 0, false), (only.Due, only.Done, only.Remaining, only.Overdue));
    }

    [Fact]
    public void With_per_mentor_counting_each_mentor_owes_the_count_on_their_own()
    {
        var rule = new CadenceRuleSpec([ContactKind.ChildContact], 2, CadencePer.Week, CadenceCounting.PerMentor);
        ContactFact[] contacts =
        [
            new(Child, MentorA, ContactKind.ChildContact, China("2026-09-08T18:00:00"), ContactOutcome.Reached),
            new(Child, MentorA, ContactKind.ChildContact, China("2026-09-09T18:00:00"), ContactOutcome.Reached),
            new(Child, MentorB, ContactKind.ChildContact, China("2026-09-10T18:00:00"), ContactOutcome.Reached),
        ];
        var statuses = Cadence.EvaluateAll([rule], [Child], [MentorA, MentorB], contacts, China("2026-09-11T09:00:00"), China("2026-09-11T09:00:00"))
            .ToDictionary(s => s.MentorId!.Value);
        Assert.Equal((2, 0), (statuses[MentorA].Done, statuses[MentorA].Remaining));
        Assert.Equal((1, 1), (statuses[MentorB].Done, statuses[MentorB].Remaining));
    }

    [Fact]
    public void Failed_attempts_other_kinds_and_other_children_do_not_count()
    {
        var rule = new CadenceRuleSpec([ContactKind.ParentContact], 2, CadencePer.Month, CadenceCounting.AnyMentor);
        ContactFact[] contacts =
        [
            new(Child, MentorA, ContactKind.ParentContact, China("2026-09-03T20:00:00"), ContactOutcome.Tried),
            new(Child, MentorA, ContactKind.ChildContact, China("2026-09-04T20:00:00"), ContactOutcome.Reached),
            new(OtherChild, MentorA, ContactKind.ParentContact, China("2026-09-05T20:00:00"), ContactOutcome.Reached),
            new(Child, MentorA, ContactKind.ParentContact, China("2026-09-06T20:00:00"), ContactOutcome.Reached),
        ];
        var status = Cadence.Evaluate(rule, Child, null, Cadence.PeriodOf(CadencePer.Month, new DateOnly(2026, 9, 10)), contacts, China("2026-09-10T12:00:00"));
        Assert.Equal((1, 1), (status.Done, status.Remaining));
    }

    [Fact]
    public void A_rule_naming_several_kinds_counts_each_of_them()
    {
        var rule = new CadenceRuleSpec([ContactKind.ChildContact, ContactKind.Letter], 2, CadencePer.Month, CadenceCounting.AnyMentor);
        ContactFact[] contacts =
        [
            new(Child, MentorA, ContactKind.Letter, China("2026-09-03T20:00:00"), ContactOutcome.Reached),
            new(Child, MentorA, ContactKind.ChildContact, China("2026-09-04T20:00:00"), ContactOutcome.Reached),
        ];
        Assert.True(Cadence.Evaluate(rule, Child, null, Cadence.PeriodOf(CadencePer.Month, new DateOnly(2026, 9, 10)), contacts, China("2026-09-10T12:00:00")).Met);
    }

    // Twice a week, nothing done yet: spread evenly, the first is needed by Thursday and the second by Sunday.
    // (now in China, contacts done, next needed by, overdue)
    public static TheoryData<string, int, string?, bool> Pace => new()
    {
        { "2026-09-07T09:00:00", 0, "2026-09-10", false },   // Monday: needed by Thursday
        { "2026-09-10T23:00:00", 0, "2026-09-10", false },   // Thursday night: still on time
        { "2026-09-11T08:00:00", 0, "2026-09-10", true },    // Friday: behind
        { "2026-09-11T08:00:00", 1, "2026-09-13", false },   // one done: the other by Sunday
        { "2026-09-14T08:00:00", 1, "2026-09-13", true },    // the week ended unmet
        { "2026-09-14T08:00:00", 2, null, false },
    };

    [Theory, MemberData(nameof(Pace))]
    public void The_next_contact_is_needed_by_a_date_that_keeps_the_rule_on_pace(string now, int done, string? nextBy, bool overdue)
    {
        var rule = new CadenceRuleSpec([ContactKind.ChildContact], 2, CadencePer.Week, CadenceCounting.AnyMentor);
        var contacts = Enumerable.Range(0, done)
            .Select(i => new ContactFact(Child, MentorA, ContactKind.ChildContact, China("2026-09-07T12:00:00").AddHours(i), ContactOutcome.Reached)).ToList();
        var status = Cadence.Evaluate(rule, Child, null, Cadence.PeriodOf(CadencePer.Week, new DateOnly(2026, 9, 9)), contacts, China(now));
        Assert.Equal(nextBy is null ? null : DateOnly.Parse(nextBy), status.NextNeededBy);
        Assert.Equal(overdue, status.Overdue);
    }

    [Fact]
    public void A_pairing_made_late_in_the_week_is_not_behind_pace_on_its_first_day()
    {
        var rule = new CadenceRuleSpec([ContactKind.ChildContact], 2, CadencePer.Week, CadenceCounting.AnyMentor);
        var week = Cadence.PeriodOf(CadencePer.Week, new DateOnly(2026, 9, 12));
        var startedOn = new DateOnly(2026, 9, 12);   // Saturday

        var saturday = Cadence.Evaluate(rule, Child, null, week, [], China("2026-09-12T10:00:00"), startedOn);
        var sunday = Cadence.Evaluate(rule, Child, null, week, [], China("2026-09-13T10:00:00"), startedOn);

        Assert.Equal(startedOn, saturday.NextNeededBy);
        Assert.False(saturday.Overdue);
        Assert.True(sunday.Overdue);   // both contacts still missing on the week's last day
    }
}
