using Microsoft.EntityFrameworkCore;

namespace WechatCare.Domain.Data;

/// <summary>Rows of this type are only ever inserted (audit trails): <see cref="CareDb"/> refuses to save an update or a delete.</summary>
public interface IAppendOnly;

public abstract partial class CareDb
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAppendOnlyChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAppendOnlyChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void RefuseAppendOnlyChanges()
    {
        var changed = ChangeTracker.Entries<IAppendOnly>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (changed is not null)
            throw new InvalidOperationException($"{changed.Metadata.ClrType.Name} rows are append-only: they cannot be {changed.State.ToString().ToLowerInvariant()}.");
    }
}
