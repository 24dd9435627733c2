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
        using var input = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(gzip, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(gzip.ToArray(), writable: false);
        using var stream = new GZipStream(input, CompressionMode.Decompress);

        // The gzip trailer's ISIZE (uncompressed size mod 2^32) sizes the output once, instead of a growing buffer and a
        // final copy (about three times the document). It is only a hint: a body that disagrees takes the general path.
        var hint = gzip.Length >= 18 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(gzip.Span[^4..]) : 0u;
        if (hint == 0 || hint > maxBytes)
        {
            return ReadLimited(stream, maxBytes);
        }

        var output = new byte[hint];
        var filled = 0;
        int read;
        while (filled < output.Length && (read = stream.Read(output, filled, output.Length - filled)) > 0)
        {
            filled += read;
        }

        if (filled < output.Length)
        {
            return output[..filled];
        }

        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) == 0)
        {
            return output;
        }

        // More data than the trailer announced (several members, or a forged trailer): continue with the bound.
        using var rest = new MemoryStream();
        rest.Write(output);
        rest.Write(probe);
        var buffer = new byte[81920];
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (rest.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException(maxBytes);
            }

            rest.Write(buffer, 0, read);
        }

        return rest.Length > maxBytes ? throw new PayloadTooLargeException(maxBytes) : rest.ToArray();
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
