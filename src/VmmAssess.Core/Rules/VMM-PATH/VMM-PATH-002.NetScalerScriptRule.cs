using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-PATH-002: 2012 R2 UR10/UR11 with a Citrix NetScaler load balancer needs a database fix before upgrading to 2016.</summary>
internal sealed class NetScalerScriptRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-PATH-002",
        Title: "Run the NetScaler database script (VMM 2012 R2 UR10/UR11)",
        Category: RuleCategory.UpgradePath,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "On VMM 2012 R2 UR10 or UR11 with a Citrix NetScaler load balancer, the upgrade to 2016 might fail unless a column of tbl_NetMan_HardwareModelSettings is widened first. Not needed on UR12 or later. Every upgrade from 2012 R2 goes through 2016 first.",
        Remediation: "Before upgrading, run on the VMM database: ALTER TABLE [dbo].[tbl_NetMan_HardwareModelSettings] ALTER COLUMN Version NVARCHAR(255) NULL;",
        SourceKeys: ["U16"])
    {
        DataPaths = ["$.vmm.product", "$.vmm.updateRollup", "$.vmm.loadBalancers"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var vmm = context.Vmm;
        if (vmm?.Product is null)
        {
            return RuleOutcome.Unknown("The snapshot does not say which VMM version runs.");
        }

        if (vmm.Product != VmmProduct.Vmm2012R2)
        {
            return RuleOutcome.NotApplicable("Applies only to VMM 2012 R2 sources.");
        }

        if (vmm.UpdateRollup is not { } rollup)
        {
            return RuleOutcome.Unknown("The snapshot does not say which update rollup VMM 2012 R2 runs.");
        }

        if (rollup is not (10 or 11))
        {
            return RuleOutcome.NotApplicable($"VMM 2012 R2 UR{rollup} does not need the script (only UR10 and UR11 do).");
        }

        if (vmm.LoadBalancers is not { } balancers)
        {
            return RuleOutcome.Unknown("The snapshot has no load balancer inventory.");
        }

        var netScalers = balancers
            .Where(b => b is not null && IsNetScaler(b))
            .Select(b => new Evidence($"{b.Manufacturer} {b.Model}".Trim(), "manufacturer", b.Manufacturer, "run the NetScaler script first"))
            .ToArray();
        return netScalers.Length > 0
            ? RuleOutcome.Fail($"VMM 2012 R2 UR{rollup} manages {netScalers.Length} Citrix NetScaler load balancer(s): run the database script before upgrading.", netScalers)
            : RuleOutcome.Pass("No Citrix NetScaler load balancer is managed.");
    }

    private static bool IsNetScaler(LoadBalancer balancer) =>
        (balancer.Manufacturer?.Contains("Citrix", StringComparison.OrdinalIgnoreCase) ?? false)
        || (balancer.Model?.Contains("NetScaler", StringComparison.OrdinalIgnoreCase) ?? false);
}
