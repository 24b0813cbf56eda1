using System.Text.Json.Serialization;

namespace WechatCare.Wechat.Models;

/// <summary>[GET] /cgi-bin/user/info answer (Official Account follower; no nickname/avatar since 2021-12-27).</summary>
public sealed class CgibinUserInfoResponse : WechatApiResponse
{
    /// <summary>0 = not following; then nothing else is returned.</summary>
    [JsonPropertyName("subscribe")] public int Subscribe { get; set; }
    [JsonPropertyName("openid")] public string OpenId { get; set; } = "";
    [JsonPropertyName("language")] public string? Language { get; set; }
    [JsonPropertyName("subscribe_time")] public long? SubscribeTime { get; set; }
    /// <summary>Present only when the OA is bound to an Open Platform account.</summary>
    [JsonPropertyName("unionid")] public string? UnionId { get; set; }
    [JsonPropertyName("remark")] public string? Remark { get; set; }
    [JsonPropertyName("groupid")] public int? GroupId { get; set; }
    [JsonPropertyName("tagid_list")] public IList<int>? TagIds { get; set; }
    [JsonPropertyName("subscribe_scene")] public string? SubscribeScene { get; set; }
    [JsonPropertyName("qr_scene")] public long? QrScene { get; set; }
    [JsonPropertyName("qr_scene_str")] public string? QrSceneString { get; set; }

    [JsonIgnore] public bool IsFollowing => Subscribe == 1;
}

/// <summary>[POST] /cgi-bin/user/info/batchget — up to 100 openids.</summary>
public sealed class CgibinUserInfoBatchGetRequest
{
    public const int MaxUsers = 100;

    [JsonPropertyName("user_list")] public IList<Types.User> Users { get; set; } = [];

    public static CgibinUserInfoBatchGetRequest For(IEnumerable<string> openIds) =>
        new() { Users = openIds.Select(id => new Types.User { OpenId = id }).ToList() };

    public static class Types
    {
        public sealed class User
        {
            [JsonPropertyName("openid")] public string OpenId { get; set; } = "";
            [JsonPropertyName("lang")] public string? Language { get; set; }
        }
    }
}

public sealed class CgibinUserInfoBatchGetResponse : WechatApiResponse
{
    [JsonPropertyName("user_info_list")] public IList<CgibinUserInfoResponse> Users { get; set; } = [];
}
