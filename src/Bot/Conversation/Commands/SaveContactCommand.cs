using WechatCare.Domain.Pairing;

namespace WechatCare.Bot.Conversation.Commands;

/// <summary>是: saves the contact draft of <see cref="LogContactCommand"/> through the API's use case (POST /api/pairings/{id}/contacts).</summary>
public sealed class SaveContactCommand(ContactDrafts drafts) : IChatCommand
{
    public string Name => "save-contact";
    public IReadOnlyList<string> Keywords { get; } = ["是"];
    public string Usage => "";   // the answer to "回复“是”保存", not listed in 帮助
    public ChatAudience Audience => ChatAudience.Linked;

    public async ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct)
    {
        if (args.Length > 0) return Replies.Unknown(context.IsLinked);   // "是不是…" is not an answer
        var draft = await drafts.TakeAsync(context, ct);
        if (draft is null) return "没有待保存的记录（草稿 15 分钟后失效）。请重新发送“记录 …”。";
        await context.Sender.Send(new Domain.Pairing.LogContactCommand(context.CallerId, draft.PairingId, draft.ChildId, draft.Kind, draft.At,
            draft.DurationMinutes, draft.Outcome, draft.Notes), ct);
        return $"已保存：{draft.ChildName}，{Cadence.Describe(draft.Kind)}。回复“我的结对”查看本期完成情况。";
    }
}
