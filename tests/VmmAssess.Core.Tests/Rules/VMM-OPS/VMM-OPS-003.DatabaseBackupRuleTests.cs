namespace VmmAssess.Core.Tests.Rules;

/// <summary>A full backup within 24 hours, measured from collectedAt (never the clock), so results can be re-run and diffed.</summary>
public class DatabaseBackupRuleTests
{
    private const string Id = "VMM-OPS-003";

    private static Snapshot BackedUpBefore(TimeSpan age) =>
        TestSnapshots.Baseline.WithVmm(v => v with { LastDatabaseBackup = TestSnapshots.CollectedAt - age });

    [Fact]
    public void Pass_for_a_backup_two_hours_before_collection()
    {
        var finding = Assess.Rule(Id, BackedUpBefore(TimeSpan.FromHours(2))).Expect(FindingStatus.Pass);

        Assert.Equal("The VMM database was backed up within 24 hours of collection.", finding.Message);
    }

    [Theory]
    [InlineData(0, FindingStatus.Pass)]
    [InlineData(24 * 60, FindingStatus.Pass)]
    [InlineData(24 * 60 + 1, FindingStatus.Fail)]
    [InlineData(5 * 24 * 60, FindingStatus.Fail)]
    public void Backups_older_than_24_hours_fail(int minutes, FindingStatus expected)
    {
        Assess.Rule(Id, BackedUpBefore(TimeSpan.FromMinutes(minutes))).Expect(expected);
    }

    [Fact]
    public void Fail_gives_the_age_in_hours_at_collection_time()
    {
        var finding = Assess.Rule(Id, BackedUpBefore(TimeSpan.FromHours(120.5))).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal("The last full backup is 120 hours old at collection time.", finding.Message);
        var evidence = finding.EvidenceFor("VMM database");
        Assert.Equal("lastDatabaseBackup", evidence.Property);
        Assert.Equal("2026-11-19T09:30:00.0000000+01:00 (120.5 h before collection)", evidence.Actual);
        Assert.Equal("within 24 h", evidence.Expected);
    }

    [Fact]
    public void Age_is_measured_from_collection_time_not_from_the_clock()
    {
        var longAgo = new DateTimeOffset(2001, 3, 4, 12, 0, 0, TimeSpan.Zero);
        var snapshot = TestSnapshots.Baseline with { CollectedAt = longAgo };

        Assess.Rule(Id, snapshot.WithVmm(v => v with { LastDatabaseBackup = longAgo.AddHours(-3) })).Expect(FindingStatus.Pass);
        Assess.Rule(Id, snapshot.WithVmm(v => v with { LastDatabaseBackup = longAgo.AddHours(-30) })).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Offsets_are_honoured_when_collection_and_backup_are_in_different_time_zones()
    {
        // Collected 10:00 at +01:00 (09:00Z); backup 08:00 at -05:00 on the day before (13:00Z): 20 hours, although the wall clocks differ by 26.
        var backup = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(-5));

        Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { LastDatabaseBackup = backup })).Expect(FindingStatus.Pass);
        Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { LastDatabaseBackup = backup.AddHours(-5) })).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Unknown_when_no_backup_time_is_known()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { LastDatabaseBackup = null })).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not say when the VMM database was last backed up.", finding.Message);
    }
}
