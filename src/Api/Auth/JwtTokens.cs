using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WechatCare.Api.Auth;

/// <summary>
/// Our own bearer tokens. They carry only the user id: roles are read from the database on every request, so a
/// revoked role takes effect at once. The WeChat session_key never goes into a token.
/// </summary>
public sealed class JwtTokens(IConfiguration config, TimeProvider clock)
{
    public const string Issuer = "wechatcare";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly SymmetricSecurityKey _key = SigningKey(config);

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid userId)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + Lifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString())]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }

    internal static SymmetricSecurityKey SigningKey(IConfiguration config) =>
        new(Convert.FromBase64String(config["Jwt:SigningKey"] ?? throw new InvalidOperationException("Jwt:SigningKey is not set.")));

    public static void AddCareAuthentication(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<JwtTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Issuer,
                IssuerSigningKey = SigningKey(config),
                NameClaimType = JwtRegisteredClaimNames.Sub,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
        // Token lifetime follows the injected clock, so tests with a fake clock see the expiry a user would.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now.AddMinutes(1)) && expires is not null && expires > now.AddMinutes(-1);
            });
        services.AddAuthorization();
    }
}

public static class CallerExtensions
{
    /// <summary>The authenticated caller's user id; identity always comes from the token, never from the request body.</summary>
    public static Guid CallerId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : throw new InvalidOperationException("No authenticated caller on an endpoint that requires one.");
}
