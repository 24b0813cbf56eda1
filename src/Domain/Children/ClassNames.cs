using Microsoft.EntityFrameworkCore;

namespace WechatCare.Domain.Children;

/// <summary>
/// People write "三(2)班", "三（2）班" or "三 (2) 班" for the same class: class names given in a request are matched in one
/// spelling against the names the organisation's archives actually use.
/// </summary>
public static class ClassNames
{
    public static string Spelling(string className) =>
        className.Trim().Replace('（', '(').Replace('）', ')').Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);

    /// <summary>The stored class names among <paramref name="children"/> that are spelled like <paramref name="wanted"/>.</summary>
    public static async Task<List<string>> MatchingAsync(IQueryable<Child> children, string wanted, CancellationToken ct)
    {
        var spelling = Spelling(wanted);
        return (await children.Select(c => c.ClassName).Distinct().ToListAsync(ct)).Where(n => Spelling(n) == spelling).ToList();
    }
}
