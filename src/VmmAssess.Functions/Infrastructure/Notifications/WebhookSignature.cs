using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VmmAssess.Functions.Infrastructure.Notifications;

/// <summary>
/// Signing as the Standard Webhooks specification (https://www.standardwebhooks.com) defines it, so its libraries
/// verify our calls: the secret is <c>whsec_</c> + base64 of 32 random bytes; the signature is
/// <c>v1,</c> + base64(HMAC-SHA256(secret bytes, "{webhook-id}.{webhook-timestamp}.{body}")), the timestamp in Unix
/// seconds. Headers: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>24 to 64 bytes, as the specification allows; ours are 32.</summary>
    public const int SecretBytes = 32;

    public static byte[] NewSecretKey() => RandomNumberGenerator.GetBytes(SecretBytes);

    /// <summary>The secret as shown to the operator (once) and given to the receiver's library.</summary>
    public static string SecretText(ReadOnlySpan<byte> key) => SecretPrefix + Convert.ToBase64String(key);

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>webhook-signature</c> header value for one call.</summary>
    public static string Sign(ReadOnlySpan<byte> key, string webhookId, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(webhookId);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
