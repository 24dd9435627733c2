namespace VmmAssess.Core.Tests.Rules;

/// <summary>No jobs may run when setup starts; job history is deleted (U16–U25, TPB).</summary>
public class RunningJobsRuleTests
{
    private const string Id = "VMM-OPS-001";

    [Fact]
    public void Pass_when_no_job_runs()
    {
        Assert.Equal("No job is running.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_counts_the_running_jobs()
    {
        var snapshot = TestSnapshots.Baseline.WithVmm(v => v with { RunningJobs = 2 });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal("2 job(s) were running when the snapshot was taken.", finding.Message);
        Assert.Equal(new Evidence("VMM", "runningJobs", "2", "0"), Assert.Single(finding.Evidence));
        Assert.Equal(Readiness.ReadyWithConditions, Assess.Evaluate(snapshot).Readiness);
    }

    [Fact]
    public void Unknown_when_jobs_are_not_counted()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { RunningJobs = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { Vmm = null }).Expect(FindingStatus.Unknown);
    }
}
