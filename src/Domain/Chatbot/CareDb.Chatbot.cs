using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Chatbot;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<BotAction> BotActions => Set<BotAction>();
    public DbSet<WechatPushReceipt> WechatPushReceipts => Set<WechatPushReceipt>();
    public DbSet<OfficialAccountBindCode> OfficialAccountBindCodes => Set<OfficialAccountBindCode>();
}
