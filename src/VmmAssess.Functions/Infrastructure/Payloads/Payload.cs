using System.IO.Compression;
using System.Security.Cryptography;

namespace VmmAssess.Functions.Infrastructure.Payloads;

/// <summary>
/// The one home of what is done to snapshot bytes: gzip and its bounded inverse (a small body must not inflate into
/// gigabytes), bounded reads of a request or message body, and the content hash that identifies a document.
/// </summary>
public static class Payload
{
    public static bool LooksLikeGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1F && data[1] == 0x8B;

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 6 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates <paramref name="gzip"/>; throws <see cref="PayloadTooLargeException"/> past <paramref name="maxBytes"/>
    /// and <see cref="InvalidDataException"/> when the data is not gzip.</summary>
    public static byte[] Gunzip(ReadOnlyMemory<byte> gzip, long maxBytes)
    {
        using var input = new MemoryStream(gzip.ToArray(), writable: false);
        using var stream = new GZipStream(input, CompressionMode.Decompress);
        return ReadLimited(stream, maxBytes);
    }

    public static byte[] ReadLimited(Stream stream, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException(maxBytes);
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    public static async Task<byte[]> ReadLimitedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException(maxBytes);
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    /// <summary>Content hash of a snapshot document (hex SHA-256 of the JSON bytes, independent of compression).</summary>
    public static string ContentHash(ReadOnlySpan<byte> json) => Convert.ToHexStringLower(SHA256.HashData(json));
}

public sealed class PayloadTooLargeException(long maxBytes)
    : Exception($"The payload exceeds {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
