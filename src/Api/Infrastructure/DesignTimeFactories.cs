using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using WechatCare.Domain.Data;

namespace WechatCare.Api.Infrastructure;

// Used only by `dotnet ef migrations add` (see docs/migrations.md): one factory per provider, no live server needed.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCareDb>
{
    public SqliteCareDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCareDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlCareDb>
{
    public MySqlCareDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MySqlCareDb>().UseMySql("Server=localhost;Database=wechatcare", Database.MySqlServerVersion).Options);
}
