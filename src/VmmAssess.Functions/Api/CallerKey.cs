using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace VmmAssess.Functions.Api;

/// <summary>
/// Who is calling, as a key for per-caller limits, decided before authentication (a flood is refused before it costs
/// a token validation or a storage read): a hash of the credential the request carries (the collector key, else the
/// bearer token), which nobody can produce for another caller, else the client address. A renewed token starts a new
/// window; the limit is per instance. Never the credential itself: the value may appear in memory dumps or logs.
/// </summary>
public static class CallerKey
{
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers[Security.CallerAuthenticator.CollectorKeyHeader].ToString();
        if (key.Length == 0)
        {
            key = request.Headers.Authorization.ToString();
        }

        if (key.Length > 0)
        {
            return "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12));
        }

        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim();
        return "ip:" + (forwarded.Length > 0 ? forwarded : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
