using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;

namespace WechatCare.Domain.Activities;

public sealed record IssueCertificateCommand(Guid CallerId, Guid OrganizationId) : ICommand<CertificateDocument>;

/// <summary>Everything the printable 志愿服务记录证明 shows.</summary>
public sealed record CertificateDocument(string VerificationCode, string VolunteerName, string OrganizationName, int ActivitiesAttended,
    decimal Hours, IReadOnlyList<ServiceItem> Items, DateTimeOffset IssuedAt);

/// <summary>Issues a certificate of the caller's service for one organisation, with a code anyone can verify.</summary>
public sealed class IssueCertificateHandler(CareDb db, TimeProvider clock) : ICommandHandler<IssueCertificateCommand, CertificateDocument>
{
    public async ValueTask<CertificateDocument> Handle(IssueCertificateCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var profile = await db.VolunteerProfiles.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == cmd.CallerId, ct)
            ?? throw new DomainException("volunteer_profile_required", "请先完善志愿者资料");
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == cmd.OrganizationId, ct)
            ?? throw new NotFoundException("该组织");
        var record = await db.ServiceRecordAsync(cmd.CallerId, organization.Id, now, ct);
        if (record.ActivitiesAttended == 0) throw new DomainException("no_service_record", "你还没有在该组织参加过志愿服务，暂时不能开具证明");

        var certificate = ServiceCertificate.Issue(cmd.CallerId, organization.Id, profile.RealName, organization.Name,
            record.ActivitiesAttended, (int)(record.Hours * 2), now);
        db.ServiceCertificates.Add(certificate);
        await db.SaveChangesAsync(ct);
        return new CertificateDocument(certificate.VerificationCode, profile.RealName, organization.Name, record.ActivitiesAttended,
            record.Hours, record.Items, ChinaTime.ToChina(certificate.IssuedAtUtc));
    }
}

public sealed record GetCertificateQuery(Guid CallerId, string Code) : IQuery<CertificateDocument>;

/// <summary>The owner's printable copy of a certificate they were issued (anyone else: 404).</summary>
public sealed class GetCertificateHandler(CareDb db) : IQueryHandler<GetCertificateQuery, CertificateDocument>
{
    public async ValueTask<CertificateDocument> Handle(GetCertificateQuery query, CancellationToken ct)
    {
        var code = query.Code.Trim().ToUpperInvariant();
        var c = await db.ServiceCertificates.AsNoTracking().SingleOrDefaultAsync(x => x.VerificationCode == code && x.VolunteerId == query.CallerId, ct)
            ?? throw new NotFoundException("该证明");
        var issuedAt = new DateTimeOffset(c.IssuedAtUtc, TimeSpan.Zero);
        var record = await db.ServiceRecordAsync(c.VolunteerId, c.OrganizationId, issuedAt, ct);
        return new CertificateDocument(c.VerificationCode, c.VolunteerName, c.OrganizationName, c.ActivitiesAttended, c.HalfHours / 2m,
            record.Items, ChinaTime.ToChina(c.IssuedAtUtc));
    }
}

public sealed record VerifyCertificateQuery(string Code) : IQuery<CertificateVerification>;

/// <summary>What the public may learn from a code: that it is genuine, and its totals. The name is partly masked.</summary>
public sealed record CertificateVerification(string VerificationCode, string VolunteerName, string OrganizationName, int ActivitiesAttended,
    decimal Hours, DateTimeOffset IssuedAt);

public sealed class VerifyCertificateHandler(CareDb db) : IQueryHandler<VerifyCertificateQuery, CertificateVerification>
{
    public async ValueTask<CertificateVerification> Handle(VerifyCertificateQuery query, CancellationToken ct)
    {
        var code = query.Code.Trim().ToUpperInvariant();
        var c = await db.ServiceCertificates.AsNoTracking().SingleOrDefaultAsync(x => x.VerificationCode == code, ct)
            ?? throw new NotFoundException("该证明");
        return new CertificateVerification(c.VerificationCode, Mask(c.VolunteerName), c.OrganizationName, c.ActivitiesAttended, c.HalfHours / 2m,
            ChinaTime.ToChina(c.IssuedAtUtc));
    }

    /// <summary>张三 → 张*, 欧阳小明 → 欧**明.</summary>
    public static string Mask(string name) => name.Length switch
    {
        <= 1 => name,
        2 => name[0] + "*",
        _ => name[0] + new string('*', name.Length - 2) + name[^1],
    };
}
