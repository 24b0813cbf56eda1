using Mediator;
using Microsoft.EntityFrameworkCore;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Security;

namespace WechatCare.Domain.Volunteers;

public sealed record GetVolunteerProfileQuery(Guid CallerId) : IQuery<VolunteerProfileView>;

public sealed class GetVolunteerProfileHandler(CareDb db, FieldCipher cipher, TimeProvider clock) : IQueryHandler<GetVolunteerProfileQuery, VolunteerProfileView>
{
    public async ValueTask<VolunteerProfileView> Handle(GetVolunteerProfileQuery query, CancellationToken ct)
    {
        var profile = await db.VolunteerProfiles.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == query.CallerId, ct)
            ?? throw new NotFoundException("志愿者资料");
        return SaveVolunteerProfileHandler.View(profile, cipher.Decrypt(profile.PhoneCipher), clock.GetUtcNow());
    }
}
