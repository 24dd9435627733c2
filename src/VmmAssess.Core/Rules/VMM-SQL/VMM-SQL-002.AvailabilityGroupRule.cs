using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-SQL-002: the VMM database must not be in an Always On availability group during setup.</summary>
internal sealed class AvailabilityGroupRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SQL-002",
        Title: "VMM database in an Always On availability group",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Always On is supported for the VMM database, but during installation the database must not be part of any availability group.",
        Remediation: "Before upgrading, remove the VMM database from its availability group and fail over to the SQL Server node that holds it. After the upgrade, add it back, create the VMM service account login with db_owner on each secondary, and test a failover.",
        SourceKeys: ["U16", "U19", "U22", "U25", "TPB", "HASQL"])
    {
        DataPaths = ["$.database.inAvailabilityGroup", "$.database.highAvailability"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var database = context.Snapshot.Database;
        var inGroup = database?.InAvailabilityGroup;
        if (inGroup is null && database?.HighAvailability is { } ha && ha != DatabaseHighAvailability.AlwaysOn)
        {
            inGroup = false; // A database that is not on Always On cannot be in an availability group.
        }

        return inGroup switch
        {
            true => RuleOutcome.Fail("The VMM database is in an Always On availability group: remove it before the upgrade.",
                new Evidence(database?.Server ?? "VMM database", "inAvailabilityGroup", "true", "false")),
            false => RuleOutcome.Pass("The VMM database is not in an availability group."),
            null => RuleOutcome.Unknown("The snapshot does not say whether the VMM database is in an availability group."),
        };
    }
}
