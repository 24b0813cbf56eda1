using Mediator;
using WechatCare.Domain.Organizations;

namespace WechatCare.Bot.Conversation;

/// <summary>
/// One thing a person can ask the Official Account. A command is a small class: its keywords, who may use it, and a
/// handler that calls the same Mediator use case as the API with the linked user as the caller, so the rules and the
/// refusals are the API's. A <c>DomainException</c> becomes its Chinese detail in the reply.
/// Register it with <c>services.AddScoped&lt;IChatCommand, MyCommand&gt;()</c> in <see cref="ChatbotRegistration"/>.
/// </summary>
public interface IChatCommand
{
    /// <summary>Stable English name for the audit trail and logs, e.g. <c>sign-up</c>.</summary>
    string Name { get; }
    /// <summary>Normalised keywords (see <see cref="TextNormalizer"/>); the text after the keyword is the command's argument.</summary>
    IReadOnlyList<string> Keywords { get; }
    /// <summary>One line for the help answer, e.g. "报名 N — 报名第 N 个活动"; empty = not listed.</summary>
    string Usage { get; }
    ChatAudience Audience { get; }
    ValueTask<string> HandleAsync(ChatContext context, string args, CancellationToken ct);
}

/// <summary>Who may use a command: anyone (also before linking), any linked person, or linked people with one of some roles.</summary>
public sealed record ChatAudience(bool BeforeLinking, IReadOnlyCollection<Role> Roles)
{
    public static readonly ChatAudience Everyone = new(true, []);
    public static readonly ChatAudience Linked = new(false, []);

    public static ChatAudience Only(params Role[] roles) => new(false, roles);

    public bool Allows(ChatContext context) =>
        BeforeLinking || context.IsLinked && (Roles.Count == 0 || context.IsPlatformAdmin || Roles.Any(context.Roles.Contains));
}

/// <summary>The person writing, as far as we know them, and what a command needs to act for them.</summary>
public sealed record ChatContext(
    string OpenId,
    string OpenIdHash,
    Guid? UserId,
    string? MiniProgramOpenId,
    bool IsPlatformAdmin,
    IReadOnlySet<Role> Roles,
    ISender Sender,
    ChatCommands Commands)
{
    public bool IsLinked => UserId is not null;

    /// <summary>When the linked user's last message was recorded (see <c>ChatEngine.LastMessagePrecision</c>).</summary>
    public DateTime? LastMessageAtUtc { get; init; }

    /// <summary>The linked user's id, passed to use cases as their CallerId.</summary>
    public Guid CallerId => UserId ?? throw new InvalidOperationException("The command's audience should have required a linked user.");
}
