using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-DKM-003: an upgrade to VMM 2019 on a different server with DKM must keep the old server's name.</summary>
internal sealed class SameServerNameRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-DKM-003",
        Title: "Different-server upgrade to VMM 2019 keeps the server name",
        Category: RuleCategory.Common,
        Severity: Severity.Action,
        Targets: [TargetVersion.Vmm2019],
        Description: "Upgrade to VMM 2019: \"If you're using Distributed Key Management, you may choose to install VMM 2019 on a different server, but ensure that the new server has the same name as that of the old VMM server.\" The 2022 and 2025 upgrade pages omit the sentence, so the rule judges the hop to VMM 2019 only. The planned server is read from vmm.plannedServerName (compared by host name, case-insensitively).",
        Remediation: "Give the new server the old VMM server's computer name (retire or rename the old server first), or upgrade on the same server.",
        SourceKeys: ["U19"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.vmm.upgradeOnSameComputer", "$.vmm.dkm.enabled", "$.vmm.plannedServerName", "$.managementServers[*].name"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var vmm = context.Vmm;
        switch (vmm?.UpgradeOnSameComputer)
        {
            case true:
                return RuleOutcome.NotApplicable("The upgrade runs on the same server.");
            case null:
                return RuleOutcome.Unknown("The snapshot does not say whether the upgrade runs on the same server.");
        }

        switch (vmm.Dkm?.Enabled)
        {
            case false:
                return RuleOutcome.NotApplicable("Without DKM a different-server upgrade is judged by VMM-DKM-001.");
            case null:
                return RuleOutcome.Unknown("The snapshot does not say whether DKM is configured.");
        }

        var current = context.Snapshot.ManagementServers?.Where(s => s is not null).Select(s => s.Name).ToList();
        if (string.IsNullOrWhiteSpace(vmm.PlannedServerName) || current is not { Count: > 0 })
        {
            return RuleOutcome.Unknown("The upgrade to VMM 2019 runs on a different server with DKM, and the snapshot does not name both the planned and the current server.",
                new Evidence("VMM", "plannedServerName", vmm.PlannedServerName, $"the old VMM server's name ({RuleText.Names(current ?? [])})"));
        }

        var planned = HostPart(vmm.PlannedServerName);
        return current.Any(name => string.Equals(HostPart(name), planned, StringComparison.OrdinalIgnoreCase))
            ? RuleOutcome.Pass($"The new server keeps the old VMM server's name ({planned}).")
            : RuleOutcome.Fail("The new VMM 2019 server must have the same name as the old VMM server.",
                new Evidence("VMM", "plannedServerName", vmm.PlannedServerName, $"the old VMM server's name ({RuleText.Names(current)})"));
    }

    private static string HostPart(string name) => name.Trim().Split('.')[0];
}
