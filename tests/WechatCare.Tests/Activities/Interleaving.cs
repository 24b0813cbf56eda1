using System.Data.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WechatCare.Domain.Data;
using WechatCare.Tests.Infrastructure;

namespace WechatCare.Tests.Activities;

/// <summary>
/// Makes a race happen every time: a second host over the same database whose next read of sign-ups is followed, before
/// the request that made it goes on, by another request (run on the first host). So a use case decides on a state that
/// has already changed when it writes, as it would if the two arrived a millisecond apart.
/// </summary>
public sealed class Interleaving : DbCommandInterceptor, IDisposable
{
    private readonly WebApplicationFactory<Program> _host;
    private Func<Task>? _next;

    public Interleaving(CareApp app) => _host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s
        .ConfigureDbContext<SqliteCareDb>(o => o.AddInterceptors(this))
        .ConfigureDbContext<MySqlCareDb>(o => o.AddInterceptors(this))));

    public bool Happened { get; private set; }

    /// <summary>A client of the interleaving host, logged in as <paramref name="user"/>.</summary>
    public HttpClient ClientFor(UserClient user)
    {
        var http = _host.CreateClient();
        http.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        return http;
    }

    /// <summary>Runs <paramref name="meanwhile"/> right after the interleaving host's next query of sign-ups.</summary>
    public void AfterNextSignUpRead(Func<Task> meanwhile) => _next = meanwhile;

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && command.CommandText.Contains("SignUps")
            && Interlocked.Exchange(ref _next, null) is { } meanwhile)
        {
            await meanwhile();
            Happened = true;
        }
        return result;
    }

    public void Dispose() => _host.Dispose();
}
