namespace VmmAssess.Core.Rules;

/// <summary>VMM-SRV-001: the management servers must run (or be upgraded to) an OS the target supports.</summary>
internal sealed class ManagementServerOsRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SRV-001",
        Title: "Management server operating system",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "Each VMM version runs only on the Windows Server releases its system requirements list (2016: WS2016; 2019: WS2016/WS2019; 2022: WS2022; 2025: WS2025). Upgrading the management server OS is part of the upgrade procedure.",
        Remediation: "Upgrade the operating system of each management server (or each highly available node) to a supported release after uninstalling VMM with Retain database, then install the target version.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25", "U16", "U19", "U22", "U25"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.managementServers[*].os.build", "$.managementServers[*].os.installationType"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var supported = context.Support.ManagementServerOs;
        return ItemChecks.Check(
            context.Snapshot.ManagementServers,
            "management servers",
            _ => true,
            server => new ItemChecks.Verdict(
                server.Os is null ? null : supported.Supports(context.Matrix.WindowsRelease(server.Os.Build), server.Os.InstallationType),
                new Evidence(server.Name, "os", RuleText.Os(context.Matrix, server.Os), supported.Describe(context.Matrix))),
            "The snapshot lists no management server.",
            $"Every management server runs an operating system {context.TargetName} supports.",
            count => $"{ItemChecks.Plural(count, "management server runs", "management servers run")} an operating system {context.TargetName} does not support: upgrade it as part of the upgrade.");
    }
}
