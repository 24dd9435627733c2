
namespace VmmAssess.Core.Rules;

/// <summary>The shipped rule pack. Listed explicitly (no reflection) so the pack is fixed at compile time and trimming-safe.</summary>
internal static class AllRules
{
    public static IEnumerable<Rule> Create() =>
    [
        new VmwareHostVersionRule(),
        new VCenterVersionRule(),
        new ProConfigurationsRule(),
        new OperationsManagerConnectionRule(),
        new WinRmThrottlingRule(),
        new ServiceAccountChangeRule(),
        new GmsaBeforeVmm2019Rule(),
        new SameServerNameRule(),
        new SiteRecoveryDkmRule(),
        new SqlEditionRule(),
        new DkmDifferentComputerRule(),
        new ServerAppVRule(),
        new Vmm2025RemovedFeaturesRule(),
        new SpfDiscontinuedRule(),
        new FailoverClusterRule(),
        new SiteRecoveryRule(),
        new HaDatabaseRule(),
        new HaLibraryRule(),
        new HaServiceAccountRule(),
        new HaDkmRule(),
        new UpgradePathRule(),
        new NetScalerScriptRule(),
        new TargetUpdateRollupRule(),
        new ManagementServerOsRule(),
        new AdkRule(),
        new DomainMembershipRule(),
        new ComputerNameLengthRule(),
        new HyperVRoleRule(),
        new DynamicMemoryRule(),
        new HaServiceNameLengthRule(),
        new SqlVersionRule(),
        new AvailabilityGroupRule(),
        new LibraryServerOsRule(),
        new UnsupportedHaLibraryRule(),
        new SqlServerNameLengthRule(),
        new VsphereHostWithoutVCenterRule(),
        new HyperVHostOsRule(),
        new XenServerRule(),
        new RunningJobsRule(),
        new PendingRebootRule(),
        new DatabaseBackupRule(),
    ];
}
