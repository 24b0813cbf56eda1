namespace WechatCare.Domain.Donations;

/// <summary>
/// The categories an expense or a budget line may have. A fixed list, because the category is printed on the public
/// transparency page and free text there could name a child ("王小明学费"); details belong in the note, which stays internal.
/// </summary>
public static class SpendingCategories
{
    public const string Other = "其他";

    public static readonly IReadOnlyList<string> All = ["学习用品", "文具", "资料", "生活用品", "路费", "餐饮", "横幅", "活动物资", Other];

    public static readonly string Refusal = $"类别请从以下选择：{string.Join("、", All)}（具体用途请写在备注里）";

    public static bool IsKnown(string? category) => category is not null && All.Contains(category.Trim());

    /// <summary>What the public page shows: a category stored before the list existed appears as 其他.</summary>
    public static string Public(string category) => IsKnown(category) ? category.Trim() : Other;
}
