namespace VmmAssess.Core.Rules;

/// <summary>VMM-HA-001: a highly available VMM needs its failover cluster before the upgrade.</summary>
internal sealed class FailoverClusterRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-HA-001",
        Title: "Failover cluster exists before the upgrade",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "For a highly available VMM, the failover cluster must be created and configured before the upgrade (one VMM deployment per cluster, up to 16 nodes).",
        Remediation: "Create and validate the failover cluster that will host the VMM role before upgrading.",
        SourceKeys: ["PCU", "PHA", "HA"])
    {
        DataPaths = ["$.vmm.highlyAvailable", "$.cluster.exists"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (HaGate.NotHighlyAvailable(context) is { } gate)
        {
            return gate;
        }

        var cluster = context.Snapshot.Cluster;
        return cluster?.Exists switch
        {
            true => RuleOutcome.Pass($"Failover cluster {cluster.Name} exists."),
            false => RuleOutcome.Fail("The failover cluster for highly available VMM does not exist.",
                new Evidence(cluster.Name ?? "cluster", "exists", "false", "true")),
            null => RuleOutcome.Unknown("The snapshot does not say whether the failover cluster exists."),
        };
    }
}
