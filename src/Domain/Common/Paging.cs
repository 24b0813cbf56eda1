namespace WechatCare.Domain.Common;

/// <summary>One page of a list, as every list route answers: <c>{ "items": [...], "total": N }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public static class Page
{
    /// <summary>One page of a list a use case builds whole (small, computed in memory): the same shape as a paged query.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> all, PageRequest request) => new(all.Skip(request.Skip).Take(request.Take).ToList(), all.Count);
}

public sealed record PageRequest(int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;
    public int Skip => (Math.Max(Page, 1) - 1) * Take;
    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);
}
