using System.Globalization;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-OPS-003: a full database backup should be recent. Age is measured from collectedAt, never from the clock.</summary>
internal sealed class DatabaseBackupRule : Rule
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-OPS-003",
        Title: "Recent full backup of the VMM database",
        Category: RuleCategory.Operations,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "Take a full backup of the VMM database before upgrading. The upgrade pages say \"Perform a full backup of the VMM database\" without an age; the 24-hour threshold is this rule's reading: a backup older than 24 hours at collection time does not reflect the current state. The age is measured from collectedAt, so an old snapshot still reports its own state: the CLI and the API show how old the snapshot is.",
        Remediation: "Run a full SQL Server backup of the VMM database right before the upgrade and keep it until the upgrade is verified.",
        SourceKeys: ["U16", "U19", "U22", "U25"])
    {
        DataPaths = ["$.vmm.lastDatabaseBackup"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (context.Vmm?.LastDatabaseBackup is not { } backup)
        {
            return RuleOutcome.Unknown("The snapshot does not say when the VMM database was last backed up.");
        }

        var age = context.Snapshot.CollectedAt - backup;
        var evidence = new Evidence("VMM database", "lastDatabaseBackup",
            backup.ToString("O", CultureInfo.InvariantCulture) + $" ({Math.Round(age.TotalHours, 1).ToString(CultureInfo.InvariantCulture)} h before collection)", "within 24 h");
        return age > MaxAge
            ? RuleOutcome.Fail($"The last full backup is {Math.Floor(age.TotalHours).ToString(CultureInfo.InvariantCulture)} hours old at collection time.", evidence)
            : RuleOutcome.Pass("The VMM database was backed up within 24 hours of collection.");
    }
}
