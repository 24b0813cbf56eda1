using System.Globalization;
using FluentValidation;
using WechatCare.Domain.Common;
using WechatCare.Domain.Pairing;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>
/// 记录 今天给小红打了电话20分钟: a mentor's contact log in one sentence. The bot reads child, kind, day, duration and
/// outcome, says what it understood and keeps the draft until "是" (<see cref="SaveContactCommand"/>). The sentence is
/// kept as the log's note, which organizers read, so it passes content security first.
/// </summary>
public sealed class LogContactCommand(ContactDrafts drafts, ContentSecurity security, TimeProvider clock) : IChatCommand
{
    public string Name => "log-contact";
    public IReadOnlyList<string> Keywords { get; } = ["记录"];
    public string Usage => "记录 … — 记录一次结对帮扶联系，如“记录 今天给小红打了电话20分钟”";
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        if (args.Length == 0) throw new ValidationException("记录 …");
        // The children's names are read to find the one the sentence names (and listed when none is): an audited read.
        var pairings = (await context.Sender.Send(new ListMyPairingsQuery(context.CallerId, new PageRequest(1, 50), PairingReads.ChatLogContact), ct)).Items;
        var children = pairings.Where(p => p.Kind == PairingKind.Mentoring)
            .SelectMany(p => p.Children.Select(c => (PairingId: p.Id, Child: c))).ToList();
        if (children.Count == 0) return "你目前没有进行中的结对帮扶，无法记录。";

        var named = children.Where(c => Mentions(args, c.Child.Name)).ToList();
        var found = named.Count > 0 ? named.OrderByDescending(c => c.Child.Name.Length).First()
            : children.Select(c => c.Child.Id).Distinct().Count() == 1 ? children[0]
            : throw new DomainException("child_not_named", "没看出是哪个孩子，请写上孩子的名字：" + string.Join("、", children.Select(c => c.Child.Name).Distinct()));
        await security.EnsurePublishableAsync(context, args, ct);

        var daysAgo = ContactSentence.DaysAgo(args);
        var draft = new ContactDraft(found.PairingId, found.Child.Id, found.Child.Name, ContactSentence.KindOf(args),
            clock.GetUtcNow().AddDays(-daysAgo), ContactSentence.MinutesOf(args), ContactSentence.OutcomeOf(args), args);
        await drafts.KeepAsync(context, draft, ct);

        var day = daysAgo switch { 0 => "今天", 1 => "昨天", _ => "前天" };
        var minutes = draft.DurationMinutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{draft.DurationMinutes} 分钟") : "未说明";
        var outcome = draft.Outcome == ContactOutcome.Reached ? "联系上了" : "没有联系上";
        return $"我理解的是：\n孩子：{draft.ChildName}\n方式：{Cadence.Describe(draft.Kind)}\n时间：{day}\n时长：{minutes}\n结果：{outcome}\n" +
               "回复“是”保存，回复“否”放弃（15 分钟内有效）。";
    }

    /// <summary>"王小红" is mentioned by "王小红" or by "小红" (the last two characters).</summary>
    private static bool Mentions(string text, string name) =>
        text.Contains(name, StringComparison.Ordinal) || name.Length >= 3 && text.Contains(name[^2..], StringComparison.Ordinal);
}
