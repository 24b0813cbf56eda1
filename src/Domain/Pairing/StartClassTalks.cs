using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatCare.Domain.Children;
using WechatCare.Domain.Common;
using WechatCare.Domain.Data;
using WechatCare.Domain.Organizations;

namespace WechatCare.Domain.Pairing;

/// <summary>
/// Monthly 谈心记录: a teacher's class becomes a <see cref="PairingKind.ClassTalks"/> pairing (the teacher with every active
/// child of the class) under the rule "1 talk per month per child", so the same cadence machinery reminds and escalates.
/// Talk records are contacts of kind <see cref="ContactKind.Talk"/> on it. Organizers, or the teacher for themself.
/// </summary>
public sealed record StartClassTalksCommand(Guid CallerId, Guid OrganizationId, Guid TeacherId, string ClassName) : ICommand<PairingView>;

public sealed class StartClassTalksValidator : AbstractValidator<StartClassTalksCommand>
{
    public StartClassTalksValidator() => RuleFor(c => c.ClassName).NotEmpty().MaximumLength(50);
}

public sealed class StartClassTalksHandler(CareDb db, TimeProvider clock, IOptions<ChildrenOptions> options) : ICommandHandler<StartClassTalksCommand, PairingView>
{
    public static readonly CadenceInput MonthlyTalk = new([ContactKind.Talk], null, 1, CadencePer.Month, CadenceCounting.PerMentor);

    public async ValueTask<PairingView> Handle(StartClassTalksCommand cmd, CancellationToken ct)
    {
        // Memberships, not platform-admin rights: the answer names the class's children.
        if (cmd.CallerId == cmd.TeacherId) await db.RequireStaffAsync(cmd.CallerId, cmd.OrganizationId, ct);
        else await db.RequireStaffAsync(cmd.CallerId, cmd.OrganizationId, ct, Access.Organizers);
        if (!await db.Memberships.AnyAsync(m => m.OrganizationId == cmd.OrganizationId && m.UserId == cmd.TeacherId && m.Role == Role.Teacher, ct))
            throw new DomainException("not_a_teacher", "只能为本组织的教师建立谈心记录");
        var policy = options.Value.ConsentPolicyVersion;
        var active = db.Children.Where(c => c.OrganizationId == cmd.OrganizationId).ShownInPairings(policy);
        var classNames = await ClassNames.MatchingAsync(active, cmd.ClassName, ct);
        var children = await active.Where(c => classNames.Contains(c.ClassName)).Select(c => c.Id).ToListAsync(ct);
        if (children.Count == 0) throw new DomainException("class_empty", "该班级没有在册的儿童");
        if (await db.Pairings.AnyAsync(p => p.OrganizationId == cmd.OrganizationId && p.Kind == PairingKind.ClassTalks && p.EndedAtUtc == null
                                            && p.Mentors.Any(m => m.UserId == cmd.TeacherId) && p.Children.Any(c => children.Contains(c.ChildId)), ct))
            throw new ConflictException("class_talks_exist", "该教师已为这个班级建立了谈心记录");
        var pairing = await db.StartPairingAsync(new CreatePairingCommand(cmd.CallerId, cmd.OrganizationId, [cmd.TeacherId], children, [MonthlyTalk],
            PairingKind.ClassTalks), policy, clock.GetUtcNow(), ct);
        return await new GetPairingHandler(db, clock, options).ShowAsync(cmd.CallerId, pairing.Id, PairingReads.StartClassTalks, ct);
    }
}
