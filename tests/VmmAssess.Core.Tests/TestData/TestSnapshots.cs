using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Tests.TestData;

/// <summary>Windows builds as collectors report them (the facts sheet's build → release map).</summary>
public static class Builds
{
    public const string WS2012 = "6.2.9200";
    public const string WS2012R2 = "6.3.9600";
    public const string WS2016 = "10.0.14393";
    public const string WS2019 = "10.0.17763";
    public const string WS2022 = "10.0.20348";
    public const string WS2025 = "10.0.26100";

    /// <summary>Azure Local 23H2: a real build that the support data does not map.</summary>
    public const string Unmapped = "10.0.25398";
}

/// <summary>SQL Server builds (major version → release).</summary>
public static class SqlBuilds
{
    public const string Sql2008 = "10.0.6000.29";
    public const string Sql2008R2 = "10.50.6000.34";
    public const string Sql2012 = "11.0.7001.0";
    public const string Sql2014 = "12.0.6024.0";
    public const string Sql2016 = "13.0.6300.2";
    public const string Sql2017 = "14.0.3456.2";
    public const string Sql2019 = "15.0.4385.2";
    public const string Sql2022 = "16.0.4135.4";

    /// <summary>SQL Server 2025 (major 17) is not in the support data: Unknown, never a guess.</summary>
    public const string Unmapped = "17.0.1000.7";
}

/// <summary>
/// Clean, fully filled snapshots that are Ready for their target, and small factories for inventory items, so a
/// test states only what differs from a healthy environment (<c>TestSnapshots.Baseline with { ... }</c> or the helpers in
/// <see cref="SnapshotChanges"/>).
/// </summary>
public static class TestSnapshots
{
    public static readonly DateTimeOffset CollectedAt = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Highly available VMM 2022 UR2 going to 2025, every field filled, nothing to fix.</summary>
    public static Snapshot Baseline { get; } = ReadyFor(TargetVersion.Vmm2025);

    /// <summary>The same environment without high availability (no cluster, standalone SQL Server and library).</summary>
    public static Snapshot StandaloneBaseline { get; } = Baseline.Standalone();

    /// <summary>
    /// A highly available environment that is Ready for <paramref name="target"/>: it runs the direct source of the
    /// target (at or above its minimum update rollup), and every server, host, database and tool is on a release the
    /// facts sheet lists as supported for that target. Values come from the facts sheet, not from support-matrix.json.
    /// </summary>
    public static Snapshot ReadyFor(TargetVersion target)
    {
        var p = Profile.For(target);
        return new Snapshot
        {
            SchemaVersion = "1.0",
            SnapshotId = new Guid("3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b"),
            TenantId = "contoso",
            EnvironmentId = "contoso-dc1-vmm",
            CollectedAt = CollectedAt,
            Collector = new CollectorInfo("VmmAssess.Collector", "1.0.0"),
            TargetVersion = target,
            Vmm = new VmmServer
            {
                Product = p.Source,
                UpdateRollup = p.SourceRollup,
                Build = "10.22.1711.0",
                HighlyAvailable = true,
                ServiceAccount = new ServiceAccount(ServiceAccountKind.Domain, "CONTOSO\\svc-vmm"),
                PlannedServiceAccount = new ServiceAccount(ServiceAccountKind.Domain, "CONTOSO\\svc-vmm"),
                Dkm = new DkmSettings(true, "CN=VMMDKM,DC=contoso,DC=com"),
                UpgradeOnSameComputer = true,
                RunningJobs = 0,
                PendingReboot = false,
                LastDatabaseBackup = CollectedAt.AddHours(-2),
                LoadBalancers = [new LoadBalancer("F5 Networks", "BIG-IP")],
                Features = new VmmFeatures { ServerAppVServiceTemplates = 0, SpfInstalled = false, AzureSubscriptions = 0 },
                HaServiceName = "VMMHA",
            },
            ManagementServers =
            [
                ManagementServerOn("VMMN1.contoso.com", p.ServerBuild, p.Adk) with { IsActiveNode = true },
                ManagementServerOn("VMMN2.contoso.com", p.ServerBuild, p.Adk) with { IsActiveNode = false },
            ],
            Cluster = new FailoverCluster("VMMCL", true, ["VMMN1", "VMMN2"]),
            Database = new VmmDatabase
            {
                Server = "SQLFCI.contoso.com",
                Instance = "VMM",
                Version = p.Sql,
                Edition = "Enterprise Edition (64-bit)",
                HighAvailability = DatabaseHighAvailability.FailoverCluster,
                ClusterName = "SQLCL",
                InAvailabilityGroup = false,
            },
            LibraryServers = [Library("LIBFS.contoso.com", p.LibraryBuild, InstallationType.Server) with { HighlyAvailable = true, ClusterName = "FSCL" }],
            Hosts =
            [
                HyperVHost("HV01.contoso.com", p.HostBuild, InstallationType.ServerCore),
                HyperVHost("HV02.contoso.com", p.HostBuild, InstallationType.Server),
                EsxHost("esx01.contoso.com", p.Esx),
            ],
            VCenters = [new VCenterServer("vc01.contoso.com", p.VCenter)],
            OperationsManager = new OperationsManagerConnection { Connected = false, Server = "SCOM01.contoso.com", ProEnabled = false, ProConfigurations = 0 },
            CollectionErrors = [],
        };
    }

    public static OperatingSystemInfo Os(string build, InstallationType? installationType = InstallationType.Server, string? caption = null) =>
        new(caption ?? "Microsoft Windows Server Datacenter", build, installationType);

    public static ManagementServer ManagementServerOn(string name, string build, string adkVersion = "10.1.26100.1") => new()
    {
        Name = name,
        Os = Os(build),
        DomainJoined = true,
        IsActiveNode = true,
        AdkVersion = adkVersion,
        WinRm = new WinRmSettings(1500, 300),
        SiteRecoveryProvider = new SiteRecoveryProvider(false, null),
        HyperVRoleInstalled = false,
        VirtualMachine = new VirtualMachineInfo(true, true, 8192),
    };

    public static LibraryServer Library(string name, string build, InstallationType? installationType = InstallationType.Server) => new()
    {
        Name = name,
        Os = Os(build, installationType),
        HighlyAvailable = false,
        IsScaleOutFileServer = false,
        ClusterName = null,
    };

    public static ManagedHost HyperVHost(string name, string build, InstallationType? installationType = InstallationType.ServerCore) => new()
    {
        Name = name,
        Platform = HostPlatform.HyperV,
        Os = Os(build, installationType),
        Cluster = "HVCL01",
    };

    public static ManagedHost EsxHost(string name, string? version) => new()
    {
        Name = name,
        Platform = HostPlatform.VMwareESX,
        Version = version,
        Cluster = "ESXCL",
        VCenter = "vc01.contoso.com",
    };

    public static ManagedHost XenHost(string name) => new() { Name = name, Platform = HostPlatform.XenServer, Version = "7.1.0" };

    /// <summary>Per-target values a clean environment has, straight from the facts sheet.</summary>
    private sealed record Profile(
        VmmProduct Source, int SourceRollup, string ServerBuild, string Adk, string Sql, string LibraryBuild, string HostBuild, string Esx, string VCenter)
    {
        public static Profile For(TargetVersion target) => target switch
        {
            // 2016: from 2012 R2 UR9+ (UR14 needs no NetScaler script); WS2016; ADK for Windows 10; SQL 2012–2016.
            TargetVersion.Vmm2016 => new(VmmProduct.Vmm2012R2, 14, Builds.WS2016, "10.1.14393.0", SqlBuilds.Sql2016, Builds.WS2016, Builds.WS2016, "6.0.0", "6.0.0"),
            // 2019: from 2016 UR6+; WS2016/WS2019; ADK for Windows 10; SQL 2016–2019; ESX/vCenter 6.0 (6.5+ need a 2019 update rollup).
            TargetVersion.Vmm2019 => new(VmmProduct.Vmm2016, 9, Builds.WS2019, "10.1.17763.1", SqlBuilds.Sql2019, Builds.WS2019, Builds.WS2019, "6.0.0", "6.0.0"),
            // 2022: from 2019; WS2022; ADK for Windows 11 and WS2022; SQL 2016–2019.
            TargetVersion.Vmm2022 => new(VmmProduct.Vmm2019, 6, Builds.WS2022, "10.1.22621.1", SqlBuilds.Sql2019, Builds.WS2022, Builds.WS2022, "6.7.0", "6.7.0"),
            // 2025: from 2022; WS2025; ADK for Windows 11 and WS2025; SQL 2019/2022.
            TargetVersion.Vmm2025 => new(VmmProduct.Vmm2022, 2, Builds.WS2025, "10.1.26100.1", SqlBuilds.Sql2022, Builds.WS2025, Builds.WS2025, "8.0.2", "8.0.2"),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
    }
}
