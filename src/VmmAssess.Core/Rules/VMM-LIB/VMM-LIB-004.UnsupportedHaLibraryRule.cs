namespace VmmAssess.Core.Rules;

/// <summary>VMM-LIB-004: with highly available VMM, the library cannot be a Scale-Out File Server nor live on the VMM cluster.</summary>
internal sealed class UnsupportedHaLibraryRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-LIB-004",
        Title: "Library on a Scale-Out File Server or on the VMM cluster",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Plan a highly available VMM deployment: \"The library server can't be a scale-out file server (SOFS)\" and \"Deploying highly available library shares on the VMM cluster isn't supported.\" Unlike the recommendation to make the library highly available (VMM-LIB-002, a warning), these are stated as unsupported, so they block.",
        Remediation: "Create library shares on a clustered file server (not a Scale-Out File Server) separate from the VMM cluster, move the library resources there and remove the unsupported library server before the upgrade; recreate OS and hardware profiles.",
        SourceKeys: ["PHA"])
    {
        DataPaths = ["$.vmm.highlyAvailable", "$.libraryServers[*].isScaleOutFileServer", "$.cluster.name"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        return HaGate.CheckLibraries(
            context,
            (library, vmmCluster) =>
            {
                if (library.IsScaleOutFileServer == true)
                {
                    return new ItemChecks.Verdict(false, new Evidence(library.Name, "isScaleOutFileServer", "true", "a clustered file server, not SOFS"));
                }

                if (library.ClusterName is { } cluster && vmmCluster is not null && HaDatabaseRule.SameCluster(cluster, vmmCluster))
                {
                    return new ItemChecks.Verdict(false, new Evidence(library.Name, "clusterName", cluster, $"not the VMM cluster {vmmCluster}"));
                }

                // Without the VMM cluster's name, a clustered library cannot be told apart from one on the VMM cluster.
                var unknown = library.IsScaleOutFileServer is null || (library.ClusterName is not null && vmmCluster is null);
                return new ItemChecks.Verdict(unknown ? null : true, new Evidence(library.Name, "isScaleOutFileServer", library.IsScaleOutFileServer?.ToString().ToLowerInvariant(), "false, and not on the VMM cluster"));
            },
            "No library server is a Scale-Out File Server or on the VMM cluster.",
            count => $"{ItemChecks.Plural(count, "library server is", "library servers are")} on a Scale-Out File Server or the VMM cluster, which highly available VMM does not support.");
    }
}
