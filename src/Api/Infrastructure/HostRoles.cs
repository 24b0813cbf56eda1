namespace WechatCare.Api.Infrastructure;

/// <summary>
/// Which roles this process runs (<c>Host:Roles</c>, default <c>api,bot</c>): one image serves as N <c>api</c>
/// replicas and M <c>bot</c> replicas. <c>Bot:InProcess=false</c> keeps a combined process from running the bot's
/// workers (it still serves the bot's endpoints).
/// </summary>
public sealed record HostRoles(bool Api, bool Bot, bool BotWorkers)
{
    public static HostRoles From(IConfiguration config)
    {
        var roles = (config["Host:Roles"] ?? "api,bot")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).ToHashSet();
        var unknown = roles.Except(["api", "bot"]).ToList();
        if (unknown.Count > 0 || roles.Count == 0)
            throw new InvalidOperationException($"Host:Roles must list api and/or bot; got '{config["Host:Roles"]}'.");
        var api = roles.Contains("api");
        var bot = roles.Contains("bot");
        var workers = bot && (!api || config.GetValue("Bot:InProcess", true));
        return new HostRoles(api, bot, workers);
    }
}
