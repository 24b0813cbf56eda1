using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using FluentValidation;

namespace WechatCare.Domain.Common;

/// <summary>
/// Field errors are read by people in the mini-program and the chat: FluentValidation's own messages in simplified
/// Chinese ("'标题' 不能为空。") with the field's Chinese name instead of its C# name ("'Title' must not be empty.").
/// The JSON name of the field stays the key of <c>errors</c>, for clients.
/// </summary>
public static class ChineseValidation
{
    /// <summary>Sets FluentValidation's process-wide language and field names; call once at start-up.</summary>
    public static void Apply()
    {
        var zhCn = CultureInfo.GetCultureInfo("zh-CN");
        ValidatorOptions.Global.LanguageManager.Culture = zhCn;
        // FluentValidation's own zh-CN text says "'接收对象' 不能为Null。": a word nobody reading it knows.
        if (ValidatorOptions.Global.LanguageManager is FluentValidation.Resources.LanguageManager messages)
        {
            messages.AddTranslation(zhCn.Name, "NotNullValidator", "'{PropertyName}' 不能为空。");
            messages.AddTranslation(zhCn.Name, "NullValidator", "'{PropertyName}' 必须留空。");
        }
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : LabelOf(member.DeclaringType?.Name, member.Name);
    }

    /// <summary>The Chinese name of a request field; null when it has none (a test keeps every validated field named).</summary>
    public static string? LabelOf(string? declaringType, string member) =>
        Labels.GetValueOrDefault($"{declaringType}.{member}") ?? Labels.GetValueOrDefault(member);

    /// <summary>A list of at most <paramref name="max"/> entries, said so in Chinese (the default "condition not met" says nothing).</summary>
    public static IRuleBuilderOptions<T, TList> MaxItems<T, TList>(this IRuleBuilder<T, TList> rule, int max) where TList : IEnumerable? =>
        rule.Must(list => list is null || list.Cast<object?>().Count() <= max).WithMessage($"'{{PropertyName}}' 最多 {max} 项。");

    // Keyed by property name; "Type.Property" where one name means different things in different requests.
    private static readonly FrozenDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["Accepted"] = "同意的模板",
        ["ActivityId"] = "活动",
        ["ActivityTitle"] = "活动名称",
        ["Address"] = "地址",
        ["AmountFen"] = "金额",
        ["At"] = "时间",
        ["Audience"] = "接收对象",
        ["Audience.Kind"] = "接收对象类型",
        ["BirthDate"] = "出生日期",
        ["Body"] = "正文",
        ["By"] = "同意人",
        ["ConsentInput.At"] = "同意时间",
        ["Cadence"] = "联系频率",
        ["CancellationDeadline"] = "取消报名截止时间",
        ["Capacity"] = "名额",
        ["Category"] = "类别",
        ["Changes"] = "修改内容",
        ["ChildId"] = "孩子",
        ["ChildIds"] = "孩子",
        ["ClassName"] = "班级",
        ["Code"] = "绑定码",
        ["LogInCommand.Code"] = "登录凭证",
        ["Consent"] = "监护人同意",
        ["ConsentScopes"] = "需要的同意范围",
        ["Date"] = "日期",
        ["Description"] = "说明",
        ["Designation"] = "用途",
        ["DonorName"] = "捐赠人姓名",
        ["DurationMinutes"] = "时长（分钟）",
        ["EndsAt"] = "结束时间",
        ["Entries"] = "考勤记录",
        ["EvidenceRef"] = "凭证",
        ["Gender"] = "性别",
        ["Grade"] = "年级",
        ["Guardian"] = "监护人",
        ["GuardianConsent"] = "监护人同意",
        ["HandoverNote"] = "交接说明",
        ["HealthNotes"] = "健康备注",
        ["Hobbies"] = "兴趣爱好",
        ["Hours"] = "时长（小时）",
        ["Items"] = "物品",
        ["Kind"] = "类型",
        ["SaveVolunteerProfileCommand.Kind"] = "志愿者类型",
        ["CreateOrganizationCommand.Kind"] = "机构类型",
        ["Kinds"] = "联系方式",
        ["LeftBehind"] = "留守类型",
        ["Location"] = "地点",
        ["MentorIds"] = "结对人",
        ["Method"] = "同意方式",
        ["MinGrade"] = "最低年级",
        ["MinimumAge"] = "最低年龄",
        ["MinPriorActivities"] = "需参加过的活动次数",
        ["MoneyTargetFen"] = "募集金额",
        ["Name"] = "名称",
        ["CreateChildCommand.Name"] = "姓名",
        ["ChildChanges.Name"] = "姓名",
        ["GuardianInfo.Name"] = "姓名",
        ["ParentInfo.Name"] = "姓名",
        ["DriveItemInput.Name"] = "物品名称",
        ["RoleInput.Name"] = "岗位名称",
        ["Note"] = "备注",
        ["Notes"] = "记录",
        ["OpenId"] = "公众号用户",
        ["Parents"] = "父母",
        ["Personality"] = "性格",
        ["Phone"] = "手机号",
        ["Place"] = "地点",
        ["Places"] = "地点",
        ["Quantity"] = "数量",
        ["QuietFromHour"] = "免打扰开始时间",
        ["QuietToHour"] = "免打扰结束时间",
        ["RealName"] = "真实姓名",
        ["Reason"] = "原因",
        ["ReceiptThresholdFen"] = "开具收据的金额",
        ["Region"] = "地区",
        ["Rejected"] = "拒绝的模板",
        ["Relation"] = "与孩子的关系",
        ["GuardianConsentInput.Relation"] = "与本人的关系",
        ["RequiredSkills"] = "所需技能",
        ["Role"] = "角色",
        ["Roles"] = "岗位",
        ["Rows"] = "记录",
        ["Scene"] = "扫码场景",
        ["Schedule"] = "日程",
        ["School"] = "学校",
        ["Scopes"] = "同意范围",
        ["Series"] = "活动系列",
        ["SignUpClosesAt"] = "报名截止时间",
        ["Size"] = "尺码",
        ["Sizes"] = "尺码",
        ["Skills"] = "技能",
        ["StartsAt"] = "开始时间",
        ["Target"] = "目标数量",
        ["Times"] = "次数",
        ["Title"] = "标题",
        ["Unit"] = "单位",
        ["UnitPriceFen"] = "单价",
        ["WeeklyCardDay"] = "周报发送日",
        ["WeeklyCardHour"] = "周报发送时间",
        ["WorkCity"] = "务工城市",
    }.ToFrozenDictionary();
}
