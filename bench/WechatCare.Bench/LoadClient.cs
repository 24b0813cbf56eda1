using System.Diagnostics;

namespace WechatCare.Bench;

/// <summary>A closed-loop load client: <c>concurrency</c> workers send back-to-back requests for a fixed time.</summary>
public static class LoadClient
{
    public sealed record Result(string Name, int Requests, int Errors, double Seconds, double P50Ms, double P99Ms)
    {
        public double RequestsPerSecond => Requests / Seconds;

        /// <summary>CPU the server process spent per request during the measured run (null when not measured).</summary>
        public double? ServerCpuMsPerRequest { get; init; }

        /// <summary>CPU the whole machine spent per request (interleaved runs only): what a request really costs on 2 shared cores.</summary>
        public double? MachineCpuMsPerRequest { get; init; }

        /// <summary>Where the machine's CPU per request went (interleaved runs only): MariaDB, this load client, and the kernel's share of all.</summary>
        public (double MariaDb, double Client, double Kernel, double ContextSwitches)? MachineCpuSplit { get; init; }
    }

    /// <summary>Unmeasured load first: tiered JIT and dynamic PGO recompile hot methods over the first seconds.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>
    /// With a host to watch, the warm-up lasts 45 s (<c>BENCH_WARMUP_SECONDS</c> overrides it): on 2 busy cores the JIT's
    /// background tier-up of EF Core, MySqlConnector and ASP.NET Core takes 20-50 s, and a run measured before that
    /// reports the compiler rather than the request (an EF-heavy read fell from 2.1 to 0.7 ms of host CPU per request
    /// over its first 40 s). The host CPU per request of each 5 s step goes to stderr, to see that it has settled.
    /// </summary>
    private static readonly TimeSpan WatchedWarmUp = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP_SECONDS"), out var seconds) ? seconds : 45);

    /// <param name="server">The host under load: its CPU time per request is reported too. Unlike requests per second,
    /// that number hardly moves when other work shares the machine, so it is the one to compare between changes.</param>
    public static async Task<Result> RunAsync(string name, HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration,
        HostProcess? server = null)
    {
        if (server is null)
        {
            await LoopWithLatenciesAsync(http, request, concurrency, WarmUp);
            return await LoopAsync(http, request, concurrency, duration) with { Name = name };
        }
        await WarmUpAsync(name, http, request, concurrency, server);
        return await MeasureAsync(http, request, concurrency, duration, server) with { Name = name };
    }

    private static async Task WarmUpAsync(string name, HttpClient http, Func<HttpRequestMessage> request, int concurrency, HostProcess server)
    {
        var steps = new List<string>();
        for (var warm = TimeSpan.Zero; warm < WatchedWarmUp; warm += TimeSpan.FromSeconds(5))
        {
            var step = await MeasureAsync(http, request, concurrency, TimeSpan.FromSeconds(5), server);
            steps.Add($"{step.ServerCpuMsPerRequest:0.00}");
        }
        Console.Error.WriteLine($"  {name}: warm-up host CPU ms/req per 5 s: {string.Join(" ", steps)}");
    }

    /// <summary>One load of an interleaved measurement: the request to send, and the host whose CPU is counted.</summary>
    public sealed record Target(string Name, HttpClient Http, Func<HttpRequestMessage> Request, HostProcess Server);

    /// <summary>
    /// Measures loads that are compared with each other in alternating slices (A B C A B C …, <paramref name="duration"/>
    /// in all for each) after warming each up. Measured one after the other, their ratio moved by up to a third between
    /// runs: this machine slows down and speeds up as a whole for minutes at a time, and a slow phase hit whichever load
    /// ran then. Alternating short slices spreads such phases over every load alike. Only the loaded host works during
    /// its slice (the others are idle), so its CPU per request is still its own.
    /// </summary>
    public static async Task<Result[]> InterleavedAsync(IReadOnlyList<Target> targets, int concurrency, TimeSpan duration, TimeSpan slice)
    {
        foreach (var t in targets) await WarmUpAsync(t.Name, t.Http, t.Request, concurrency, t.Server);
        var totals = targets.Select(t => (Requests: 0, Errors: 0, Seconds: 0.0, Cpu: TimeSpan.Zero, Machine: MachineCpu.Zero, Latencies: new List<double>())).ToArray();
        for (var measured = TimeSpan.Zero; measured < duration; measured += slice)
            for (var i = 0; i < targets.Count; i++)
            {
                var cpuBefore = targets[i].Server.CpuTime;
                var machineBefore = MachineCpu.Now();
                var (part, latencies) = await LoopWithLatenciesAsync(targets[i].Http, targets[i].Request, concurrency, slice);
                var t = totals[i];
                totals[i] = (t.Requests + part.Requests, t.Errors + part.Errors, t.Seconds + part.Seconds, t.Cpu + (targets[i].Server.CpuTime - cpuBefore),
                    t.Machine + (MachineCpu.Now() - machineBefore), t.Latencies);
                t.Latencies.AddRange(latencies);
            }
        return targets.Select((target, i) =>
        {
            var t = totals[i];
            var sorted = t.Latencies.Order().ToArray();
            return new Result(target.Name, t.Requests, t.Errors, t.Seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99))
            {
                ServerCpuMsPerRequest = t.Requests == 0 ? null : t.Cpu.TotalMilliseconds / t.Requests,
                MachineCpuMsPerRequest = t.Requests == 0 ? null : t.Machine.Busy.TotalMilliseconds / t.Requests,
                MachineCpuSplit = t.Requests == 0 ? null
                    : (t.Machine.MariaDb.TotalMilliseconds / t.Requests, t.Machine.Client.TotalMilliseconds / t.Requests, t.Machine.Kernel.TotalMilliseconds / t.Requests,
                        (double)t.Machine.ContextSwitches / t.Requests),
            };
        }).ToArray();
    }

    /// <summary>
    /// CPU time spent so far: the whole machine busy (all processes and the kernel: the host, MariaDB, this client, disk
    /// and network work; all of /proc/stat's first line but idle and iowait), its kernel part (system, irq, softirq),
    /// every mariadbd process, this load client, and the machine's context switches. /proc counts CPU in USER_HZ ticks of 10 ms.
    /// </summary>
    private readonly record struct MachineCpu(TimeSpan Busy, TimeSpan Kernel, TimeSpan MariaDb, TimeSpan Client, long ContextSwitches)
    {
        public static readonly MachineCpu Zero = default;

        public static MachineCpu Now()
        {
            var stat = File.ReadAllLines("/proc/stat");
            var ticks = stat[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var switches = long.Parse(stat.First(l => l.StartsWith("ctxt ", StringComparison.Ordinal))[5..]);
            var mariaDb = Process.GetProcessesByName("mariadbd").Sum(p => { using (p) return ProcessTicks(p.Id); });
            return new(Ticks(ticks.Sum() - ticks[3] - ticks[4]), Ticks(ticks[2] + ticks[5] + ticks[6]), Ticks(mariaDb),
                Process.GetCurrentProcess().TotalProcessorTime, switches);
        }

        /// <summary>utime + stime of a process, fields 14 and 15 of /proc/PID/stat (after the parenthesised name).</summary>
        private static long ProcessTicks(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException) { return 0; }
        }

        private static TimeSpan Ticks(long ticks) => TimeSpan.FromMilliseconds(10.0 * ticks);

        public static MachineCpu operator -(MachineCpu a, MachineCpu b) => new(a.Busy - b.Busy, a.Kernel - b.Kernel, a.MariaDb - b.MariaDb, a.Client - b.Client,
            a.ContextSwitches - b.ContextSwitches);
        public static MachineCpu operator +(MachineCpu a, MachineCpu b) => new(a.Busy + b.Busy, a.Kernel + b.Kernel, a.MariaDb + b.MariaDb, a.Client + b.Client,
            a.ContextSwitches + b.ContextSwitches);
    }

    private static async Task<Result> MeasureAsync(HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration, HostProcess server)
    {
        var cpuBefore = server.CpuTime;
        var result = await LoopAsync(http, request, concurrency, duration);
        return result.Requests == 0 ? result : result with { ServerCpuMsPerRequest = (server.CpuTime - cpuBefore).TotalMilliseconds / result.Requests };
    }

    private static async Task<Result> LoopAsync(HttpClient http, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration)
    {
        var (result, latencies) = await LoopWithLatenciesAsync(http, request, concurrency, duration);
        var all = latencies.Order().ToArray();
        return result with { P50Ms = Percentile(all, 0.50), P99Ms = Percentile(all, 0.99) };
    }

    private static async Task<(Result Result, List<double> Latencies)> LoopWithLatenciesAsync(HttpClient http, Func<HttpRequestMessage> request,
        int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(4096);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request());
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
        });
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return (new Result("", all.Count, errors, seconds, double.NaN, double.NaN), all);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
