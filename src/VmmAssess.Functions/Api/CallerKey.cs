using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace VmmAssess.Functions.Api;

/// <summary>
/// Who is calling, as a key for per-caller limits: today a hash of the function key the request carries (header
/// <c>x-functions-key</c> or query <c>code</c>), else the client address. The one place to swap for the authenticated
/// principal once tenant-scoped auth exists. Never the key itself: the value may appear in memory dumps or logs.
/// </summary>
public static class CallerKey
{
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers["x-functions-key"].ToString();
        if (key.Length == 0)
        {
            key = request.Query["code"].ToString();
        }

        if (key.Length > 0)
        {
            return "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12));
        }

        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim();
        return "ip:" + (forwarded.Length > 0 ? forwarded : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
