using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-VMW-003: vSphere hosts must be managed by a vCenter server.</summary>
internal sealed class VsphereHostWithoutVCenterRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-VMW-003",
        Title: "VMware hosts managed by a vCenter server",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "Manage VMware ESXi hosts in VMM: \"vSphere hosts and host clusters must be managed by a vCenter server.\" A VMware host whose vCenter is empty while the vCenter inventory was collected is reported; when the vCenter inventory is missing the rule is Unknown.",
        Remediation: "Add the host to a supported vCenter Server and manage it in VMM through that vCenter, or remove it from VMM before upgrading.",
        SourceKeys: ["VMW16"])
    {
        DataPaths = ["$.hosts[?platform=VMwareESX].vCenter", "$.vCenters"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var vCentersCollected = context.Snapshot.VCenters is not null;
        return ItemChecks.Check(
            context.Snapshot.Hosts,
            "hosts",
            host => host.Platform == HostPlatform.VMwareESX,
            host => !string.IsNullOrWhiteSpace(host.VCenter) ? true : vCentersCollected ? false : null,
            host => new Evidence(host.Name, "vCenter", host.VCenter, "a vCenter server that manages the host"),
            "The snapshot lists no VMware host.",
            "Every VMware host is managed through a vCenter server.",
            count => $"{ItemChecks.Plural(count, "VMware host is", "VMware hosts are")} not managed by a vCenter server.");
    }
}
