using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-SQL-001: the SQL Server that holds the VMM database must be a version the target supports.</summary>
internal sealed class SqlVersionRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SQL-001",
        Title: "SQL Server version of the VMM database",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Each VMM version supports specific SQL Server versions (2016: 2012 SP1 or later (the 2017 requirements page rules out 2012 RTM), 2014, 2016; 2019: 2016–2019; 2022: 2016–2019, and 2022 from VMM 2022 UR1; 2025: 2019, 2022). SQL Server can be upgraded independently of VMM (\"SQL Server upgrade can be performed any time\"). SQL Server 2022 under VMM 2022 is \"Supported from VMM 2022 UR1\", yet setup of the base release runs against the database before UR1 can be applied, and no Microsoft sentence decides the case: the rule passes it with the instruction to apply UR1 right after the upgrade (VMM-PATH-003 repeats it); the cautious order is to upgrade VMM on SQL Server 2019 or earlier, apply UR1, then move the database to SQL Server 2022. The edition is judged by VMM-SQL-004.",
        Remediation: "Upgrade SQL Server in place (with no VMM jobs running) or move the VMM database to a supported SQL Server by backup and restore, then point setup at it.",
        SourceKeys: ["SR16", "SR16o", "SR19", "SR22", "SR25", "WN22", "U16"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.database.version"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var requirement = context.Support.Sql;
        var expected = string.Join(", ", requirement.Supported.Select(s =>
            context.Matrix.SqlReleaseName(s.Id) + (s.MinBuildName is { } level ? $" {level} or later" : "") + (s.MinUpdateRollup is { } ur ? $" (from {context.TargetName} UR{ur})" : "")));
        var database = context.Snapshot.Database;
        if (database?.Version is null)
        {
            return RuleOutcome.Unknown("The snapshot does not say which SQL Server version holds the VMM database.",
                new Evidence(database?.Server ?? "VMM database", "version", null, expected));
        }

        var release = context.Matrix.SqlRelease(database.Version);
        var evidence = new Evidence(Name(database), "version", release is null ? database.Version : $"{release.Name} ({database.Version})", expected);
        if (release is null)
        {
            return RuleOutcome.Unknown($"SQL Server build {database.Version} is not in the support data.", evidence);
        }

        var match = requirement.Supported.FirstOrDefault(s => s.Id == release.Id);
        if (match is null)
        {
            return RuleOutcome.Fail($"{release.Name} is not supported by {context.TargetName}.", evidence);
        }

        switch (match.MeetsMinBuild(database.Version))
        {
            case false:
                return RuleOutcome.Fail($"{release.Name} build {database.Version} is below {match.MinBuildName ?? match.MinBuild}, the lowest level {context.TargetName} supports.", evidence);
            case null:
                return RuleOutcome.Unknown($"SQL Server build {database.Version} cannot be compared with the minimum {match.MinBuild}.", evidence);
        }

        return RuleOutcome.Pass(match.MinUpdateRollup is { } rollup
            ? $"{release.Name} is supported from {context.TargetName} UR{rollup}: apply it right after the upgrade."
            : $"{release.Name} is supported by {context.TargetName}.");
    }

    private static string Name(Snapshots.VmmDatabase database) =>
        database.Instance is { Length: > 0 } instance ? $"{database.Server}\\{instance}" : database.Server ?? "VMM database";
}
