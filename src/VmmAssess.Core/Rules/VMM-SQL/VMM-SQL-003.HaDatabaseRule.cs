using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-SQL-003: a highly available VMM's database belongs on highly available SQL Server, off the VMM cluster.</summary>
internal sealed class HaDatabaseRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SQL-003",
        Title: "Highly available SQL Server for highly available VMM",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "For a highly available VMM, the database should be on highly available SQL Server, on a failover cluster separate from the VMM cluster. SQL Server should not be installed on the VMM cluster.",
        Remediation: "Move the VMM database to a SQL Server failover cluster instance (or Always On) on a separate cluster: back it up, restore it there and add the VMM service account as db_owner.",
        SourceKeys: ["PCU", "PHA", "HAS"])
    {
        DataPaths = ["$.vmm.highlyAvailable", "$.database.highAvailability", "$.database.clusterName", "$.cluster.name"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (HaGate.NotHighlyAvailable(context) is { } gate)
        {
            return gate;
        }

        var database = context.Snapshot.Database;
        var name = database?.Server ?? "VMM database";
        switch (database?.HighAvailability)
        {
            case null:
                return RuleOutcome.Unknown("The snapshot does not say how the VMM database is made highly available.");
            case DatabaseHighAvailability.None:
                return RuleOutcome.Fail("The VMM database is on a standalone SQL Server: a single point of failure for highly available VMM.",
                    new Evidence(name, "highAvailability", "None", "FailoverCluster or AlwaysOn"));
        }

        var vmmCluster = context.Snapshot.Cluster?.Name;
        if (database.ClusterName is null || vmmCluster is null)
        {
            return RuleOutcome.Unknown("The snapshot does not name both the SQL Server cluster and the VMM cluster.");
        }

        return SameCluster(database.ClusterName, vmmCluster)
            ? RuleOutcome.Fail("SQL Server runs on the VMM cluster itself; it should be on a separate failover cluster.",
                new Evidence(name, "clusterName", database.ClusterName, $"not {vmmCluster}"))
            : RuleOutcome.Pass($"The database is highly available on cluster {database.ClusterName}, separate from the VMM cluster.");
    }

    internal static bool SameCluster(string a, string b) =>
        string.Equals(a.Split('.')[0], b.Split('.')[0], StringComparison.OrdinalIgnoreCase);
}
