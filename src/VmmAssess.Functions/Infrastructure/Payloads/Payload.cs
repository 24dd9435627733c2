using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;

namespace VmmAssess.Functions.Infrastructure.Payloads;

/// <summary>
/// The one home of what is done to snapshot bytes: gzip and its bounded inverse (a small body must not inflate into
/// gigabytes), bounded reads of a request or message body, and the content hash that identifies a document.
/// </summary>
public static class Payload
{
    public static bool LooksLikeGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1F && data[1] == 0x8B;

    /// <summary>
    /// zlib level of the JSON documents the app stores in binary columns (assessment results, validation errors), chosen
    /// by measurement (docs/performance.md, section 2, "Compression level"): on assessment results, level 1 compresses
    /// about three times faster than <see cref="CompressionLevel.Optimal"/> (level 6) for a few percent more bytes,
    /// which are far below the entity limits; the stored document is read back whatever the level.
    /// </summary>
    public const int DocumentCompressionLevel = 1;

    /// <summary>Serializes <paramref name="value"/> as JSON straight into a gzip stream over a pooled buffer (no
    /// intermediate JSON array). The caller copies the bytes out and disposes the buffer.</summary>
    public static PooledBufferStream GzipJson<T>(T value, JsonTypeInfo<T> typeInfo, int level = DocumentCompressionLevel)
    {
        var output = new PooledBufferStream();
        try
        {
            using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
            {
                JsonSerializer.Serialize(gzip, value, typeInfo);
            }

            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

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
