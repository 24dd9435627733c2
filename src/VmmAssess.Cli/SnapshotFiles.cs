using VmmAssess.Core.Snapshots;

namespace VmmAssess.Cli;

/// <summary>One input file and what reading it gave.</summary>
internal sealed record SnapshotFile(string Path, SnapshotParseResult Result);

internal static class SnapshotFiles
{
    /// <summary>Snapshots larger than this are refused before reading; a real estate of 5,000 hosts is about 2 MB.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>A file, or every *.json file of a folder in ordinal name order (so portfolio output is stable).</summary>
    public static IReadOnlyList<string> Resolve(string path)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*.json", SearchOption.TopDirectoryOnly)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }

        if (File.Exists(path))
        {
            return [path];
        }

        throw new UsageException($"'{path}' is neither a file nor a folder.");
    }

    public static SnapshotFile Read(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            return new SnapshotFile(path, new SnapshotParseResult(null, [new ValidationError("$", $"the file is {info.Length} bytes; the limit is {MaxBytes}")]));
        }

        var bytes = IsGzip(path) ? Decompress(path) : File.ReadAllBytes(path);
        return new SnapshotFile(path, SnapshotParser.Parse(bytes));
    }

    private static bool IsGzip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[2];
        return stream.Read(header) == 2 && header[0] == 0x1f && header[1] == 0x8b;
    }

    private static byte[] Decompress(string path)
    {
        using var input = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > MaxBytes)
            {
                throw new UsageException($"'{path}' decompresses to more than {MaxBytes} bytes.");
            }
        }

        return output.ToArray();
    }
}

internal sealed class UsageException(string message) : Exception(message);
