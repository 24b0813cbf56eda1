using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WechatCare.Bot.Hosting;
using WechatCare.Domain.Coordination;
using WechatCare.Domain.Data;
using WechatCare.Domain.Delivery;
using WechatCare.Domain.Messaging;
using WechatCare.Wechat.Errors;

namespace WechatCare.Bot.Delivery;

/// <summary>
/// Pushes the outbox to WeChat. Runs in every bot process at once: it claims due rows with a lease
/// (<see cref="OutboxClaims.ClaimDueAsync"/>) into a moving window, keeps a bounded number of sends in flight, and writes
/// each outcome only while its claim still holds the row. Channels per recipient, in order (<see cref="ChannelReach"/>): subscribe message (a grant
/// is held) → OA template message (follower, template configured) → customer message (follower inside the 48-hour window)
/// → in-app inbox only. Transient failures are retried
/// with back-off and jitter; permanent ones fall to the next channel; quota errors pause the app until the quota resets.
/// If the process dies the leases expire and another worker sends the open rows again: duplicates are bounded by the
/// window (<see cref="DeliveryOptions.BatchSize"/>; OA template sends are deduped by WeChat through <c>client_msg_id</c>).
/// </summary>
public sealed class OutboxDispatcher(
    IOptions<DeliveryOptions> options, TemplateCatalog templates, ChannelSender sender, SendThrottle throttle,
    DeliveryMetrics metrics, IOutboxSignal signal, TimeProvider clock, ILogger<OutboxDispatcher> log) : IBotJob
{
    private static readonly TimeSpan SnapshotEvery = TimeSpan.FromSeconds(10);

    private readonly string _worker = $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    private long _lastSnapshotTicks;

    private DeliveryOptions Settings => options.Value;

    public string Name => "delivery-dispatcher";
    public TimeSpan Interval => options.Value.PollInterval;
    public bool SingleInstance => false;

    /// <summary>An idle dispatcher polls every <see cref="Interval"/>, and starts at once when a commit writes messages.</summary>
    public Task WaitForNextRunAsync(TimeProvider clock, CancellationToken ct) => signal.WaitAsync(Interval, clock, ct);

    /// <summary>Test hook: called after each successful send (e.g. to cancel the run mid-batch, as a crash would).</summary>
    internal Action<Guid>? AfterSend { get; set; }

    public async Task RunAsync(IServiceProvider scope, CancellationToken ct)
    {
        // Claimed rows flow through the sends without stopping at batch boundaries: claims top up the rows waiting to
        // be sent and outcomes are saved in small chunks while the other sends go on, each on its own context. At most a
        // window (BatchSize) of rows is sent and not yet saved, so a crash repeats at most that many sends.
        var scopes = scope.GetRequiredService<IServiceScopeFactory>();
        await using var claimScope = scopes.CreateAsyncScope();
        await using var saveScope = scopes.CreateAsyncScope();
        var window = new SendWindow(this, claimScope.ServiceProvider.GetRequiredService<CareDb>(), saveScope.ServiceProvider.GetRequiredService<CareDb>());
        await window.RunAsync(ct);
        await ObserveAsync(claimScope.ServiceProvider.GetRequiredService<CareDb>(), ct);
    }

    /// <summary>One claimed message on its way: the claim that holds it and what its recipient can be reached by.</summary>
    private sealed record Claimed(OutboxMessage Message, Recipient? To, string Claim, DateTimeOffset LeaseEnds);

    /// <summary>What one claim brought: its rows and what sending them needs to know about their recipients.</summary>
    private sealed record ClaimResult(List<Claimed> Messages, List<SubscribeGrant> Grants, ConcurrentDictionary<Guid, int> CustomerBudget);

    /// <summary>A sent message and the ledger changes its send caused.</summary>
    private sealed record Outcome(Claimed Sent, List<LedgerEffect> Effects);

    private async Task<ClaimResult> ClaimAsync(CareDb db, int size, CancellationToken ct)
    {
        var settings = options.Value;
        await throttle.RefreshAsync(ct);
        var claim = $"{_worker}-{Guid.NewGuid():N}";   // at most 49 characters
        var now = clock.GetUtcNow();
        var batch = await db.ClaimDueAsync(claim, size, settings.Lease, now, ct);
        db.ChangeTracker.Clear();   // outcomes are written by the save context, row by row or in bulk
        if (batch.Count == 0) return new ClaimResult([], [], new());

        var userIds = batch.Select(m => m.RecipientUserId).Distinct().ToList();
        var recipients = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new Recipient(u.Id, u.MiniProgramOpenId, u.OfficialAccountOpenId, u.FollowsOfficialAccount, u.LastOfficialAccountMessageAtUtc))
            .ToDictionaryAsync(r => r.UserId, ct);
        var templateIds = batch.Select(m => templates.Subscribe(m.Purpose)?.TemplateId).OfType<string>().Distinct().ToList();
        var grants = templateIds.Count == 0 ? [] : await db.SubscribeGrants.AsNoTracking()
            .Where(g => userIds.Contains(g.UserId) && templateIds.Contains(g.TemplateId)).ToListAsync(ct);
        var customerBudget = await ChannelReach.CustomerBudgetAsync(db, recipients.Values, now, ct);
        var leaseEnds = now + settings.Lease;
        return new ClaimResult(batch.Select(m => new Claimed(m, recipients.GetValueOrDefault(m.RecipientUserId), claim, leaseEnds)).ToList(),
            grants, customerBudget);
    }

    /// <summary>
    /// The window: under a send rate no bigger than the rate lets this worker send well inside the lease (a claimed row
    /// waits behind at most two windows, 2 × window ÷ rate = 3/8 of the lease); sends that would still run late are left
    /// for the next claim (<see cref="LeaseMargin"/>).
    /// </summary>
    private static int WindowSize(DeliveryOptions settings) => settings.SendsPerSecond <= 0 ? settings.BatchSize
        : (int)Math.Clamp(settings.SendsPerSecond * settings.Lease.TotalSeconds * 3 / 16, 1, settings.BatchSize);

    /// <summary>A send starts only this long before its claim's lease ends, so it is over before another worker may take the row.</summary>
    private static TimeSpan LeaseMargin(DeliveryOptions settings) => settings.Lease / 4;

    /// <summary>
    /// One run of the dispatcher: a single loop decides (claim, start sends, save) and reacts to what finished, so its
    /// state needs no locks; the sends, the claim and the save run concurrently and report back through one channel.
    /// </summary>
    private sealed class SendWindow(OutboxDispatcher dispatcher, CareDb claimDb, CareDb saveDb)
    {
        private readonly Channel<Action> _finished = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Queue<Claimed> _ready = new();
        private readonly GrantBudget _grants = new();
        private readonly ConcurrentDictionary<Guid, int> _customerBudget = new();
        private List<Outcome> _unsaved = [];
        private int _sending, _inSave;
        private bool _claiming, _saving, _drained;
        private ExceptionDispatchInfo? _claimFailure;

        public async Task RunAsync(CancellationToken ct)
        {
            var settings = dispatcher.Settings;
            var size = WindowSize(settings);
            var concurrency = Math.Max(1, settings.Concurrency);
            // Rows sent and not yet saved (what a crash sends again) stay under the window; up to another window of
            // claimed rows waits behind them, topped up once half of it has gone, so sends never wait for a claim.
            // Outcomes are saved an eighth of the window at a time.
            var saveFrom = Math.Max(1, size / 8);
            ExceptionDispatchInfo? crash = null;
            while (true)
            {
                var stopping = ct.IsCancellationRequested || crash is not null;
                // Claims and saves take turns: run together, a claim's locking read and a save's update lock the same
                // index entries in opposite orders and deadlock, and MariaDB's retry then stalls the sends for a second.
                if (!stopping && !_claiming && !_saving && !_drained && _ready.Count <= size / 2) StartClaim(size - _ready.Count, ct);
                while (!stopping && _ready.Count > 0 && _sending < concurrency && _sending + _unsaved.Count + _inSave < size) StartSend(_ready.Dequeue());
                // After a crash nothing more is saved: what was sent and not saved goes out again after the lease.
                if (crash is null && !_saving && !_claiming && _unsaved.Count > 0 && (_unsaved.Count >= saveFrom || _sending == 0)) StartSave();
                var idle = !_claiming && !_saving && _sending == 0 && (_unsaved.Count == 0 || crash is not null);
                if (idle && (stopping || _ready.Count == 0 && _drained)) break;

                var finished = await _finished.Reader.ReadAsync(CancellationToken.None);
                try
                {
                    finished();
                }
                catch (Exception e) when (crash is null)
                {
                    // What no send handles (a bug, a lost database, a test's simulated crash): stop like a dying process,
                    // once the sends already running are over.
                    crash = ExceptionDispatchInfo.Capture(e);
                }
            }
            crash?.Throw();
            // A graceful stop (a deploy) has saved what was sent; claimed rows not sent wait out their lease.
            ct.ThrowIfCancellationRequested();
            _claimFailure?.Throw();
        }

        private void StartClaim(int size, CancellationToken ct)
        {
            _claiming = true;
            Report(dispatcher.ClaimAsync(claimDb, size, ct), claimed =>
            {
                _claiming = false;
                _drained = claimed.Messages.Count == 0;
                _grants.Add(claimed.Grants);
                foreach (var (userId, left) in claimed.CustomerBudget) _customerBudget.TryAdd(userId, left);
                foreach (var message in claimed.Messages) _ready.Enqueue(message);
            }, failure =>
            {
                // No more claims this run; what is claimed is still sent and saved, then the run ends with the error.
                _claiming = false;
                _drained = true;
                _claimFailure ??= ExceptionDispatchInfo.Capture(failure);
            });
        }

        private void StartSend(Claimed message)
        {
            _sending++;
            Report(dispatcher.DeliverAsync(message, _grants, _customerBudget), outcome =>
            {
                _sending--;
                // A row left as claimed (too late in its lease) is not ours to write: the next claim after the lease takes it.
                if (outcome.Sent.Message.Status != OutboxStatus.Sending) _unsaved.Add(outcome);
            }, failure =>
            {
                _sending--;
                ExceptionDispatchInfo.Throw(failure);
            });
        }

        private void StartSave()
        {
            var chunk = _unsaved;
            _unsaved = [];
            (_saving, _inSave) = (true, chunk.Count);
            Report(SaveAsync(chunk), _ =>
            {
                (_saving, _inSave) = (false, 0);
            }, failure =>
            {
                (_saving, _inSave) = (false, 0);
                ExceptionDispatchInfo.Throw(failure);
            });
        }

        private async Task<int> SaveAsync(List<Outcome> chunk)
        {
            await dispatcher.SaveOutcomesAsync(saveDb, chunk.Select(o => o.Sent).ToList());
            await ApplyLedgerAsync(saveDb, chunk.SelectMany(o => o.Effects), _grants);
            saveDb.ChangeTracker.Clear();
            return chunk.Count;
        }

        /// <summary>When <paramref name="work"/> ends, the loop runs <paramref name="done"/> with its result, or <paramref name="failed"/> with its exception.</summary>
        private void Report<T>(Task<T> work, Action<T> done, Action<Exception> failed) =>
            work.ContinueWith(t => _finished.Writer.TryWrite(() =>
            {
                T result;
                try
                {
                    result = t.GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    failed(e);
                    return;
                }
                done(result);
            }), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private enum Step { Delivered, Next, Stop }

    /// <summary>Tries the recipient's channels in order; sends are not handed the stopping token (a stop lets them finish).</summary>
    private async Task<Outcome> DeliverAsync(Claimed claimed, GrantBudget grants, ConcurrentDictionary<Guid, int> customerBudget)
    {
        var (message, to) = (claimed.Message, claimed.To);
        var ct = CancellationToken.None;
        var outcome = new Outcome(claimed, []);
        var effects = outcome.Effects;
        var sendBy = claimed.LeaseEnds - LeaseMargin(options.Value);
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
                if (step != Step.Next) return outcome;
            }
            if (ChannelReach.Template(templates, message.Purpose, to) is { } template)
            {
                if (await TryAsync(DeliveryChannel.Template, null, () => sender.TemplateAsync(message, to, template, ct), () => { }) != Step.Next) return outcome;
            }
            // In the budget only while inside the window (ChannelReach.InCustomerWindow).
            if (customerBudget.TryGetValue(to.UserId, out _)
                && customerBudget.AddOrUpdate(to.UserId, 0, (_, left) => left - 1) >= 0)
            {
                if (await TryAsync(DeliveryChannel.Customer, null, () => sender.CustomerAsync(message, to, ct),
                        () => customerBudget.AddOrUpdate(to.UserId, 0, (_, left) => left + 1)) != Step.Next) return outcome;
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
        return outcome;
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
    /// Writes the outcomes whose claim still holds the row; rows another worker took after our lease expired are left to it.
    /// Delivered rows (nearly all) go out as one UPDATE per claim, channel and trail; the rest row by row.
    /// </summary>
    private async Task SaveOutcomesAsync(CareDb db, List<Claimed> sent)
    {
        var ct = CancellationToken.None;   // a save is never cut short: what was sent is written
        foreach (var group in sent.Where(s => s.Message.Status == OutboxStatus.Delivered).GroupBy(s => (s.Claim, s.Message.Channel, s.Message.Trail)))
        {
            var ids = group.Select(s => s.Message.Id).ToList();
            var at = group.Max(s => s.Message.DeliveredAtUtc);
            var (claim, channel, trail) = group.Key;
            await db.Outbox.Where(m => ids.Contains(m.Id) && m.LeaseOwner == claim).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, OutboxStatus.Delivered).SetProperty(m => m.Channel, channel)
                .SetProperty(m => m.Trail, trail).SetProperty(m => m.DeliveredAtUtc, at)
                .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), ct);
        }
        var others = sent.Where(s => s.Message.Status != OutboxStatus.Delivered).ToList();
        if (others.Count == 0) return;
        foreach (var (message, _, claim, _) in others)
        {
            // Written only while our claim holds the row (LeaseOwner is the concurrency token).
            var entry = db.Outbox.Attach(message);
            entry.Property(m => m.LeaseOwner).OriginalValue = claim;
            foreach (var changed in OutcomeColumns) entry.Property(changed).IsModified = true;
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

    /// <summary>What sending changes on a row that was not delivered (a retry, a pause, a failure, a dead message).</summary>
    private static readonly string[] OutcomeColumns =
    [
        nameof(OutboxMessage.Status), nameof(OutboxMessage.Attempts), nameof(OutboxMessage.DueAtUtc), nameof(OutboxMessage.LastError),
        nameof(OutboxMessage.Trail), nameof(OutboxMessage.Channel), nameof(OutboxMessage.DeliveredAtUtc),
        nameof(OutboxMessage.LeaseOwner), nameof(OutboxMessage.LeaseUntilUtc),
    ];

    private static async Task ApplyLedgerAsync(CareDb db, IEnumerable<LedgerEffect> all, GrantBudget grants)
    {
        var ct = CancellationToken.None;
        var effects = all.ToList();
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
        metrics.Observe(await db.SnapshotAsync(now, ct), now);
    }

    private enum LedgerChange { Spend, Zero, Unfollow }

    private sealed record LedgerEffect(LedgerChange Change, Guid UserId, string? TemplateId);

    /// <summary>
    /// The run's view of the grant ledger: sends reserve a grant first, so two messages never count on the same one. A
    /// grant is read from the database the first time a claim meets it; after that this run's own spends are the truth.
    /// </summary>
    private sealed class GrantBudget
    {
        private readonly object _gate = new();
        private readonly Dictionary<(Guid, string), (int Remaining, bool LongTerm)> _left = [];

        public void Add(IEnumerable<SubscribeGrant> grants)
        {
            lock (_gate)
                foreach (var g in grants) _left.TryAdd((g.UserId, g.TemplateId), (g.Remaining, g.LongTerm));
        }

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
