using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>
/// VMM-PATH-003: parts of the estate that the target supports only from one of its update rollups (for example
/// ESXi 7.0 under VMM 2019 from UR5, Windows Server 2012 R2 hosts under 2019 from UR2, SQL Server 2022 under 2022 from UR1).
/// </summary>
internal sealed class TargetUpdateRollupRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-PATH-003",
        Title: "Update rollup of the target needed right after the upgrade",
        Category: RuleCategory.UpgradePath,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "Some hosts, vCenter servers and SQL Server versions are supported by the target only from one of its update rollups (2019: WS2012 R2 hosts from UR2, Azure Stack HCI 20H2 from UR3, ESXi/vCenter 6.5 and 6.7 from UR2, 7.0 and 8.0 from UR5; 2022: ESXi/vCenter 7.0 and 8.0, Azure Stack HCI 22H2 and SQL Server 2022 from UR1). The base release does not support them. The rule passes only when the hosts, vCenter and database inventories were all collected. In a multi-hop upgrade it is judged for every hop: the rollup to apply after each hop.",
        Remediation: "Have the update rollup ready and apply it immediately after installing the target version, before refreshing or using the affected hosts and servers.",
        SourceKeys: ["SR16", "SR19", "SR22", "WN22", "SR25"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.hosts", "$.vCenters", "$.database.version"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var snapshot = context.Snapshot;
        var support = context.Support;
        // Evidence is built only for the items a finding keeps; the rest are counted (large VMware estates).
        var evidence = new List<Evidence>();
        var count = 0;
        var highest = 0;
        // Counts the item; true when its evidence is still kept. (No lambda per item: a closure over the loop variable
        // would be allocated for every host.)
        bool Keep(int rollup)
        {
            count++;
            highest = Math.Max(highest, rollup);
            return evidence.Count < ItemChecks.MaxEvidence;
        }

        foreach (var host in snapshot.Hosts ?? [])
        {
            var requirement = host?.Platform switch
            {
                HostPlatform.HyperV => support.HyperVHostOs.Match(context.Matrix.HostRelease(host.Os), host.Os?.InstallationType)?.MinUpdateRollup,
                HostPlatform.VMwareESX => support.Esx.Find(host.Version)?.MinUpdateRollup,
                _ => null,
            };
            if (requirement is { } rollup && Keep(rollup))
            {
                evidence.Add(new Evidence(host!.Name, host.Platform == HostPlatform.HyperV ? "os" : "version",
                    host.Platform == HostPlatform.HyperV ? RuleText.Os(context.Matrix, host.Os) : host.Version, Expected(context, rollup)));
            }
        }

        foreach (var vCenter in snapshot.VCenters ?? [])
        {
            if (vCenter is not null && support.VCenter.Find(vCenter.Version)?.MinUpdateRollup is { } rollup && Keep(rollup))
            {
                evidence.Add(new Evidence(vCenter.Name, "version", vCenter.Version, Expected(context, rollup)));
            }
        }

        var sql = context.Matrix.SqlRelease(snapshot.Database?.Version);
        if (sql is not null && support.Sql.Supported.FirstOrDefault(s => s.Id == sql.Id)?.MinUpdateRollup is { } sqlRollup)
        {
            if (Keep(sqlRollup))
            {
                evidence.Add(new Evidence(snapshot.Database!.Server ?? "VMM database", "version", $"{sql.Name} ({snapshot.Database.Version})", Expected(context, sqlRollup)));
            }
        }

        // What is known to need a rollup is worth saying even when part of the inventory is missing; a Pass is not.
        if (count == 0)
        {
            var missing = new List<string>(3);
            if (snapshot.Hosts is null)
            {
                missing.Add("hosts");
            }

            if (snapshot.VCenters is null)
            {
                missing.Add("vCenter");
            }

            if (snapshot.Database?.Version is null)
            {
                missing.Add("database version");
            }

            return missing.Count > 0
                ? RuleOutcome.Unknown($"Nothing listed needs an update rollup of {context.TargetName}, but the snapshot has no {string.Join(", ", missing)} inventory to judge.")
                : RuleOutcome.Pass($"Nothing in the inventory needs an update rollup of {context.TargetName}.");
        }

        return RuleOutcome.Fail(
            $"{ItemChecks.Plural(count, "item is", "items are")} supported only from a {context.TargetName} update rollup: apply UR{highest} or later right after the upgrade.",
            ItemChecks.WithRest(evidence, count)) with { RequiredUpdateRollup = highest };
    }

    private static string Expected(RuleContext context, int rollup) => $"{context.TargetName} UR{rollup} or later";
}
