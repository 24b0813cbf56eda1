using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Data;
using WechatCare.Domain.Delivery;
using WechatCare.Domain.Messaging;
using WechatCare.Wechat.Errors;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// Pushes the outbox to WeChat. Runs in every bot process at once: each round claims a batch of due rows with a lease
/// (<see cref="OutboxClaims.ClaimDueAsync"/>), sends them with bounded concurrency, and writes each outcome only while
/// its claim still holds the row. Channels per recipient, in order (<see cref="ChannelReach"/>): subscribe message (a grant
/// is held) → OA template message (follower, template configured) → customer message (follower inside the 48-hour window)
/// → in-app inbox only. Transient failures are retried
/// with back-off and jitter; permanent ones fall to the next channel; quota errors pause the app until the quota resets.
/// If the process dies mid-batch the lease expires and another worker sends the batch again: duplicates are bounded by
/// the batch (and OA template sends are deduped by WeChat through <c>client_msg_id</c>).
/// </summary>
public sealed class OutboxDispatcher(
    IOptions<DeliveryOptions> options, TemplateCatalog templates, ChannelSender sender, SendThrottle throttle,
    DeliveryMetrics metrics, TimeProvider clock, ILogger<OutboxDispatcher> log) : IBotJob
{
    private static readonly TimeSpan SnapshotEvery = TimeSpan.FromSeconds(10);

    private readonly string _worker = $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    private long _lastSnapshotTicks;

    public string Name => "delivery-dispatcher";
    public TimeSpan Interval => options.Value.PollInterval;
    public bool SingleInstance => false;

    /// <summary>Test hook: called after each successful send (e.g. to cancel the run mid-batch, as a crash would).</summary>
    internal Action<Guid>? AfterSend { get; set; }

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct)
    {
        // Two contexts take turns: while one batch is being sent, the other claims and reads the next, so the sends
        // do not wait for that database work. Outcomes are still saved before the next batch is sent, so a crash
        // repeats at most one batch (the prefetched one was not sent yet and simply waits out its lease).
        await using var second = scope.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var (db, spare) = (scope.GetRequiredService<CareDb>(), second.ServiceProvider.GetRequiredService<CareDb>());
        var current = await ClaimAsync(db, ct);
        while (current is not null)
        {
            var next = ClaimAsync(spare, ct);
            try
            {
                await DeliverBatchAsync(current, ct);
            }
            finally
            {
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            db.ChangeTracker.Clear();
            (db, spare) = (spare, db);
            current = await next;
        }
        await ObserveAsync(db, ct);
    }

    /// <summary>A claimed batch with what sending it needs to know about its recipients.</summary>
    private sealed record ClaimedBatch(CareDb Db, string Claim, DateTimeOffset LeaseEnds, List<OutboxMessage> Messages, Dictionary<Guid, Recipient> Recipients,
        GrantBudget Grants, ConcurrentDictionary<Guid, int> CustomerBudget);

    private async Task<ClaimedBatch?> ClaimAsync(CareDb db, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return null;
        var settings = options.Value;
        await throttle.RefreshAsync(ct);
        var claim = $"{_worker}-{Guid.NewGuid():N}";   // at most 49 characters
        var now = clock.GetUtcNow();
        var batch = await db.ClaimDueAsync(claim, BatchSize(settings), settings.Lease, now, ct);
        if (batch.Count == 0) return null;

        var userIds = batch.Select(m => m.RecipientUserId).Distinct().ToList();
        var recipients = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new Recipient(u.Id, u.MiniProgramOpenId, u.OfficialAccountOpenId, u.FollowsOfficialAccount, u.LastOfficialAccountMessageAtUtc))
            .ToDictionaryAsync(r => r.UserId, ct);
        var templateIds = batch.Select(m => templates.Subscribe(m.Purpose)?.TemplateId).OfType<string>().Distinct().ToList();
        var grants = new GrantBudget(templateIds.Count == 0 ? [] : await db.SubscribeGrants.AsNoTracking()
            .Where(g => userIds.Contains(g.UserId) && templateIds.Contains(g.TemplateId)).ToListAsync(ct));
        var customerBudget = await ChannelReach.CustomerBudgetAsync(db, recipients.Values, now, ct);
        return new ClaimedBatch(db, claim, now + settings.Lease, batch, recipients, grants, customerBudget);
    }

    /// <summary>
    /// Under a send rate, no bigger than the rate lets this worker send (with the batch prefetched behind it) well inside
    /// the lease; sends that would still run late are left for the next claim (<see cref="LeaseMargin"/>).
    /// </summary>
    private static int BatchSize(DeliveryOptions settings) => settings.SendsPerSecond <= 0 ? settings.BatchSize
        : (int)Math.Clamp(settings.SendsPerSecond * settings.Lease.TotalSeconds * 3 / 8, 1, settings.BatchSize);

    /// <summary>A send starts only this long before its claim's lease ends, so it is over before another worker may take the row.</summary>
    private static TimeSpan LeaseMargin(DeliveryOptions settings) => settings.Lease / 4;

    private async Task DeliverBatchAsync(ClaimedBatch batch, CancellationToken ct)
    {
        var effects = new ConcurrentBag<LedgerEffect>();
        try
        {
            // A stop starts no new send; the sends already running finish (they are not handed the stopping token).
            await Parallel.ForEachAsync(batch.Messages, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = ct },
                async (message, _) => await DeliverAsync(message, batch.Recipients.GetValueOrDefault(message.RecipientUserId), batch.Grants,
                    batch.CustomerBudget, batch.LeaseEnds, effects, CancellationToken.None));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A graceful stop (a deploy): what was sent is saved, so only the unsent rows wait for the next claim.
            await SaveOutcomesAsync(batch.Db, batch.Claim, CancellationToken.None);
            await ApplyLedgerAsync(batch.Db, effects, batch.Grants, CancellationToken.None);
            throw;
        }

        await SaveOutcomesAsync(batch.Db, batch.Claim, ct);
        await ApplyLedgerAsync(batch.Db, effects, batch.Grants, ct);
    }

    private enum Step { Delivered, Next, Stop }

    private async Task DeliverAsync(OutboxMessage message, Recipient? to, GrantBudget grants, ConcurrentDictionary<Guid, int> customerBudget,
        DateTimeOffset leaseEnds, ConcurrentBag<LedgerEffect> effects, CancellationToken ct)
    {
        var sendBy = leaseEnds - LeaseMargin(options.Value);
        string? refusal = null;

        async Task<Step> TryAsync(string channel, string? templateId, Func<Task> send, Action release)
        {
            var app = ChannelSender.AppOf(channel);
            if (throttle.PausedUntil(app) is { } pausedUntil)
            {
                release();
                message.Defer($"{channel}: quota pause", pausedUntil);
                metrics.Deferred();
                return Step.Stop;
            }
            await throttle.WaitForSlotAsync(ct);
            if (clock.GetUtcNow() > sendBy)
            {
                // Too late in the lease: another worker may take the row while this send runs, and send it twice.
                // The row is left as claimed; the next claim after the lease takes it.
                release();
                return Step.Stop;
            }
            try
            {
                await send();
                message.Record(channel, "ok");
                message.MarkDelivered(channel, clock.GetUtcNow());
                metrics.Sent(channel);
                AfterSend?.Invoke(message.Id);
                return Step.Delivered;
            }
            catch (WechatFieldLimitException e)
            {
                release();
                message.Record(channel, "field");
                refusal = $"{channel}: {e.Rule}";
                return Step.Next;
            }
            catch (WechatApiException e) when (!ct.IsCancellationRequested)
            {
                message.Record(channel, e.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                refusal = $"{channel}: errcode {e.ErrorCode} ({e.Kind})";
                switch (e.Kind)
                {
                    case WechatFailureKind.Transient or WechatFailureKind.AccessTokenRejected:
                        release();
                        ScheduleRetry(message, refusal);
                        return Step.Stop;
                    case WechatFailureKind.QuotaExhausted:
                        release();
                        var until = await throttle.PauseAsync(app, e.ErrorCode, ct);
                        log.LogWarning("WeChat quota exhausted on {App} (errcode {ErrorCode}); sending paused until {Until:o}", app, e.ErrorCode, until);
                        message.Defer(refusal, until);
                        metrics.Deferred();
                        return Step.Stop;
                    case WechatFailureKind.NoSubscribeGrant:
                        if (templateId is not null)
                        {
                            grants.Zero(message.RecipientUserId, templateId);
                            effects.Add(new LedgerEffect(LedgerChange.Zero, message.RecipientUserId, templateId));
                        }
                        return Step.Next;
                    case WechatFailureKind.NotFollowing:
                        release();
                        effects.Add(new LedgerEffect(LedgerChange.Unfollow, message.RecipientUserId, null));
                        return Step.Next;
                    default:
                        release();
                        return Step.Next;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything unforeseen (an unreadable answer, a template mapping error) fails this message alone, as a
                // transient failure: letting it escape would drop the whole batch's outcomes and send them all again.
                release();
                log.LogWarning("Sending message {MessageId} on {Channel} failed with {Error}; it will be retried", message.Id, channel, e.GetType().Name);
                message.Record(channel, "error");
                refusal = $"{channel}: {e.GetType().Name}";
                ScheduleRetry(message, refusal);
                return Step.Stop;
            }
        }

        if (to is not null)
        {
            if (ChannelReach.Subscribe(templates, message.Purpose, to) is { } subscribe && grants.TryTake(to.UserId, subscribe.TemplateId))
            {
                var step = await TryAsync(DeliveryChannel.Subscribe, subscribe.TemplateId, () => sender.SubscribeAsync(message, to, subscribe, ct),
                    () => grants.Give(to.UserId, subscribe.TemplateId));
                if (step == Step.Delivered) effects.Add(new LedgerEffect(LedgerChange.Spend, to.UserId, subscribe.TemplateId));
                if (step != Step.Next) return;
            }
            if (ChannelReach.Template(templates, message.Purpose, to) is { } template)
            {
                if (await TryAsync(DeliveryChannel.Template, null, () => sender.TemplateAsync(message, to, template, ct), () => { }) != Step.Next) return;
            }
            // In the budget only while inside the window (ChannelReach.InCustomerWindow).
            if (customerBudget.TryGetValue(to.UserId, out _)
                && customerBudget.AddOrUpdate(to.UserId, 0, (_, left) => left - 1) >= 0)
            {
                if (await TryAsync(DeliveryChannel.Customer, null, () => sender.CustomerAsync(message, to, ct),
                        () => customerBudget.AddOrUpdate(to.UserId, 0, (_, left) => left + 1)) != Step.Next) return;
            }
        }

        // Nothing (more) to try on WeChat: the in-app inbox, written with the message, is where it lives.
        var now = clock.GetUtcNow();
        if (refusal is null)
        {
            message.MarkDelivered(DeliveryChannel.Inbox, now);
            metrics.Sent(DeliveryChannel.Inbox);
        }
        else
        {
            message.MarkFailed(refusal, now);
            metrics.Failed();
        }
    }

    private void ScheduleRetry(OutboxMessage message, string error)
    {
        var settings = options.Value;
        if (message.Attempts + 1 >= settings.MaxAttempts)
        {
            message.MarkDead(error);
            metrics.Dead();
            log.LogWarning("Message {MessageId} is dead after {Attempts} attempts: {Error}", message.Id, message.Attempts, error);
            return;
        }
        // Exponential back-off with jitter in [50 %, 100 %] so retries of a burst spread out.
        var backOff = settings.RetryBaseDelay * Math.Pow(2, message.Attempts);
        if (backOff > settings.RetryMaxDelay) backOff = settings.RetryMaxDelay;
        var delay = backOff * (0.5 + Random.Shared.NextDouble() * 0.5);
        message.ScheduleRetry(error, clock.GetUtcNow() + delay);
        metrics.Retried();
    }

    /// <summary>
    /// Writes the outcomes this claim still owns; rows another worker took after our lease expired are left to it.
    /// Delivered rows — nearly all of a batch — go out as one UPDATE per channel and trail; the rest row by row.
    /// </summary>
    private async Task SaveOutcomesAsync(CareDb db, string claim, CancellationToken ct)
    {
        var delivered = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.Entity.Status == OutboxStatus.Delivered).ToList();
        foreach (var group in delivered.GroupBy(e => (e.Entity.Channel, e.Entity.Trail)))
        {
            var ids = group.Select(e => e.Entity.Id).ToList();
            var at = group.Max(e => e.Entity.DeliveredAtUtc);
            await db.Outbox.Where(m => ids.Contains(m.Id) && m.LeaseOwner == claim).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, OutboxStatus.Delivered).SetProperty(m => m.Channel, group.Key.Channel)
                .SetProperty(m => m.Trail, group.Key.Trail).SetProperty(m => m.DeliveredAtUtc, at)
                .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), ct);
            foreach (var entry in group) entry.State = EntityState.Detached;
        }
        for (var round = 0; round < 5; round++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException e)
            {
                log.LogWarning("{Count} outbox row(s) were reclaimed after this worker's lease expired; their outcome is left to the new owner", e.Entries.Count);
                foreach (var entry in e.Entries) entry.State = EntityState.Detached;
            }
        }
    }

    private static async Task ApplyLedgerAsync(CareDb db, ConcurrentBag<LedgerEffect> effects, GrantBudget grants, CancellationToken ct)
    {
        foreach (var spend in effects.Where(e => e.Change == LedgerChange.Spend && !grants.IsLongTerm(e.UserId, e.TemplateId!))
                     .GroupBy(e => (e.UserId, e.TemplateId)))
        {
            var (userId, templateId) = spend.Key;
            var n = spend.Count();
            await db.SubscribeGrants.Where(g => g.UserId == userId && g.TemplateId == templateId && !g.LongTerm)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.Remaining, g => g.Remaining > n ? g.Remaining - n : 0)
                    .SetProperty(g => g.Version, g => g.Version + 1), ct);
        }
        foreach (var zero in effects.Where(e => e.Change == LedgerChange.Zero && e.TemplateId is not null).Select(e => (e.UserId, e.TemplateId)).Distinct())
            await db.SubscribeGrants.Where(g => g.UserId == zero.UserId && g.TemplateId == zero.TemplateId)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.Remaining, 0).SetProperty(g => g.LongTerm, false)
                    .SetProperty(g => g.Version, g => g.Version + 1), ct);
        var unfollowed = effects.Where(e => e.Change == LedgerChange.Unfollow).Select(e => e.UserId).Distinct().ToList();
        if (unfollowed.Count > 0)
            await db.Users.Where(u => unfollowed.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowsOfficialAccount, false), ct);
    }

    private async Task ObserveAsync(CareDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var last = Interlocked.Read(ref _lastSnapshotTicks);
        if (now.UtcTicks - last < SnapshotEvery.Ticks) return;
        Interlocked.Exchange(ref _lastSnapshotTicks, now.UtcTicks);
        metrics.Observe(await db.SnapshotAsync(now, ct));
    }

    private enum LedgerChange { Spend, Zero, Unfollow }

    private sealed record LedgerEffect(LedgerChange Change, Guid UserId, string? TemplateId);

    /// <summary>The batch's view of the grant ledger: sends reserve a grant first, so two messages never count on the same one.</summary>
    private sealed class GrantBudget(IEnumerable<SubscribeGrant> grants)
    {
        private readonly object _gate = new();
        private readonly Dictionary<(Guid, string), (int Remaining, bool LongTerm)> _left =
            grants.ToDictionary(g => (g.UserId, g.TemplateId), g => (g.Remaining, g.LongTerm));

        public bool TryTake(Guid userId, string templateId)
        {
            lock (_gate)
            {
                if (!_left.TryGetValue((userId, templateId), out var g)) return false;
                if (g.LongTerm) return true;
                if (g.Remaining <= 0) return false;
                _left[(userId, templateId)] = g with { Remaining = g.Remaining - 1 };
                return true;
            }
        }

        public void Give(Guid userId, string templateId)
        {
            lock (_gate)
                if (_left.TryGetValue((userId, templateId), out var g) && !g.LongTerm)
                    _left[(userId, templateId)] = g with { Remaining = g.Remaining + 1 };
        }

        /// <summary>WeChat said 43101: nothing is left, whatever the ledger thought.</summary>
        public void Zero(Guid userId, string templateId)
        {
            lock (_gate) _left[(userId, templateId)] = (0, false);
        }

        public bool IsLongTerm(Guid userId, string templateId)
        {
            lock (_gate) return _left.TryGetValue((userId, templateId), out var g) && g.LongTerm;
        }
    }
}
