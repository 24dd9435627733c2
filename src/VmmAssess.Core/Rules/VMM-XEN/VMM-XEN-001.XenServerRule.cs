using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-XEN-001: Citrix XenServer support was removed in System Center 2016.</summary>
internal sealed class XenServerRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-XEN-001",
        Title: "Citrix XenServer hosts",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "Support for Citrix XenServer was removed in System Center 2016; no later version manages XenServer hosts. What happens to them in the database during the upgrade is not documented.",
        Remediation: "Remove XenServer hosts from VMM before upgrading and manage them with Citrix tools, or migrate their workloads to Hyper-V.",
        SourceKeys: ["FRD"])
    {
        DataPaths = ["$.hosts[*].platform"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (context.Snapshot.Hosts is not { } hosts)
        {
            return RuleOutcome.Unknown("The snapshot has no hosts inventory.");
        }

        var xen = hosts.Where(h => h?.Platform == HostPlatform.XenServer)
            .Select(h => new Evidence(h.Name, "platform", "XenServer", "HyperV or a supported VMware version"))
            .ToList();
        if (xen.Count > 0)
        {
            return RuleOutcome.Fail($"{ItemChecks.Plural(xen.Count, "XenServer host is", "XenServer hosts are")} managed; {context.TargetName} does not support XenServer.", ItemChecks.Cap(xen));
        }

        return hosts.Any(h => h is not null && h.Platform is null)
            ? RuleOutcome.Unknown("Some hosts do not say which virtualization platform they run.")
            : RuleOutcome.Pass("No XenServer host is managed.");
    }
}
