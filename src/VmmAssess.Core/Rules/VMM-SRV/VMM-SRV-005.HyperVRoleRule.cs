namespace VmmAssess.Core.Rules;

/// <summary>VMM-SRV-005: the VMM management server must not run the Hyper-V role.</summary>
internal sealed class HyperVRoleRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SRV-005",
        Title: "Hyper-V role on the management server",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "System requirements (2016–2025), VMM management server: \"Don't install on a server running Hyper-V.\" An existing deployment on a Hyper-V host keeps running, so this is a warning, not a blocker: the new version is installed on an unsupported configuration. Read from managementServers[].hyperVRoleInstalled (Get-WindowsFeature Hyper-V).",
        Remediation: "Install the new VMM version on a server (or VM) without the Hyper-V role: upgrade on a different computer (with DKM to keep encrypted data), or move the virtual machines off and remove the role first.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25", "PI"])
    {
        DataPaths = ["$.managementServers[*].hyperVRoleInstalled"],
    };

    public override RuleOutcome Evaluate(RuleContext context) =>
        ItemChecks.Check(
            context.Snapshot.ManagementServers,
            "management servers",
            _ => true,
            server => server.HyperVRoleInstalled is { } installed ? !installed : null,
            server => new Evidence(server.Name, "hyperVRoleInstalled", server.HyperVRoleInstalled?.ToString().ToLowerInvariant(), "false"),
            "The snapshot lists no management server.",
            "No management server runs the Hyper-V role.",
            count => $"{ItemChecks.Plural(count, "management server runs", "management servers run")} the Hyper-V role: \"Don't install on a server running Hyper-V.\"");
}
