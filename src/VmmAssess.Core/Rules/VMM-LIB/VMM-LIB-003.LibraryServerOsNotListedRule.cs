namespace VmmAssess.Core.Rules;

/// <summary>VMM-LIB-003: library servers on a release that the target's (partial) requirements list does not name.</summary>
internal sealed class LibraryServerOsNotListedRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-LIB-003",
        Title: "Library server operating system not listed by the target",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Warning,
        Targets: [Snapshots.TargetVersion.Vmm2022, Snapshots.TargetVersion.Vmm2025],
        Description: "The VMM 2022 and 2025 system requirements list a single library server operating system (WS2022, WS2025). A library server on another release is not listed: not explicitly unsupported, but outside what Microsoft tested and supports.",
        Remediation: "Plan an operating system upgrade of the library server to the listed release, or move the library shares to a server that runs it; update the library agent after the VMM upgrade.",
        SourceKeys: ["SR22", "SR25", "PCU"]);

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var listed = context.Support.LibraryOs;
        if (!listed.PartialListing)
        {
            return RuleOutcome.NotApplicable($"The {context.TargetName} requirements list every supported library server release (see VMM-LIB-001).");
        }

        return ItemChecks.Check(
            context.Snapshot.LibraryServers,
            "library servers",
            _ => true,
            library => new ItemChecks.Verdict(
                library.Os is null ? null : listed.Supports(context.Matrix.WindowsRelease(library.Os.Build), library.Os.InstallationType),
                new Evidence(library.Name, "os", RuleText.Os(context.Matrix, library.Os), listed.Describe(context.Matrix))),
            "The snapshot lists no library server.",
            $"Every library server runs the release {context.TargetName} lists.",
            count => $"{ItemChecks.Plural(count, "library server runs", "library servers run")} an operating system the {context.TargetName} requirements do not list.");
    }
}
