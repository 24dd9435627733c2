using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;
using VmmAssess.Core.Assessment;

namespace VmmAssess.Core.Rules;

/// <summary>Wording shared by rules, so evidence reads the same across the catalog.</summary>
internal static class RuleText
{
    public static string? Os(SupportMatrix matrix, OperatingSystemInfo? os)
    {
        if (os is null)
        {
            return null;
        }

        var release = matrix.WindowsRelease(os.Build);
        var name = release?.Name ?? os.Caption ?? "unmapped build";
        var edition = os.InstallationType switch
        {
            InstallationType.ServerCore => " Server Core",
            InstallationType.Server => " Desktop Experience",
            _ => "",
        };
        return $"{name}{edition} ({os.Build})";
    }

    public static string Names(IEnumerable<string> names) => string.Join(", ", names);

    /// <summary>
    /// For a hop after the first, which of the hop's releases the version running until then also supports, so that
    /// a server or host changed before the hop stays supported by the running version (VMM 2019 does not manage
    /// Windows Server 2022 hosts that VMM 2022 needs).
    /// </summary>
    public static string WithBridge(RuleContext context, Func<TargetSupport, VersionRequirementList> list, string expected)
    {
        if (!RunningBefore(context, out var running))
        {
            return expected;
        }

        var before = list(context.Matrix.For(running));
        var both = list(context.Support).Supported
            .Select(r => before.Supported.FirstOrDefault(o => o.Version == r.Version))
            .OfType<VersionRequirement>()
            .Select(o => o.Version + (o.MinUpdateRollup is { } ur ? $" (UR{ur}+)" : ""))
            .ToArray();
        return both.Length > 0
            ? $"{expected}; of these, {running.DisplayName()} (running until this hop) also supports {Names(both)}"
            : $"{expected}; {running.DisplayName()} (running until this hop) supports none of these: change it right after this hop";
    }

    private static bool RunningBefore(RuleContext context, out TargetVersion running)
    {
        running = default;
        return context.Hop is { } hop and > 0 && VersionNames.TryParseTarget(context.Plan.Hops[hop].From, out running) && context.Matrix.Covers(running);
    }

    public static string WithBridge(RuleContext context, Func<TargetSupport, OsRequirementList> list, string expected)
    {
        if (!RunningBefore(context, out var running))
        {
            return expected;
        }

        var before = list(context.Matrix.For(running));
        var both = list(context.Support).Supported
            .Where(r => before.Supported.Any(o => o.Os == r.Os && (o.InstallationType is null || r.InstallationType is null || o.InstallationType == r.InstallationType)))
            .Select(r => context.Matrix.WindowsReleaseName(r.Os))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return both.Length > 0
            ? $"{expected}; of these, {running.DisplayName()} (running until this hop) also supports {Names(both)}"
            : $"{expected}; {running.DisplayName()} (running until this hop) supports none of these: change it right after this hop";
    }
}
