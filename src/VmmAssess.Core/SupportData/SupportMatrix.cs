using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.SupportData;

/// <summary>
/// Microsoft's support matrices per target VMM version, loaded from the embedded support-matrix.json so that a
/// new VMM release or a corrected requirement is a data change, not a code change.
/// </summary>
public sealed class SupportMatrix
{
    private readonly SupportMatrixDocument document;
    private readonly Dictionary<TargetVersion, TargetSupport> targets;

    private SupportMatrix(SupportMatrixDocument document, IReadOnlyDictionary<string, SourceReference> sources)
    {
        this.document = document;
        Sources = sources;
        targets = document.Targets.ToDictionary(t => ParseTarget(t.Key), t => t.Value);
        windowsBuilds = new Dictionary<string, PlatformRelease>(document.WindowsBuilds, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        hciBuilds = new Dictionary<string, PlatformRelease>(document.HciBuilds ?? [], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private readonly Dictionary<string, PlatformRelease>.AlternateLookup<ReadOnlySpan<char>> hciBuilds;

    /// <summary>
    /// Maps a host's build to a release, reading the caption too: Azure Stack HCI and Azure Local share builds with
    /// Windows Server (10.0.20348 is Windows Server 2022 and HCI 21H2; 10.0.25398 is Windows Server 23H2 and Azure
    /// Local), and Microsoft's host tables list them on separate rows.
    /// </summary>
    public PlatformRelease? HostRelease(OperatingSystemInfo? os)
    {
        if (os is null)
        {
            return null;
        }

        // Two rules ask this for every Hyper-V host, and the captions and builds of an estate are a few shared strings
        // (the reader pools them): remember recent answers per thread, keyed by the strings' identity (immutable, so the
        // same reference is the same value). Nothing is allocated once the table exists.
        var table = hostReleases ??= new HostReleaseEntry[HostReleaseSlots];
        var slot = (RuntimeHelpers.GetHashCode(os.Caption ?? "") * 31 + RuntimeHelpers.GetHashCode(os.Build ?? "")) & (HostReleaseSlots - 1);
        ref var entry = ref table[slot];
        if (entry.Filled && ReferenceEquals(entry.Matrix, this) && ReferenceEquals(entry.Caption, os.Caption) && ReferenceEquals(entry.Build, os.Build))
        {
            return entry.Release;
        }

        var release = IsHci(os.Caption) && BuildKey(os.Build) is { } key
            ? (hciBuilds.TryGetValue(key, out var hci) ? hci : null)
            : WindowsRelease(os.Build);
        entry = new HostReleaseEntry(true, this, os.Caption, os.Build, release);
        return release;
    }

    private const int HostReleaseSlots = 64;

    [ThreadStatic]
    private static HostReleaseEntry[]? hostReleases;

    private readonly record struct HostReleaseEntry(bool Filled, SupportMatrix? Matrix, string? Caption, string? Build, PlatformRelease? Release);

    public static bool IsHci(string? caption) =>
        caption is not null && (caption.Contains("Azure Stack HCI", StringComparison.OrdinalIgnoreCase) || caption.Contains("Azure Local", StringComparison.OrdinalIgnoreCase));

    private static ReadOnlySpan<char> BuildKeyOrEmpty(string build)
    {
        var span = build.AsSpan();
        var dots = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == '.' && ++dots == 3)
            {
                return span[..i];
            }
        }

        return dots >= 2 ? span : [];
    }

    private static string? BuildKey(string? build) =>
        string.IsNullOrWhiteSpace(build) || BuildKeyOrEmpty(build).IsEmpty ? null : BuildKeyOrEmpty(build).ToString();

    private readonly Dictionary<string, PlatformRelease>.AlternateLookup<ReadOnlySpan<char>> windowsBuilds;

    public static SupportMatrix Default { get; } = Load();

    public IReadOnlyDictionary<string, SourceReference> Sources { get; }

    public IReadOnlyList<UpgradePathEntry> UpgradePaths => document.UpgradePaths;

    /// <summary>Windows builds ("10.0.17763") the data recognises; any other build is unmapped.</summary>
    public IReadOnlyDictionary<string, PlatformRelease> WindowsBuilds => document.WindowsBuilds;

    /// <summary>SQL Server versions ("15", or "10.50" for 10.x) the data recognises; any other version is unmapped.</summary>
    public IReadOnlyDictionary<string, PlatformRelease> SqlVersions => document.SqlVersions;

    /// <summary>Whether the support data covers <paramref name="target"/> (an undefined value, such as a default-initialised one, is not).</summary>
    public bool Covers(TargetVersion target) => targets.ContainsKey(target);

    public TargetSupport For(TargetVersion target) =>
        targets.TryGetValue(target, out var support)
            ? support
            : throw new InvalidOperationException($"The support matrix has no entry for VMM {target.ToWire()}.");

    /// <summary>Maps a Windows build ("10.0.17763" or "10.0.17763.1234") to a release; unmapped builds give null (Unknown, never a guess).</summary>
    public PlatformRelease? WindowsRelease(string? build)
    {
        if (string.IsNullOrWhiteSpace(build))
        {
            return null;
        }

        // The key is the first three dot-separated parts ("10.0.17763" of "10.0.17763.1234"), looked up without allocating.
        var span = build.AsSpan();
        var dots = 0;
        var end = span.Length;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == '.' && ++dots == 3)
            {
                end = i;
                break;
            }
        }

        return dots >= 2 && windowsBuilds.TryGetValue(span[..end], out var release) ? release : null;
    }

    /// <summary>Maps a SQL Server build ("15.0.2000.5", "10.50.6000.34") to a release by major (and, for 10.x, minor) version.</summary>
    public PlatformRelease? SqlRelease(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var parts = version.Split('.');
        if (parts.Length >= 2 && document.SqlVersions.TryGetValue(parts[0] + "." + parts[1], out var exact))
        {
            return exact;
        }

        return parts[0] != "10" && document.SqlVersions.TryGetValue(parts[0], out var major) ? major : null;
    }

    public string WindowsReleaseName(string id) =>
        (document.WindowsBuilds.Values.FirstOrDefault(r => r.Id == id) ?? document.HciBuilds?.Values.FirstOrDefault(r => r.Id == id))?.Name ?? id;

    /// <summary>The build number (third part, 17763 of 10.0.17763) of a Windows or HCI release id, for ordering releases.</summary>
    public int? ReleaseBuildNumber(string id)
    {
        var key = document.WindowsBuilds.FirstOrDefault(kv => kv.Value.Id == id).Key
            ?? document.HciBuilds?.FirstOrDefault(kv => kv.Value.Id == id).Key;
        return BuildNumber(key);
    }

    /// <summary>The third part of a build string ("10.0.17763.1234" gives 17763), or null.</summary>
    public static int? BuildNumber(string? build)
    {
        var parts = build?.Split('.');
        return parts is { Length: >= 3 } && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    public string SqlReleaseName(string id) => document.SqlVersions.Values.FirstOrDefault(r => r.Id == id)?.Name ?? id;

    public IReadOnlyList<SourceReference> References(IEnumerable<string> sourceKeys) =>
        sourceKeys.Select(key => Sources.TryGetValue(key, out var source)
            ? source with { Key = key }
            : throw new InvalidOperationException($"Unknown source key '{key}'.")).ToArray();

    private static TargetVersion ParseTarget(string value) =>
        Enum.TryParse<TargetVersion>("Vmm" + value, out var target)
            ? target
            : throw new InvalidOperationException($"Support matrix names an unknown target '{value}'.");

    private static SupportMatrix Load()
    {
        var matrix = ReadResource("support-matrix.json", SupportDataJsonContext.Default.SupportMatrixDocument);
        var sources = ReadResource("sources.json", SupportDataJsonContext.Default.DictionaryStringSourceReference);
        return new SupportMatrix(matrix, sources);
    }

    private static T ReadResource<T>(string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var resource = "VmmAssess.Core.SupportData." + name;
        using var stream = typeof(SupportMatrix).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded support data '{resource}' is missing.");
        return JsonSerializer.Deserialize(stream, typeInfo) ?? throw new InvalidOperationException($"Embedded support data '{resource}' is empty.");
    }
}

public static class VersionNames
{
    public static string ToWire(this TargetVersion target) => ((int)target).ToString(CultureInfo.InvariantCulture);

    public static string ToWire(this VmmProduct product) => product switch
    {
        VmmProduct.Vmm2012R2 => "2012R2",
        VmmProduct.Vmm2016 => "2016",
        VmmProduct.Vmm1801 => "1801",
        VmmProduct.Vmm1807 => "1807",
        VmmProduct.Vmm2019 => "2019",
        VmmProduct.Vmm2022 => "2022",
        VmmProduct.Vmm2025 => "2025",
        _ => product.ToString(),
    };

    public static string DisplayName(this VmmProduct product) => product == VmmProduct.Vmm2012R2 ? "VMM 2012 R2" : "VMM " + product.ToWire();

    public static string DisplayName(this TargetVersion target) => "VMM " + target.ToWire();

    public static bool TryParseTarget(string? value, out TargetVersion target)
    {
        target = default;
        return value is "2016" or "2019" or "2022" or "2025" && Enum.TryParse("Vmm" + value, out target);
    }

    public static bool TryParseProduct(string? value, out VmmProduct product)
    {
        product = default;
        return value is "2012R2" or "2016" or "1801" or "1807" or "2019" or "2022" or "2025" && Enum.TryParse("Vmm" + value, out product);
    }
}
