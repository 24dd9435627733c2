namespace VmmAssess.Core.Tests.Rules;

/// <summary>Every highly-available rule answers the same way when VMM is standalone (NotApplicable) or when the snapshot does not say (Unknown).</summary>
internal static class HaGateCases
{
    public static void NotApplicableWhenStandalone(string ruleId)
    {
        var finding = Assess.Rule(ruleId, TestSnapshots.StandaloneBaseline).Expect(FindingStatus.NotApplicable);
        Assert.Equal("VMM is not highly available.", finding.Message);
    }

    public static void UnknownWhenHighAvailabilityIsNotKnown(string ruleId)
    {
        var finding = Assess.Rule(ruleId, TestSnapshots.Baseline.WithVmm(v => v with { HighlyAvailable = null })).Expect(FindingStatus.Unknown);
        Assert.Equal("The snapshot does not say whether VMM is highly available.", finding.Message);
    }
}
