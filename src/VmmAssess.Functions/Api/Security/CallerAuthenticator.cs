using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using VmmAssess.Functions.Application.Access;

namespace VmmAssess.Functions.Api.Security;

/// <summary>No credential, or one that does not prove who is calling: 401 with a <c>WWW-Authenticate</c> challenge.</summary>
public sealed class AuthenticationRequiredException(string message, bool tokenWasInvalid) : Exception(message)
{
    public string Challenge => tokenWasInvalid ? "Bearer error=\"invalid_token\"" : "Bearer";
}

/// <summary>
/// Who is calling, from (in this order) a collector key header, a Microsoft Entra access token, or — only when
/// <c>Auth__EasyAuthEnabled</c> says App Service Authentication runs in front of the app — the platform's
/// <c>X-MS-CLIENT-PRINCIPAL</c> header. Tokens are validated by Microsoft.IdentityModel (signature with the issuer's
/// published keys, cached and refreshed by the configuration manager; issuer; audience; lifetime).
/// </summary>
public sealed class CallerAuthenticator(
    IOptions<AuthOptions> options,
    IConfigurationManager<OpenIdConnectConfiguration> issuerConfiguration,
    CollectorKeys collectorKeys,
    TimeProvider time)
{
    public const string CollectorKeyHeader = "X-VmmAssess-Collector-Key";
    public const string EasyAuthPrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    private static readonly Dictionary<string, Role> RoleValues = new(StringComparer.Ordinal)
    {
        ["VmmAssess.Operator"] = Role.Operator,
        ["VmmAssess.Portfolio.Read"] = Role.PortfolioReader,
        ["VmmAssess.Tenant.Read"] = Role.TenantReader,
        ["VmmAssess.Snapshot.Submit"] = Role.SnapshotSubmitter,
    };

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<Caller> AuthenticateAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var key = request.Headers[CollectorKeyHeader].ToString();
        if (key.Length > 0)
        {
            return await collectorKeys.AuthenticateAsync(key, cancellationToken).ConfigureAwait(false)
                   ?? throw new AuthenticationRequiredException("The collector key is not valid, has been revoked or has expired.", tokenWasInvalid: false);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await ValidateTokenAsync(authorization["Bearer ".Length..].Trim(), cancellationToken).ConfigureAwait(false);
        }

        if (options.Value.EasyAuthEnabled && request.Headers[EasyAuthPrincipalHeader].ToString() is { Length: > 0 } principal)
        {
            return FromEasyAuth(principal);
        }

        throw new AuthenticationRequiredException("Authenticate with a Microsoft Entra access token (Authorization: Bearer) or a collector key (" + CollectorKeyHeader + ").", tokenWasInvalid: false);
    }

    private async Task<Caller> ValidateTokenAsync(string token, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var configuration = await issuerConfiguration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            var result = await handler.ValidateTokenAsync(token, Parameters(configuration)).ConfigureAwait(false);
            if (result.IsValid)
            {
                return FromClaims(result.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
            }

            // A key the cached configuration does not know may be a rotated one: refresh once, then refuse.
            if (attempt == 0 && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                issuerConfiguration.RequestRefresh();
                continue;
            }

            throw new AuthenticationRequiredException("The access token is not valid (signature, issuer, audience or lifetime).", tokenWasInvalid: true);
        }
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration)
    {
        var tenant = options.Value.EntraTenantId;
        return new TokenValidationParameters
        {
            ValidIssuers = [configuration.Issuer ?? options.Value.EffectiveAuthority, $"https://login.microsoftonline.com/{tenant}/v2.0", $"https://sts.windows.net/{tenant}/"],
            ValidAudience = options.Value.Audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } end && now <= end.Add(parameters.ClockSkew) && (notBefore is not { } start || now >= start.Subtract(parameters.ClockSkew));
            },
        };
    }

    /// <summary>The platform's principal: base64 JSON <c>{"claims":[{"typ","val"}],"role_typ"}</c>, set by App Service
    /// Authentication (which strips any such header a client sends).</summary>
    private static Caller FromEasyAuth(string header)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header));
            var roleType = document.RootElement.TryGetProperty("role_typ", out var rt) ? rt.GetString() ?? "roles" : "roles";
            var claims = document.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString() ?? "", Value: c.GetProperty("val").GetString() ?? ""))
                .Select(c => c.Type == roleType ? ("roles", c.Value) : c);
            return FromClaims(claims);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new AuthenticationRequiredException("The platform's client principal header is malformed.", tokenWasInvalid: false);
        }
    }

    private static Caller FromClaims(IEnumerable<(string Type, string Value)> claims)
    {
        var list = claims.ToList();
        string? Claim(params string[] types) => list.FirstOrDefault(c => types.Contains(c.Type, StringComparer.Ordinal)).Value;
        var principal = Claim("oid", ClaimConstants.ObjectId) ?? Claim("sub")
                        ?? throw new AuthenticationRequiredException("The token names no principal (oid).", tokenWasInvalid: true);
        var roles = list.Where(c => c.Type is "roles" or ClaimTypes.Role).Select(c => RoleValues.GetValueOrDefault(c.Value, (Role)(-1))).Where(Enum.IsDefined).ToHashSet();
        // A person's access token carries scp; a person signed in to the dashboard through App Service Authentication
        // brings the claims of an ID token, which has no scp but names the person. An application has neither.
        var person = Claim("scp") is not null || Claim("preferred_username", "upn", "name", ClaimTypes.Name, ClaimTypes.Upn) is not null;
        var kind = Claim("idtyp") == "app" || !person ? PrincipalKind.Application : PrincipalKind.User;
        return new Caller(principal, kind, roles);
    }

    private static class ClaimConstants
    {
        public const string ObjectId = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    }
}
