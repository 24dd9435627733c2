using System.Security.Cryptography;
using System.Text;

namespace VmmAssess.Functions.Application.Access;

/// <summary>
/// The proof a direct-to-queue collector attaches to each message (docs/security.md, "Signed queue messages"):
/// <c>Base64(HMAC-SHA256(signingKey, "v1\n{keyId}\n{tenantId}\n{messageId}\n{hex SHA-256 of the body}"))</c> with
/// <c>signingKey = HMAC-SHA256(key text, "vmmassess-queue-signing-v1")</c>. The body hash binds the signature to the
/// bytes sent, the tenant and message id to what the message claims.
/// </summary>
public static class QueueSignature
{
    private static readonly byte[] SigningLabel = Encoding.UTF8.GetBytes("vmmassess-queue-signing-v1");

    public static byte[] SigningKey(string keyText) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(keyText), SigningLabel);

    public static string Canonical(string keyId, string tenantId, string messageId, ReadOnlySpan<byte> body) =>
        $"v1\n{keyId}\n{tenantId}\n{messageId}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";

    public static string Sign(byte[] signingKey, string keyId, string tenantId, string messageId, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(Canonical(keyId, tenantId, messageId, body))));

    public static bool Verify(byte[] signingKey, string keyId, string tenantId, string messageId, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(signingKey, keyId, tenantId, messageId, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
