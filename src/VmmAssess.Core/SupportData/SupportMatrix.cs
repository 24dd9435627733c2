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
    }

    public static SupportMatrix Default { get; } = Load();

    public IReadOnlyDictionary<string, SourceReference> Sources { get; }

    public IReadOnlyList<UpgradePathEntry> UpgradePaths => document.UpgradePaths;

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

        var parts = build.Split('.');
        return parts.Length >= 3 && document.WindowsBuilds.TryGetValue(string.Join('.', parts[0], parts[1], parts[2]), out var release) ? release : null;
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

    public string WindowsReleaseName(string id) => document.WindowsBuilds.Values.FirstOrDefault(r => r.Id == id)?.Name ?? id;

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

public sealed record SourceReference(string Title, string Url)
{
    public string? Key { get; init; }
}

public sealed record PlatformRelease(string Id, string Name);

public sealed record UpgradePathEntry(string Target, IReadOnlyList<UpgradeSource> Sources, IReadOnlyList<string> SourceKeys);

public sealed record UpgradeSource(string Product, int? MinUpdateRollup);

public sealed record TargetSupport(
    OsRequirementList ManagementServerOs,
    AdkRequirement Adk,
    SqlRequirementList Sql,
    OsRequirementList LibraryOs,
    OsRequirementList HyperVHostOs,
    VersionRequirementList Esx,
    [property: JsonPropertyName("vCenter")] VersionRequirementList VCenter,
    bool GmsaServiceAccount);

/// <param name="PartialListing">
/// True where Microsoft's table names only some releases (VMM 2022 and 2025 list a single library server OS): a release
/// it does not name is "not listed" rather than explicitly unsupported, which the rules report as a warning, not a blocker.
/// </param>
public sealed record OsRequirementList(IReadOnlyList<string> SourceKeys, IReadOnlyList<OsRequirement> Supported, bool PartialListing = false)
{
    /// <summary>True, false, or null when the snapshot does not say enough (unmapped build, unknown installation type).</summary>
    public bool? Supports(PlatformRelease? release, InstallationType? installationType)
    {
        if (release is null)
        {
            return null;
        }

        var matches = Supported.Where(r => r.Os == release.Id).ToList();
        if (matches.Count == 0)
        {
            return false;
        }

        if (matches.Any(r => r.InstallationType is null))
        {
            return true;
        }

        return installationType is null ? null : matches.Any(r => r.InstallationType == installationType);
    }

    public string Describe(SupportMatrix matrix) => string.Join(", ", Supported.Select(r =>
    {
        var name = matrix.WindowsReleaseName(r.Os);
        var edition = r.InstallationType switch
        {
            InstallationType.Server => " (Desktop Experience)",
            InstallationType.ServerCore => " (Server Core)",
            _ => "",
        };
        return name + edition + (r.MinUpdateRollup is { } ur ? $" (from UR{ur})" : "");
    }));
}

public sealed record OsRequirement(string Os, InstallationType? InstallationType, int? MinUpdateRollup);

public sealed record SqlRequirementList(IReadOnlyList<string> SourceKeys, IReadOnlyList<SqlRequirement> Supported);

public sealed record SqlRequirement(string Id, int? MinUpdateRollup);

public sealed record AdkRequirement(IReadOnlyList<string> SourceKeys, string Name, int MinBuild, int? MaxBuild)
{
    /// <summary>ADK versions look like 10.1.22621.1; the third part names the Windows release the kit belongs to.</summary>
    public bool? Supports(string? adkVersion)
    {
        if (string.IsNullOrWhiteSpace(adkVersion))
        {
            return null;
        }

        var parts = adkVersion.Split('.');
        if (parts.Length < 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var build))
        {
            return null;
        }

        // Kits before the ADK for Windows 10 (8.100.26866 is the ADK for Windows 8.1) number their third part
        // differently, and no target accepts them.
        if (major < 10)
        {
            return false;
        }

        return build >= MinBuild && (MaxBuild is null || build <= MaxBuild);
    }
}

public sealed record VersionRequirementList(IReadOnlyList<string> SourceKeys, IReadOnlyList<VersionRequirement> Supported)
{
    /// <summary>Matches "6.7", "6.7.0" or "6.7.0 build 123" on major.minor.</summary>
    public VersionRequirement? Find(string? version)
    {
        var majorMinor = MajorMinor(version);
        return majorMinor is null ? null : Supported.FirstOrDefault(s => s.Version == majorMinor);
    }

    public static string? MajorMinor(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var token = version.Trim().Split(' ')[0];
        var parts = token.Split('.');
        return parts.Length >= 2 && parts.Take(2).All(p => p.Length > 0 && p.All(char.IsAsciiDigit)) ? parts[0] + "." + parts[1] : null;
    }

    public string Describe() => string.Join(", ", Supported.Select(s => s.Version + (s.MinUpdateRollup is { } ur ? $" (UR{ur}+)" : "")));
}

public sealed record VersionRequirement(string Version, int? MinUpdateRollup);

internal sealed record SupportMatrixDocument(
    Dictionary<string, PlatformRelease> WindowsBuilds,
    Dictionary<string, PlatformRelease> SqlVersions,
    IReadOnlyList<UpgradePathEntry> UpgradePaths,
    Dictionary<string, TargetSupport> Targets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SupportMatrixDocument))]
[JsonSerializable(typeof(Dictionary<string, SourceReference>))]
internal sealed partial class SupportDataJsonContext : JsonSerializerContext;
