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
    /// by measurement (docs/performance.md, section 2, "Stored layout v2"): on assessment results level 1 takes about
    /// half the CPU of <see cref="CompressionLevel.Optimal"/> (level 6) for 30–45 % more bytes (10–13 KB per
    /// assessment), far below the entity limits; a stored document is read back whatever its level.
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

    /// <summary>Gzip of a snapshot to store (<see cref="CompressionLevel.Optimal"/>: kept for its retention period),
    /// compressed into a pooled buffer and copied out once at its final size.</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new PooledBufferStream(data.Length / 8 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.WrittenSpan.ToArray();
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

    /// <summary>
    /// Reads a request body into one array of its final size: <paramref name="declaredLength"/> (Content-Length) sizes it
    /// up front; without one the body is gathered in pooled buffers and copied out once. A body longer than declared is
    /// read on (bounded by <paramref name="maxBytes"/>), a shorter one is returned as it is: the content, not the header,
    /// is validated.
    /// </summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long? declaredLength, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (declaredLength is > 0 and var length && length <= maxBytes)
        {
            var exact = new byte[length];
            var filled = 0;
            int read;
            while (filled < exact.Length && (read = await stream.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            if (filled < exact.Length)
            {
                return exact[..filled];
            }

            var probe = new byte[1];
            if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
            {
                return exact;
            }

            using var longer = new PooledBufferStream(exact.Length + 4096);
            longer.Write(exact);
            longer.Write(probe);
            await ReadRestAsync(stream, longer, maxBytes, cancellationToken).ConfigureAwait(false);
            return longer.WrittenSpan.ToArray();
        }

        using var gathered = new PooledBufferStream(64 * 1024);
        await ReadRestAsync(stream, gathered, maxBytes, cancellationToken).ConfigureAwait(false);
        return gathered.WrittenSpan.ToArray();
    }

    private static async Task ReadRestAsync(Stream stream, PooledBufferStream output, long maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var free = output.GetMemory(16 * 1024);
            var read = await stream.ReadAsync(free, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            if (output.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException(maxBytes);
            }

            output.Advance(read);
        }
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
