namespace VmmAssess.Core.Tests.Assessment;

/// <summary>Steps every upgrade needs are a checklist, not findings; conditional steps appear only where the snapshot shows the condition.</summary>
public class ChecklistTests
{
    private static List<string> ChecklistIds(Snapshot snapshot, TargetVersion? target = null) =>
        Assess.Evaluate(snapshot, target).Checklist.Select(c => c.Id).ToList();

    private static readonly string[] EveryUpgrade = ["CHK-BACKUP", "CHK-CLOSE", "CHK-UNINSTALL", "CHK-PORT", "CHK-ORDER", "CHK-COMPAT", "CHK-AGENTS", "CHK-PXE"];

    [Theory]
    [InlineData(TargetVersion.Vmm2016)]
    [InlineData(TargetVersion.Vmm2019)]
    [InlineData(TargetVersion.Vmm2022)]
    [InlineData(TargetVersion.Vmm2025)]
    public void Every_upgrade_gets_the_common_steps_even_when_ready(TargetVersion target)
    {
        var result = Assess.Evaluate(TestSnapshots.ReadyFor(target).Standalone());

        Assert.Equal(Readiness.Ready, result.Readiness);
        Assert.All(EveryUpgrade, id => Assert.Contains(id, result.Checklist.Select(c => c.Id)));
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("back up", StringComparison.OrdinalIgnoreCase) && f.Status == FindingStatus.Fail);
    }

    [Fact]
    public void Steps_for_one_target_appear_only_for_it()
    {
        Assert.Contains("CHK-TEMPLATES", ChecklistIds(TestSnapshots.ReadyFor(TargetVersion.Vmm2016)));
        Assert.DoesNotContain("CHK-MAINTENANCE", ChecklistIds(TestSnapshots.ReadyFor(TargetVersion.Vmm2016)));
        Assert.Contains("CHK-MAINTENANCE", ChecklistIds(TestSnapshots.ReadyFor(TargetVersion.Vmm2025)));
        Assert.DoesNotContain("CHK-TEMPLATES", ChecklistIds(TestSnapshots.ReadyFor(TargetVersion.Vmm2025)));
        Assert.DoesNotContain("CHK-TEMPLATES", ChecklistIds(TestSnapshots.ReadyFor(TargetVersion.Vmm2019)));
    }

    [Fact]
    public void Cluster_functional_level_step_only_for_highly_available_vmm()
    {
        Assert.Contains("CHK-CLUSTER-LEVEL", ChecklistIds(TestSnapshots.Baseline));
        Assert.DoesNotContain("CHK-CLUSTER-LEVEL", ChecklistIds(TestSnapshots.StandaloneBaseline));
        Assert.DoesNotContain("CHK-CLUSTER-LEVEL", ChecklistIds(TestSnapshots.Baseline.WithVmm(v => v with { HighlyAvailable = null })));
    }

    [Fact]
    public void Availability_group_step_when_the_database_uses_always_on()
    {
        Assert.DoesNotContain("CHK-AG-READD", ChecklistIds(TestSnapshots.Baseline));
        Assert.Contains("CHK-AG-READD", ChecklistIds(TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = DatabaseHighAvailability.AlwaysOn })));
        Assert.Contains("CHK-AG-READD", ChecklistIds(TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = null, InAvailabilityGroup = true })));
    }

    [Fact]
    public void Operations_manager_step_when_connected()
    {
        Assert.DoesNotContain("CHK-SCOM-RECONNECT", ChecklistIds(TestSnapshots.Baseline));
        Assert.Contains("CHK-SCOM-RECONNECT", ChecklistIds(TestSnapshots.Baseline.WithOperationsManager(o => o with { Connected = true })));
    }

    [Fact]
    public void Site_recovery_step_when_a_provider_is_installed_on_any_server()
    {
        Assert.DoesNotContain("CHK-ASR-REDEPLOY", ChecklistIds(TestSnapshots.Baseline));
        Assert.Contains("CHK-ASR-REDEPLOY", ChecklistIds(TestSnapshots.Baseline.WithFirstManagementServer(s => s with { SiteRecoveryProvider = new SiteRecoveryProvider(true, "5.1") })));
        Assert.DoesNotContain("CHK-ASR-REDEPLOY", ChecklistIds(TestSnapshots.Baseline with { ManagementServers = [null!] }));
    }

    [Fact]
    public void Checklist_follows_the_target_override()
    {
        var ids = ChecklistIds(TestSnapshots.ReadyFor(TargetVersion.Vmm2025), TargetVersion.Vmm2016);

        Assert.Contains("CHK-TEMPLATES", ids);
        Assert.DoesNotContain("CHK-MAINTENANCE", ids);
    }

    [Fact]
    public void Before_steps_come_before_after_steps_and_each_cites_a_source()
    {
        var checklist = Assess.Evaluate(TestSnapshots.Baseline.WithOperationsManager(o => o with { Connected = true })).Checklist;

        var phases = checklist.Select(c => c.Phase).ToList();
        Assert.Equal(phases.OrderBy(p => p), phases);
        Assert.All(checklist, item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Text));
            Assert.NotEmpty(item.References);
            Assert.All(item.References, r => Assert.StartsWith("https://", r.Url, StringComparison.Ordinal));
        });
        Assert.Equal(checklist.Count, checklist.Select(c => c.Id).Distinct().Count());
    }

    /// <summary>
    /// U16: "You shouldn't install any management pack on VMM 2016 RTM. Update Rollup 1 or later must be installed."
    /// WN22: "If you have an active SCOM - VMM integration, follow the steps listed in KB article before you upgrade to VMM 2022 UR1".
    /// </summary>
    [Fact]
    public void Operations_manager_reconnection_carries_the_update_rollup_caveats_of_2016_and_2022()
    {
        var connected = (TargetVersion target) => ChecklistIds(TestSnapshots.ReadyFor(target).WithOperationsManager(o => o with { Connected = true }));

        Assert.Contains("CHK-SCOM-RECONNECT-2016", connected(TargetVersion.Vmm2016));
        Assert.DoesNotContain("CHK-SCOM-RECONNECT", connected(TargetVersion.Vmm2016));
        Assert.Contains("CHK-SCOM-UR1-2022", connected(TargetVersion.Vmm2022));
        Assert.Contains("CHK-SCOM-RECONNECT", connected(TargetVersion.Vmm2022));
        Assert.DoesNotContain("CHK-SCOM-UR1-2022", connected(TargetVersion.Vmm2025));
        var item = Checklist.Default.For(TestSnapshots.ReadyFor(TargetVersion.Vmm2016).WithOperationsManager(o => o with { Connected = true }), TargetVersion.Vmm2016)
            .Single(c => c.Id == "CHK-SCOM-RECONNECT-2016");
        Assert.Contains("You shouldn't install any management pack on VMM 2016 RTM", item.Text, StringComparison.Ordinal);
    }
}
