using System.Globalization;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-SRV-006: a management server VM with dynamic memory needs a minimum startup RAM.</summary>
internal sealed class DynamicMemoryRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SRV-006",
        Title: "Startup memory of a management server VM with dynamic memory",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "System requirements, VMM management server on a VM: \"If you use dynamic memory, set the start RAM of the VM to at least 4096 MB\" (2022, 2025; 2048 MB for 2016 and 2019). A physical server, or a VM without dynamic memory, passes. Judged per hop of a multi-hop upgrade.",
        Remediation: "Raise the startup memory of the management server VM (Set-VMMemory -StartupBytes) to at least the target's minimum before running setup.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.managementServers[*].virtualMachine.isVirtual", "$.managementServers[*].virtualMachine.dynamicMemoryEnabled"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (context.Support.DynamicMemoryStartupMB is not { } minimum)
        {
            return RuleOutcome.NotApplicable($"The {context.TargetName} requirements give no dynamic-memory minimum.");
        }

        var expected = $">= {minimum.ToString(CultureInfo.InvariantCulture)} MB";
        return ItemChecks.Check(
            context.Snapshot.ManagementServers,
            "management servers",
            _ => true,
            server => server.VirtualMachine switch
            {
                null or { IsVirtual: null } => null,
                { IsVirtual: false } or { DynamicMemoryEnabled: false } => true,
                { DynamicMemoryEnabled: null } or { StartupMemoryMB: null } => null,
                { StartupMemoryMB: var startup } => startup >= minimum,
            },
            server => new Evidence(server.Name, "virtualMachine.startupMemoryMB", server.VirtualMachine?.StartupMemoryMB?.ToString(CultureInfo.InvariantCulture), expected),
            "The snapshot lists no management server.",
            $"No management server VM uses dynamic memory below the {minimum} MB startup RAM {context.TargetName} asks for.",
            count => $"{ItemChecks.Plural(count, "management server VM starts", "management server VMs start")} with less than {minimum} MB of dynamic memory.");
    }
}
