using VmmAssess.Core.Snapshots;

namespace VmmAssess.Cli;

/// <summary>One input file, what reading it gave, and (for validate) the raw bytes read.</summary>
internal sealed record SnapshotFile(string Path, SnapshotParseResult Result, byte[]? Utf8Json = null);

internal static class SnapshotFiles
{
    /// <summary>Snapshots larger than this are refused before reading; a real estate of 5,000 hosts is about 2 MB.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>What a folder contributes: snapshots as the collector writes them, plain or gzip-compressed.</summary>
    private static readonly string[] FolderPatterns = ["*.json", "*.json.gz"];

    /// <summary>
    /// Files, folders and glob patterns (the shell expands them on Linux, cmd.exe and PowerShell do not) to one list of
    /// files without duplicates: each input in the order given, a folder's or pattern's matches in ordinal path order,
    /// so portfolio output is stable.
    /// </summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> inputs, bool recursive)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            foreach (var file in ResolveOne(input, recursive))
            {
                if (seen.Add(Path.GetFullPath(file)))
                {
                    files.Add(file);
                }
            }
        }

        return files;
    }

    private static string[] ResolveOne(string input, bool recursive)
    {
        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        if (Directory.Exists(input))
        {
            var found = FolderPatterns.SelectMany(p => Directory.EnumerateFiles(input, p, option)).Order(StringComparer.Ordinal).ToArray();
            return found.Length > 0 ? found
                : throw new UsageException($"'{input}' contains no .json or .json.gz snapshot{(recursive ? "" : " (add --recursive to search its subfolders)")}.");
        }

        if (File.Exists(input))
        {
            return [input];
        }

        if (input.IndexOfAny(['*', '?']) >= 0)
        {
            var folder = Path.GetDirectoryName(input) is { Length: > 0 } dir ? dir : ".";
            var pattern = Path.GetFileName(input);
            if (folder.IndexOfAny(['*', '?']) >= 0)
            {
                throw new UsageException($"'{input}': wildcards are supported in the file name only; name the folder and use --recursive.");
            }

            if (!Directory.Exists(folder))
            {
                throw new UsageException($"'{input}': the folder '{folder}' does not exist.");
            }

            var matches = Directory.EnumerateFiles(folder, pattern, option).Order(StringComparer.Ordinal).ToArray();
            return matches.Length > 0 ? matches : throw new UsageException($"'{input}' matches no file.");
        }

        throw new UsageException(input.StartsWith('-')
            ? $"'{input}' is not an option of this command (see --help), nor a file or folder."
            : $"'{input}' is neither a file nor a folder.");
    }

    public static SnapshotFile Read(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            return new SnapshotFile(path, Invalid($"the file is {info.Length} bytes; the limit is {MaxBytes}"));
        }

        var bytes = IsGzip(path) ? Decompress(path) : File.ReadAllBytes(path);
        if (WideEncoding(bytes) is { } encoding)
        {
            // Windows PowerShell 5.1's `>` and Out-File write UTF-16: the commonest way a good snapshot arrives unreadable.
            return new SnapshotFile(path, Invalid(
                $"the file is {encoding} text; a snapshot is UTF-8 JSON. Write it with Export-VmmAssessmentSnapshot, " +
                "or re-save it as UTF-8 (PowerShell: Get-Content <file> | Set-Content -Encoding utf8 <new file>)."));
        }

        return new SnapshotFile(path, SnapshotParser.Parse(bytes), bytes);
    }

    /// <summary>UTF-32 or UTF-16 by byte order mark, or UTF-16 by the zero bytes ASCII JSON has in that encoding.</summary>
    internal static string? WideEncoding(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] => "UTF-32 (little-endian)",
        [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32 (big-endian)",
        [0xFF, 0xFE, ..] => "UTF-16 (little-endian)",
        [0xFE, 0xFF, ..] => "UTF-16 (big-endian)",
        [not 0, 0, 0, 0, ..] => "UTF-32 (little-endian)",
        [0, 0, 0, not 0, ..] => "UTF-32 (big-endian)",
        [not 0, 0, ..] => "UTF-16 (little-endian)",
        [0, not 0, ..] => "UTF-16 (big-endian)",
        _ => null,
    };

    private static SnapshotParseResult Invalid(string message) => new(null, [new ValidationError("$", message)]);

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
