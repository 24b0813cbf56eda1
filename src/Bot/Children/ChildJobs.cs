using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Children;

namespace WechatCare.Bot.Children;

/// <summary>Daily care-home summaries and weekly cards to parents (the work is <see cref="SendChildReportsCommand"/>).</summary>
public sealed class ChildReportsJob : IBotJob
{
    public string Name => "child-reports";
    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct) =>
        await scope.GetRequiredService<ISender>().Send(new SendChildReportsCommand(), ct);
}

/// <summary>Erasure after withdrawal, deletion request or leaving, and re-encryption after a key rotation (<see cref="RunChildRetentionCommand"/>).</summary>
public sealed class ChildRetentionJob : IBotJob
{
    public string Name => "child-retention";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct)
    {
        var sender = scope.GetRequiredService<ISender>();
        // Batches until a pass finds nothing left, so a rotation or a large leaving class finishes in one tick.
        for (var pass = 0; pass < 100; pass++)
        {
            var result = await sender.Send(new RunChildRetentionCommand(), ct);
            // Ids only, never values (at most 20 per pass, to keep a large dropped key from flooding the log).
            if (result.Unreadable > 0)
                scope.GetRequiredService<ILogger<ChildRetentionJob>>().LogWarning(
                    "{Count} child archive(s) hold values that cannot be decrypted (a key no longer in Security:PreviousDataKeys, or damaged); " +
                    "they were passed over, not re-encrypted. Child ids: {ChildIds}",
                    result.Unreadable, string.Join(",", (result.UnreadableIds ?? []).Take(20)));
            if (result.ChildrenErased + result.WithdrawnScopesErased + result.ReEncrypted == 0) break;
        }
    }
}
