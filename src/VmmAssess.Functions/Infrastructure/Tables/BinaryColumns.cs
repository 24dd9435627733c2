using Azure.Data.Tables;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// Spreads a byte array over numbered binary properties (<c>{prefix}00</c>, <c>{prefix}01</c>, …) because Table
/// Storage limits one property to 64 KiB and one entity to 1 MiB.
/// </summary>
internal static class BinaryColumns
{
    /// <summary>Bytes per property, below the 64 KiB limit.</summary>
    public const int ChunkBytes = 63 * 1024;

    /// <summary>Properties per entity: 11 × 63 KiB = 693 KiB. The service counts binary data as bytes against its 1 MiB entity
    /// limit, Azurite counts the base64 text (≈ 924 KiB here); this stays below both.</summary>
    public const int MaxColumnsPerEntity = 11;

    public const int MaxBytesPerEntity = ChunkBytes * MaxColumnsPerEntity;

    public static void Write(TableEntity entity, string prefix, ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxBytesPerEntity)
        {
            throw new ArgumentException($"{data.Length} bytes do not fit one entity.", nameof(data));
        }

        var columns = 0;
        for (var offset = 0; offset < data.Length; offset += ChunkBytes)
        {
            entity[$"{prefix}{columns++:D2}"] = data.Slice(offset, Math.Min(ChunkBytes, data.Length - offset)).ToArray();
        }

        entity[prefix + "Columns"] = columns;
        entity[prefix + "Length"] = data.Length;
    }

    /// <summary>Bytes already held in the entity's binary columns (what another document on it leaves for the next).</summary>
    public static int StoredBytes(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.Select(p => p.Value).OfType<byte[]>().Sum(v => v.Length);
    }

    public static byte[]? Read(TableEntity entity, string prefix)
    {
        if (entity.GetInt32(prefix + "Length") is not { } length || entity.GetInt32(prefix + "Columns") is not { } columns)
        {
            return null;
        }

        var result = new byte[length];
        var offset = 0;
        for (var i = 0; i < columns; i++)
        {
            var part = entity.GetBinary($"{prefix}{i:D2}") ?? throw new InvalidDataException($"Column {prefix}{i:D2} of {entity.RowKey} is missing.");
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return offset == length ? result : throw new InvalidDataException($"Columns {prefix}* of {entity.RowKey} hold {offset} bytes, expected {length}.");
    }

    /// <summary>Approximate size on the wire (binary values travel base64-encoded inside the batch's JSON).</summary>
    public static long WireSize(TableEntity entity)
    {
        long size = 512;
        foreach (var (key, value) in entity)
        {
            size += key.Length + 16 + value switch
            {
                byte[] bytes => (bytes.Length + 2) / 3 * 4,
                BinaryData data => (data.ToMemory().Length + 2) / 3 * 4,
                string text => text.Length * 2,
                _ => 32,
            };
        }

        return size;
    }
}
