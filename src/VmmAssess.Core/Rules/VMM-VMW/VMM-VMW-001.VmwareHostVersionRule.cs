using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-VMW-001: ESX/ESXi hosts the target does not support are removed from the VMM database on upgrade.</summary>
internal sealed class VmwareHostVersionRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-VMW-001",
        Title: "VMware ESX/ESXi host versions",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "ESX/ESXi hosts whose version the target does not support, with their managed objects, are removed from the VMM database during the upgrade unless you remove them first (documented for 2012 R2 to 2016; the later upgrade pages are silent, and the support lists still apply). Microsoft's 2016 pages disagree on the ESX list (SR16: 5.1, 5.5, 6.0; the 2017 requirements page and Plan VMM installation: \"ESXi 5.5, 6.0\"); because the consequence is removal from the VMM database, the stricter list (5.5, 6.0) is used for VMM 2016.",
        Remediation: "Upgrade the ESX/ESXi hosts to a supported version, or remove them (and their VMs' VMM objects) from VMM before upgrading so nothing is removed silently.",
        SourceKeys: ["PCU", "SR16", "SR16o", "PI", "SR19", "SR22", "SR25", "VMW16"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.hosts[?platform=VMwareESX].version"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var supported = context.Support.Esx;
        string? expected = null;
        // Hosts of a cluster or vCenter run the same version, read as one shared string: judge a version once per run of it.
        string? lastVersion = null;
        bool? lastVerdict = null;
        return ItemChecks.Check(
            context.Snapshot.Hosts,
            "hosts",
            default(VmwareHosts),
            host => ReferenceEquals(host.Version, lastVersion) && lastVersion is not null
                ? lastVerdict
                : lastVerdict = supported.Supports(lastVersion = host.Version),
            host => new Evidence(host.Name, "version", host.Version, expected ??= RuleText.WithBridge(context, s => s.Esx, supported.Describe())),
            "The snapshot lists no VMware host.",
            $"Every VMware host runs an ESX/ESXi version {context.TargetName} supports.",
            count => $"{ItemChecks.Plural(count, "VMware host runs", "VMware hosts run")} an ESX/ESXi version {context.TargetName} does not support; the upgrade removes them and their objects from the VMM database.");
    }

    /// <summary>VMware hosts: a struct test, inlined into the pass over every host.</summary>
    private readonly struct VmwareHosts : ItemChecks.IRelevance<ManagedHost>
    {
        public bool IsRelevant(ManagedHost item) => item.Platform == HostPlatform.VMwareESX;
    }

    internal static ItemChecks.Verdict Judge(string name, string? version, VersionRequirementList supported) =>
        new(supported.Supports(version), new Evidence(name, "version", version, supported.Describe()));
}
