namespace WechatCare.Domain.Children;

/// <summary>
/// The read log in the guardian's words: the audit row keeps stable codes (relation, field and use-case names), and the
/// guardian's page shows this sentence, e.g. "王老师（老师/工作人员）查看档案：姓名、年级、健康备注".
/// </summary>
public static class ChildReadWording
{
    private static readonly Dictionary<string, string> Relations = new()
    {
        ["staff"] = "老师/工作人员", ["parent"] = "家长", ["mentor"] = "结对帮扶人",
    };

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["name"] = "姓名", ["grade"] = "年级", ["hobbies"] = "爱好", ["gender"] = "性别", ["birthDate"] = "出生日期",
        ["className"] = "班级", ["leftBehind"] = "留守类型", ["guardian"] = "监护人信息", ["personality"] = "性格",
        ["status"] = "在校状态", ["consent"] = "授权情况", ["parents"] = "父母联系方式", ["healthNotes"] = "健康备注",
        ["attendance"] = "考勤记录", ["participation"] = "活动参与",
        ["pairing"] = "结对帮扶情况", ["noticeReads"] = "家长阅读通知情况",
        ["consentHistory"] = "监护人同意记录", ["weeklyNotes"] = "老师每周评语", ["readLog"] = "查阅记录",
    };

    private static readonly Dictionary<string, string> Purposes = new()
    {
        ["GetChild"] = "查看档案", ["UpdateChild"] = "修改档案", ["CreateChild"] = "建立档案", ["ExportChildData"] = "导出数据", ["GetChildAttendance"] = "查看考勤",
        ["GetMe"] = "查看个人主页", ["ListMyChildren"] = "查看我的孩子",
        ["ListChildren"] = "查看儿童名单", ["ListUnrecordedChildren"] = "考勤点名", ["ListGuardiansToInform"] = "数据安全事件通知监护人",
        ["DecideChildParticipation"] = "确认活动报名", ["PreviewChildEligibility"] = "活动资格预览",
        ["RecordChildActivityAttendance"] = "记录活动出勤", ["EnrolChild"] = "活动报名",
        ["GetPairing"] = "查看结对", ["GetPairingCard"] = "查看结对卡", ["ListMyPairings"] = "查看我的结对",
        ["ChatMyPairings"] = "在公众号查看我的结对", ["ChatLogContact"] = "在公众号记录结对联系", ["CreatePairing"] = "建立结对",
        ["EndPairing"] = "结束结对", ["HandOverPairing"] = "交接结对", ["StartClassTalks"] = "建立谈心记录",
        ["ListOverduePairings"] = "查看联系未完成的结对", ["ListUnpairedChildren"] = "查看未结对儿童名单", ["ListEarlyWarnings"] = "查看需关注儿童名单",
        ["ListUnreadRecipients"] = "查看通知未读名单", ["ListUnconfirmedRecipients"] = "查看通知未确认名单", ["NoticeCallList"] = "收到通知电话联系名单",
    };

    // A code without wording shows as itself, which the read-log test catches.
    public static string Relation(string code) => Relations.GetValueOrDefault(code, code);
    public static string Field(string code) => Fields.GetValueOrDefault(code, code);
    public static string Purpose(string code) => Purposes.GetValueOrDefault(code, code);

    public static string Describe(string? readerName, string relation, string purpose, IEnumerable<string> fields) =>
        $"{readerName ?? "未填写姓名的用户"}（{Relation(relation)}）{Purpose(purpose)}：{string.Join('、', fields.Select(Field))}";
}
