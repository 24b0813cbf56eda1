using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Pairing;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<Pairing.Pairing> Pairings => Set<Pairing.Pairing>();
    public DbSet<CadenceRule> CadenceRules => Set<CadenceRule>();
    public DbSet<ContactLog> ContactLogs => Set<ContactLog>();
    public DbSet<CadenceNoticeSent> CadenceNoticesSent => Set<CadenceNoticeSent>();
}
