using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Children.Participation;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<ChildAdmission> ChildAdmissions => Set<ChildAdmission>();
    public DbSet<ChildParticipant> ChildParticipants => Set<ChildParticipant>();
}
