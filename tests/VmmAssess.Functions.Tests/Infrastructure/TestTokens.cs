using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>
/// A test token issuer: its own RSA signing key and an OpenID configuration injected into the app in place of the
/// Entra metadata endpoint (no network). Tokens are minted with Microsoft.IdentityModel, as Entra would issue them.
/// </summary>
internal static class TestTokens
{
    public const string TenantId = "7d3b1f0e-2a4c-4e6b-9f81-5c2d3e4f5a6b";
    public const string OtherTenantId = "11111111-2222-3333-4444-555555555555";
    public const string Audience = "api://vmmassess-test";
    public static readonly string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";

    public static readonly string OperatorId = "0a000000-0000-0000-0000-000000000001";
    public static readonly string PortfolioReaderId = "0a000000-0000-0000-0000-000000000002";
    public static readonly string TenantAReaderId = "0a000000-0000-0000-0000-000000000003";
    public static readonly string TenantBReaderId = "0a000000-0000-0000-0000-000000000004";

    private static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private static readonly RsaSecurityKey OtherKey = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    /// <summary>What the app reads instead of https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration.</summary>
    public static IConfigurationManager<OpenIdConnectConfiguration> IssuerConfiguration()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(SigningKey);
        return new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
    }

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Auth:EntraTenantId"] = TenantId,
        ["Auth:Audience"] = Audience,
    };

    public static string Operator => Token(OperatorId, "VmmAssess.Operator");

    public static string PortfolioReader => Token(PortfolioReaderId, "VmmAssess.Portfolio.Read");

    public static string TenantAReader => Token(TenantAReaderId, "VmmAssess.Tenant.Read");

    public static string TenantBReader => Token(TenantBReaderId, "VmmAssess.Tenant.Read");

    public static string Expired => Token(OperatorId, "VmmAssess.Operator", expires: DateTime.UtcNow.AddMinutes(-10));

    public static string WrongAudience => Token(OperatorId, "VmmAssess.Operator", audience: "api://someone-else");

    public static string WrongIssuer => Token(OperatorId, "VmmAssess.Operator", issuer: $"https://login.microsoftonline.com/{OtherTenantId}/v2.0");

    public static string BadSignature => Token(OperatorId, "VmmAssess.Operator", key: OtherKey);

    public static string Token(string objectId, string role, DateTime? expires = null, string? audience = null, string? issuer = null, RsaSecurityKey? key = null)
    {
        var end = expires ?? DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            IssuedAt = end.AddDays(-7),
            NotBefore = end.AddDays(-7),
            Expires = end,
            Subject = new ClaimsIdentity([new Claim("oid", objectId), new Claim("tid", TenantId), new Claim("roles", role), new Claim("idtyp", "app")]),
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
