namespace VmmAssess.Core.Rules;

/// <summary>VMM-VMW-002: vCenter Server versions the target does not support.</summary>
internal sealed class VCenterVersionRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-VMW-002",
        Title: "VMware vCenter Server versions",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "Unsupported versions of VMware vCenter Server, with the hosts and objects they manage, are removed from the VMM database during the upgrade unless removed first. Microsoft's 2016 pages disagree: SR16 lists vCenter 5.1 to 6.0, while the features-removed page says \"Citrix XenServer and VMware vCenter 4.1/5.1 support … Removed. Replacement: Use VMware 5.5 and 5.8\"; because the consequence is removal from the VMM database, the stricter list (5.5, 5.8, 6.0) is used for VMM 2016.",
        Remediation: "Upgrade vCenter Server to a supported version, or remove it from VMM before upgrading.",
        SourceKeys: ["PCU", "SR16", "SR19", "SR22", "SR25", "FRD"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.vCenters[*].version"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var supported = context.Support.VCenter;
        string? expected = null;
        return ItemChecks.Check(
            context.Snapshot.VCenters,
            "vCenter servers",
            _ => true,
            vCenter => supported.Supports(vCenter.Version),
            vCenter => new Evidence(vCenter.Name, "version", vCenter.Version, expected ??= RuleText.WithBridge(context, s => s.VCenter, supported.Describe())),
            "The snapshot lists no vCenter server.",
            $"Every vCenter server runs a version {context.TargetName} supports.",
            count => $"{ItemChecks.Plural(count, "vCenter server runs", "vCenter servers run")} a version {context.TargetName} does not support.");
    }
}
