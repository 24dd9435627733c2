using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-LIB-001: remote library servers must run an OS the target supports.</summary>
internal sealed class LibraryServerOsRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-LIB-001",
        Title: "Library server operating system",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Remote library servers must run an operating system the target supports (2016: WS2012 R2, WS2016 Desktop; 2019: WS2012 R2, WS2016 Desktop, WS2019; 2022: WS2022; 2025: WS2025). For 2022 and 2025 the \"Server operating system\" table is one table with a \"VMM server\" and a \"Remote VMM library\" column, and lists only \"Windows Server 2025 Desktop experience | Y | Y\" and \"Windows Server 2025 Server Core | Y | Y\" (WS2022 likewise): it is read as complete for the library exactly as for the VMM server (rule pack 2026.11.1 reported other releases as a 'not listed' warning, VMM-LIB-003, which is retired). A library share on a management server is judged by VMM-SRV-001: the upgrade procedure upgrades that server's operating system.",
        Remediation: "Upgrade the library server's operating system, or move the library shares to a server that runs a supported release, before the upgrade. Update the library agents afterwards.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25", "PCU"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.libraryServers[*].os.build", "$.libraryServers[*].os.installationType"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var supported = context.Support.LibraryOs;
        var managementServers = context.Snapshot.ManagementServers;
        string? expected = null;
        return ItemChecks.Check(
            context.Snapshot.LibraryServers,
            "library servers",
            library => !IsManagementServer(library.Name, managementServers),
            library => library.Os is null ? null : supported.Supports(context.Matrix.WindowsRelease(library.Os.Build), library.Os.InstallationType),
            library => new Evidence(library.Name, "os", RuleText.Os(context.Matrix, library.Os), expected ??= RuleText.WithBridge(context, s => s.LibraryOs, supported.Describe(context.Matrix))),
            "The snapshot lists no remote library server (a library on a management server is judged by VMM-SRV-001).",
            $"Every remote library server runs an operating system {context.TargetName} supports.",
            count => $"{ItemChecks.Plural(count, "library server runs", "library servers run")} an operating system {context.TargetName} does not support.");
    }

    /// <summary>The default library share lives on the management server, whose OS is upgraded in the procedure itself.</summary>
    internal static bool IsManagementServer(string libraryName, IReadOnlyList<ManagementServer>? managementServers) =>
        managementServers is not null && managementServers.Any(m => m is not null && HostPart(m.Name).Equals(HostPart(libraryName), StringComparison.OrdinalIgnoreCase));

    private static ReadOnlySpan<char> HostPart(string name)
    {
        var span = name.AsSpan().Trim();
        var dot = span.IndexOf('.');
        return dot >= 0 ? span[..dot] : span;
    }
}
