namespace VmmAssess.Core.Rules;

/// <summary>VMM-LIB-002: a highly available VMM's library belongs on a highly available file server (not SOFS).</summary>
internal sealed class HaLibraryRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-LIB-002",
        Title: "Highly available library server for highly available VMM",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "With highly available VMM, the library should be on a highly available file server (\"we recommend\"); a library that is not highly available is a warning. A library on a Scale-Out File Server or on the VMM cluster is not supported and is judged by VMM-LIB-004 (a blocker). After upgrading to HA VMM, relocate the library; OS and hardware profiles cannot be moved and must be recreated.",
        Remediation: "Create library shares on a clustered file server separate from the VMM cluster and relocate the library there after the upgrade; recreate OS and hardware profiles.",
        SourceKeys: ["PCU", "U16", "PHA"])
    {
        DataPaths = ["$.vmm.highlyAvailable", "$.libraryServers[*].highlyAvailable", "$.libraryServers[*].isScaleOutFileServer", "$.cluster.name"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        return HaGate.CheckLibraries(
            context,
            (library, vmmCluster) =>
            {
                bool? ok;
                string? actual;
                if (library.IsScaleOutFileServer == true || (library.ClusterName is { } onCluster && vmmCluster is not null && HaDatabaseRule.SameCluster(onCluster, vmmCluster)))
                {
                    (ok, actual) = (true, "judged by VMM-LIB-004");
                }
                else if (library.HighlyAvailable == false)
                {
                    (ok, actual) = (false, "not highly available");
                }
                else if (library.HighlyAvailable is null || library.IsScaleOutFileServer is null)
                {
                    (ok, actual) = (null, null);
                }
                else
                {
                    (ok, actual) = (true, "highly available file server");
                }

                return new ItemChecks.Verdict(ok, new Evidence(library.Name, "highlyAvailable", actual, "highly available file server (not SOFS, not the VMM cluster)"));
            },
            "Every library server is a highly available file server (a Scale-Out File Server or the VMM cluster is judged by VMM-LIB-004).",
            count => $"{ItemChecks.Plural(count, "library server is not", "library servers are not")} highly available.");
    }
}
