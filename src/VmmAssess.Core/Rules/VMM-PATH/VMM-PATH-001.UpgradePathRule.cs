using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-PATH-001: the source must be a direct upgrade source of the target at its minimum update rollup.</summary>
internal sealed class UpgradePathRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-PATH-001",
        Title: "Supported direct upgrade path and minimum update rollup",
        Category: RuleCategory.UpgradePath,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Each VMM version can be upgraded only from the versions Microsoft lists, some at a minimum update rollup: 2016 from 2012 R2 UR9+, 2019 from 2016 UR6+, 1801 or 1807, 2022 from 2019, 2025 from 2022. Other sources need intermediate upgrades.",
        Remediation: "Apply the minimum update rollup, or upgrade through each intermediate version in turn (each hop meeting its own requirements) until the source is a direct upgrade source of the target.",
        SourceKeys: ["U16", "U19", "U22", "U25"])
    {
        DataPaths = ["$.vmm.product", "$.vmm.updateRollup"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var plan = context.Plan;
        var evidence = new Evidence("VMM", "product",
            context.SourceProduct is { } product ? product.DisplayName() + (context.Vmm?.UpdateRollup is { } ur ? $" UR{ur}" : "") : null,
            plan.Summary);
        return plan.Kind switch
        {
            UpgradePlanKind.Direct => RuleOutcome.Pass($"Direct upgrade: {plan.Summary}."),
            UpgradePlanKind.AlreadyOnTarget => RuleOutcome.NotApplicable(plan.Summary),
            UpgradePlanKind.NeedsUpdateRollup => RuleOutcome.Fail(plan.Summary, evidence),
            UpgradePlanKind.MultiHop => RuleOutcome.Fail($"No direct upgrade to {context.TargetName}; upgrade in {plan.Hops.Count} hops: {plan.Summary}.{FirstHopRollup(context)}", evidence),
            UpgradePlanKind.NoPath => RuleOutcome.Fail(plan.Summary, evidence),
            _ => RuleOutcome.Unknown(plan.Summary, evidence),
        };
    }

    /// <summary>The first hop of a chain has its own minimum update rollup (VMM 2012 R2 UR9 for VMM 2016).</summary>
    private static string FirstHopRollup(RuleContext context)
    {
        var first = context.Plan.Hops[0];
        if (first.MinUpdateRollup is not { } minimum)
        {
            return "";
        }

        return context.Vmm?.UpdateRollup switch
        {
            null => $" The snapshot does not say which update rollup runs; the first hop needs UR{minimum} or later.",
            var installed when installed < minimum => $" Apply update rollup {minimum} or later first (UR{installed} installed).",
            _ => "",
        };
    }
}
