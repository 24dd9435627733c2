namespace VmmAssess.Core.Rules;

/// <summary>VMM-LIB-001: library servers must run an OS the target supports.</summary>
internal sealed class LibraryServerOsRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-LIB-001",
        Title: "Library server operating system",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Remote library servers must run an operating system the target supports (2016: WS2012 R2, WS2016 Desktop; 2019: WS2012 R2, WS2016 Desktop, WS2019). For 2022 and 2025 Microsoft lists a single release (WS2022, WS2025); other releases are 'not listed' rather than unsupported, which VMM-LIB-003 reports as a warning.",
        Remediation: "Upgrade the library server's operating system, or move the library shares to a server that runs a supported release, before the upgrade. Update the library agents afterwards.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25", "PCU"]);

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var supported = context.Support.LibraryOs;
        string? expected = null;
        return ItemChecks.Check(
            context.Snapshot.LibraryServers,
            "library servers",
            _ => true,
            library => Judge(supported, context, library.Os),
            library => new Evidence(library.Name, "os", RuleText.Os(context.Matrix, library.Os), expected ??= supported.Describe(context.Matrix)),
            "The snapshot lists no library server.",
            $"Every library server runs an operating system {context.TargetName} supports.",
            count => $"{ItemChecks.Plural(count, "library server runs", "library servers run")} an operating system {context.TargetName} does not support.");
    }

    /// <summary>A release that a partial list merely does not name is left to VMM-LIB-003 (a warning).</summary>
    private static bool? Judge(SupportData.OsRequirementList supported, RuleContext context, Snapshots.OperatingSystemInfo? os)
    {
        var verdict = os is null ? null : supported.Supports(context.Matrix.WindowsRelease(os.Build), os.InstallationType);
        return verdict == false && supported.PartialListing ? true : verdict;
    }
}
