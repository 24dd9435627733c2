using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.SupportData;

// The shapes of support-matrix.json and sources.json, as SupportMatrix reads them.

/// <summary>
/// A part of the support data, named after its property in support-matrix.json, so that a rule can say what it reads
/// and its page in docs/rules/ can show that slice. The target sections exist once per target version.
/// </summary>
public enum SupportDataSection
{
    UpgradePaths,
    WindowsBuilds,
    SqlVersions,
    ManagementServerOs,
    Adk,
    Sql,
    LibraryOs,
    HyperVHostOs,
    Esx,
    VCenter,
    GmsaServiceAccount,
    DynamicMemoryStartupMB,
}

public sealed record SourceReference(string Title, string Url)
{
    public string? Key { get; init; }

    /// <summary>The VMM versions a page is about (wire names); null for a page about every version.</summary>
    public IReadOnlyList<string>? Versions { get; init; }

    /// <summary>A page about a specific version is cited only on findings that judge that version.</summary>
    public bool IsAbout(IReadOnlyCollection<string> judgedVersions) => Versions is null || Versions.Any(judgedVersions.Contains);
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
    bool GmsaServiceAccount,
    int? DynamicMemoryStartupMB = null);

/// <param name="PartialListing">
/// True where Microsoft's table names only some releases, so that a release it does not name is "not listed" rather
/// than unsupported. No list uses it since rule pack 2026.11.2: the VMM 2022/2025 "Server operating system" table is one
/// table for the VMM server, remote library and remote database, and is read as complete for all three.
/// </param>
/// <param name="UnsupportedCaptions">
/// Editions the table rules out although they share a supported release's build (Hyper-V Server 2016/2019 under VMM
/// 2019 and later), recognised by the operating system caption.
/// </param>
public sealed record OsRequirementList(IReadOnlyList<string> SourceKeys, IReadOnlyList<OsRequirement> Supported, bool PartialListing = false,
    IReadOnlyList<string>? UnsupportedCaptions = null)
{
    public bool IsUnsupportedEdition(string? caption)
    {
        if (caption is null || UnsupportedCaptions is not { } captions)
        {
            return false;
        }

        // A loop rather than Any with a lambda: called per host, the lambda's closure was allocated on every call.
        foreach (var unsupported in Rules.ItemChecks.AsSpan(captions))
        {
            if (caption.Contains(unsupported, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True, false, or null when the snapshot does not say enough (unmapped build, unknown installation type).</summary>
    public bool? Supports(PlatformRelease? release, InstallationType? installationType)
    {
        if (release is null)
        {
            return null;
        }

        // One pass, no allocation: whether a requirement names the release, whether one of those covers every
        // installation type, and whether one names this installation type.
        bool matched = false, anyType = false, thisType = false;
        for (var i = 0; i < Supported.Count; i++)
        {
            var requirement = Supported[i];
            if (requirement.Os != release.Id)
            {
                continue;
            }

            matched = true;
            if (requirement.InstallationType is null)
            {
                anyType = true;
            }
            else if (requirement.InstallationType == installationType)
            {
                thisType = true;
            }
        }

        if (!matched)
        {
            return false;
        }

        if (anyType)
        {
            return true;
        }

        return installationType is null ? null : thisType;
    }

    /// <summary>The requirement that admits this release (and edition), if any.</summary>
    public OsRequirement? Match(PlatformRelease? release, InstallationType? installationType)
    {
        if (release is null)
        {
            return null;
        }

        // A loop rather than FirstOrDefault with a lambda: called per host, it must not allocate.
        foreach (var requirement in Rules.ItemChecks.AsSpan(Supported))
        {
            if (requirement.Os == release.Id && (requirement.InstallationType is null || requirement.InstallationType == installationType))
            {
                return requirement;
            }
        }

        return null;
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

/// <param name="MinBuild">Lowest supported build of that release (a service pack level), e.g. 11.0.3000 for SQL Server 2012 SP1.</param>
/// <param name="MinBuildName">How to name that level to a person ("SP1").</param>
public sealed record SqlRequirement(string Id, int? MinUpdateRollup, string? MinBuild = null, string? MinBuildName = null)
{
    /// <summary>True when the build meets <see cref="MinBuild"/>; null when the build cannot be read as a version.</summary>
    public bool? MeetsMinBuild(string build)
    {
        if (MinBuild is null)
        {
            return true;
        }

        return Version.TryParse(build, out var actual) && Version.TryParse(MinBuild, out var minimum) ? actual >= minimum : null;
    }
}

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
        if (!TryMajorMinor(version, out var majorMinor))
        {
            return null;
        }

        for (var i = 0; i < Supported.Count; i++)
        {
            var requirement = Supported[i];
            if (majorMinor.SequenceEqual(requirement.Version))
            {
                return requirement;
            }
        }

        return null;
    }

    /// <summary>True when a supported version matches, false when none does, null when the version cannot be read.</summary>
    internal bool? Supports(string? version)
    {
        if (!TryMajorMinor(version, out var majorMinor))
        {
            return null;
        }

        foreach (var requirement in Rules.ItemChecks.AsSpan(Supported))
        {
            if (majorMinor.SequenceEqual(requirement.Version))
            {
                return true;
            }
        }

        return false;
    }

    public static string? MajorMinor(string? version) => TryMajorMinor(version, out var majorMinor) ? majorMinor.ToString() : null;

    /// <summary>
    /// The "major.minor" prefix of the first space-separated token (both parts non-empty ASCII digits), as a slice of
    /// <paramref name="version"/>, without allocating: "6.7" of "6.7.0 build 123".
    /// </summary>
    private static bool TryMajorMinor(string? version, out ReadOnlySpan<char> majorMinor)
    {
        majorMinor = default;
        if (version is null)
        {
            return false;
        }

        // Fast path for the usual shapes ("6.7", "6.7.0", "6.7.0 build 123"): digits, a dot, digits, then a dot, a
        // space or the end. The general path below gives the same answer for these; it handles everything else.
        var text = version.AsSpan();
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i > 0 && i < text.Length && text[i] == '.')
        {
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            if (j > i + 1 && (j == text.Length || text[j] == '.' || text[j] == ' '))
            {
                majorMinor = text[..j];
                return true;
            }
        }

        if (string.IsNullOrWhiteSpace(version))
        {
            return false;
        }

        var token = version.AsSpan().Trim();
        var space = token.IndexOf(' ');
        if (space >= 0)
        {
            token = token[..space];
        }

        var firstDot = token.IndexOf('.');
        if (firstDot < 0)
        {
            return false;
        }

        var major = token[..firstDot];
        var rest = token[(firstDot + 1)..];
        var secondDot = rest.IndexOf('.');
        var minor = secondDot >= 0 ? rest[..secondDot] : rest;
        if (major.IsEmpty || minor.IsEmpty || major.ContainsAnyExcept(AsciiDigits) || minor.ContainsAnyExcept(AsciiDigits))
        {
            return false;
        }

        majorMinor = token[..(firstDot + 1 + minor.Length)];
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiDigits = System.Buffers.SearchValues.Create("0123456789");

    public string Describe() => string.Join(", ", Supported.Select(s => s.Version + (s.MinUpdateRollup is { } ur ? $" (UR{ur}+)" : "")));
}

public sealed record VersionRequirement(string Version, int? MinUpdateRollup);

internal sealed record SupportMatrixDocument(
    Dictionary<string, PlatformRelease> WindowsBuilds,
    Dictionary<string, PlatformRelease>? HciBuilds,
    Dictionary<string, PlatformRelease> SqlVersions,
    IReadOnlyList<UpgradePathEntry> UpgradePaths,
    Dictionary<string, TargetSupport> Targets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SupportMatrixDocument))]
[JsonSerializable(typeof(Dictionary<string, SourceReference>))]
internal sealed partial class SupportDataJsonContext : JsonSerializerContext;
