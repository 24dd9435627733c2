using System.Globalization;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-OPS-001: no jobs may run when the upgrade starts; job history is deleted.</summary>
internal sealed class RunningJobsRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-OPS-001",
        Title: "Running jobs",
        Category: RuleCategory.Operations,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "Make sure no jobs are running when you start the upgrade; the job history is deleted during the upgrade.",
        Remediation: "Wait for running jobs to finish (or cancel them) and export the job history you need before starting setup.",
        SourceKeys: ["U16", "U19", "U22", "U25", "TPB"])
    {
        DataPaths = ["$.vmm.runningJobs"],
    };

    public override RuleOutcome Evaluate(RuleContext context) => context.Vmm?.RunningJobs switch
    {
        null => RuleOutcome.Unknown("The snapshot does not say how many jobs are running."),
        0 => RuleOutcome.Pass("No job is running."),
        var count => RuleOutcome.Fail($"{count} job(s) were running when the snapshot was taken.",
            new Evidence("VMM", "runningJobs", count.Value.ToString(CultureInfo.InvariantCulture), "0")),
    };
}
