using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace VmmAssess.LocalBackend;

/// <summary>
/// The development token issuer: an RSA signing key kept in the local state folder (so the <c>token</c> command, another
/// process, can mint tokens the running backend accepts) and the OpenID configuration that only the local backend hands
/// to the app's authenticator, in place of Microsoft Entra's metadata endpoint. The deployed app never sees it: it fetches
/// its issuer's keys from Entra (src/VmmAssess.Functions/Hosting/ServiceRegistration.cs).
/// </summary>
internal sealed class DevIssuer
{
    /// <summary>The Entra tenant id the local backend is configured with (a fixed, made-up GUID).</summary>
    public const string EntraTenantId = "10ca1000-0000-4000-8000-00000000dead";

    /// <summary>The tokens' audience (Auth__Audience of the local app).</summary>
    public const string Audience = "api://vmmassess-local";

    /// <summary>The issuer: a name under the reserved .invalid domain, so it can never be a real authority.</summary>
    public const string Issuer = "https://vmmassess-local.invalid/dev-issuer";

    public const string KeyFileName = "dev-issuer-key.pem";

    /// <summary>Development tokens last a working day and a night.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly RsaSecurityKey key;

    private DevIssuer(RsaSecurityKey key) => this.key = key;

    public static DevIssuer LoadOrCreate(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            using var created = RSA.Create(2048);
            var temporary = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temporary, created.ExportPkcs8PrivateKeyPem(), Encoding.ASCII);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs, so both trust the same key.
                File.Delete(temporary);
            }
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path, Encoding.ASCII));
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())[..12]);
        return new DevIssuer(new RsaSecurityKey(rsa) { KeyId = keyId });
    }

    /// <summary>What the app's authenticator reads instead of the issuer's /.well-known/openid-configuration.</summary>
    public IConfigurationManager<OpenIdConnectConfiguration> ConfigurationManager()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(key);
        return new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
    }

    public string Mint(DevCaller caller, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claims = new List<Claim>
        {
            new("oid", caller.PrincipalId.ToString("D")),
            new("sub", caller.PrincipalId.ToString("D")),
            new("tid", EntraTenantId),
            new("name", caller.DisplayName),
            new("scp", "access_as_user"),
        };
        claims.AddRange(caller.AppRoles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.Add(Lifetime),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>True when <paramref name="token"/> was signed by this issuer for the local audience and has not expired.</summary>
    public async Task<bool> IsValidAsync(string token)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = key,
            ValidateLifetime = true,
        }).ConfigureAwait(false);
        return result.IsValid;
    }
}

/// <summary>A kind of caller the <c>token</c> command mints for, with the app roles the API knows (docs/security.md).</summary>
internal sealed record DevCaller(string Role, Guid PrincipalId, string DisplayName, IReadOnlyList<string> AppRoles)
{
    public static readonly Guid OperatorId = Guid.Parse("10ca1000-0000-4000-8000-000000000001");
    public static readonly Guid PortfolioReaderId = Guid.Parse("10ca1000-0000-4000-8000-000000000002");

    public static DevCaller Operator { get; } = new("Operator", OperatorId, "Local operator", ["VmmAssess.Operator"]);

    public static DevCaller PortfolioReader { get; } = new("PortfolioReader", PortfolioReaderId, "Local portfolio reader", ["VmmAssess.Portfolio.Read"]);

    /// <summary>A tenant reader's principal is derived from its tenants (same tenants, same principal), so readers of
    /// different tenants are different principals with grants of their own.</summary>
    public static DevCaller TenantReader(IReadOnlyCollection<string> tenants, Guid? principal = null)
    {
        var id = principal ?? DerivedId("tenant-reader:" + string.Join(',', tenants.Order(StringComparer.Ordinal)));
        return new("TenantReader", id, "Local reader of " + string.Join(", ", tenants), ["VmmAssess.Tenant.Read"]);
    }

    private static Guid DerivedId(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5-style, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
