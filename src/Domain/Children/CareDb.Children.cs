using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Children;

namespace WechatCare.Domain.Data;

public abstract partial class CareDb
{
    public DbSet<Child> Children => Set<Child>();
    public DbSet<ParentContact> ParentContacts => Set<ParentContact>();
    public DbSet<GuardianConsent> GuardianConsents => Set<GuardianConsent>();
    public DbSet<ConsentWithdrawal> ConsentWithdrawals => Set<ConsentWithdrawal>();
    public DbSet<GuardianLink> GuardianLinks => Set<GuardianLink>();
    public DbSet<ChildMentor> ChildMentors => Set<ChildMentor>();
    public DbSet<HealthNoteGrant> HealthNoteGrants => Set<HealthNoteGrant>();
    public DbSet<ChildReadAudit> ChildReadAudits => Set<ChildReadAudit>();
    public DbSet<GuardianInvite> GuardianInvites => Set<GuardianInvite>();
    public DbSet<AttendanceRecord> AttendanceRecords => Set<AttendanceRecord>();
    public DbSet<AttendanceCorrection> AttendanceCorrections => Set<AttendanceCorrection>();
    public DbSet<ReportPreference> ReportPreferences => Set<ReportPreference>();
    public DbSet<WeeklyNote> WeeklyNotes => Set<WeeklyNote>();
    public DbSet<ChildReportSent> ChildReportsSent => Set<ChildReportSent>();
}
