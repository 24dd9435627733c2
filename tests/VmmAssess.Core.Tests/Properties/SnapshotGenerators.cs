using CsCheck;

namespace VmmAssess.Core.Tests.Properties;

/// <summary>
/// CsCheck generators. <see cref="AnySnapshot"/> makes snapshots as a careless or half-broken collector (or caller)
/// could: nulls everywhere (also where the C# types say non-null), null items in lists, empty lists, random text
/// and near-miss builds and versions, undefined enum values, extreme dates and numbers. <see cref="ValidSnapshot"/>
/// keeps within the contract, for round trips.
/// </summary>
internal static class SnapshotGenerators
{
    private static readonly string[] InterestingText =
    [
        "", " ", ".", "..", "x", "10", "10.0", "10.0.", "10.0.17763", "10.0.17763.1", "6.3.9600", "6.2.9200", "10.0.26100", "10.0.20348",
        "10.0.14393", "10.0.25398", "15.0.2000.5", "10.50.6000.34", "10.0.6000", "16.0", "17.0.1", "9", "8.100.26866", "10.1.26100.1",
        "10.1.22621.1", "10.1.x.1", "6.7.0", "8.0.2 build 1", "5.0", "7", " 7.0 ", "VMMCL", "vmmcl.contoso.com", "SQLCL", "Citrix",
        "NetScaler VPX", "CONTOSO\\svc-vmm", "contoso\\SVC-VMM", "ABCDEFGHIJKLMNOP.contoso.com", "-1", "1e9", "é", "\u0000", "\n",
        new string('x', 300),
    ];

    public static readonly Gen<string?> Text = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (5, Gen.OneOfConst(InterestingText).Select(s => (string?)s)),
        (2, Gen.String[Gen.Char["0123456789."], 0, 14].Select(s => (string?)s)),
        (1, Gen.String[0, 20].Select(s => (string?)s)));

    /// <summary>Strings the C# model declares non-null, generated null as well: the evaluator must not trust the annotation.</summary>
    public static readonly Gen<string> NonNullText = Text.Select(s => s!);

    public static readonly Gen<int?> Number = Gen.Frequency(
        (2, Gen.Const((int?)null)),
        (4, Gen.Int[-2, 30].Select(i => (int?)i)),
        (1, Gen.OneOfConst(int.MinValue, int.MaxValue, 1499, 1500, 299, 300, 10, 11, 12).Select(i => (int?)i)),
        (1, Gen.Int.Select(i => (int?)i)));

    public static readonly Gen<bool?> Flag = Gen.Bool.Nullable(0.3);

    public static readonly Gen<DateTimeOffset> Moment = Gen.Frequency(
        (4, Gen.Int[-72, 72].Select(h => TestSnapshots.CollectedAt.AddHours(h))),
        (1, Gen.OneOfConst(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default)),
        (2, Gen.DateTimeOffset));

    public static readonly Gen<DateTimeOffset?> MaybeMoment = Moment.Nullable(0.3);

    private static Gen<T?> Enum<T>() where T : struct, System.Enum => Gen.Frequency(
        (6, Gen.Enum<T>().Select(e => (T?)e)),
        (2, Gen.Const((T?)null)),
        (1, Gen.Int[-3, 3000].Select(i => (T?)(T)(object)i)));

    /// <summary>Defined targets mostly; sometimes a value no support data covers (a default-initialised record has 0).</summary>
    public static readonly Gen<TargetVersion> Target = Gen.Frequency(
        (9, Gen.Enum<TargetVersion>()),
        (1, Gen.OneOfConst(0, -1, 2028).Select(i => (TargetVersion)i)));

    private static Gen<IReadOnlyList<T>?> ListOf<T>(Gen<T> item) where T : class => Gen.Frequency(
        (1, Gen.Const((IReadOnlyList<T>?)null)),
        (1, Gen.Const((IReadOnlyList<T>?)Array.Empty<T>())),
        (5, item.Null(0.1).Array[0, 5].Select(a => (IReadOnlyList<T>?)a.Select(x => x!).ToArray())));

    private static readonly Gen<OperatingSystemInfo?> Os =
        Gen.Select(Text, Text, Enum<InstallationType>(), (caption, build, type) => new OperatingSystemInfo(caption, build, type)).Null(0.2);

    private static readonly Gen<ServiceAccount?> Account =
        Gen.Select(Enum<ServiceAccountKind>(), Text, (kind, name) => new ServiceAccount(kind, name)).Null(0.2);

    private static readonly Gen<VmmServer?> Vmm = Gen.Select(
            Gen.Select(Enum<VmmProduct>(), Number, Text, Flag, Account, Account, (p, ur, b, ha, sa, psa) => (p, ur, b, ha, sa, psa)),
            Gen.Select(Flag, Text, Flag, Number, Flag, MaybeMoment, (dkm, container, same, jobs, reboot, backup) => (dkm, container, same, jobs, reboot, backup)),
            ListOf(Gen.Select(Text, Text, (m, model) => new LoadBalancer(m, model))),
            Gen.Select(Number, Flag, Number, (appV, spf, azure) => new VmmFeatures { ServerAppVServiceTemplates = appV, SpfInstalled = spf, AzureSubscriptions = azure }).Null(0.2),
            Gen.Bool,
            (a, b, balancers, features, hasDkm) => new VmmServer
            {
                Product = a.p,
                UpdateRollup = a.ur,
                Build = a.b,
                HighlyAvailable = a.ha,
                ServiceAccount = a.sa,
                PlannedServiceAccount = a.psa,
                Dkm = hasDkm ? new DkmSettings(b.dkm, b.container) : null,
                UpgradeOnSameComputer = b.same,
                RunningJobs = b.jobs,
                PendingReboot = b.reboot,
                LastDatabaseBackup = b.backup,
                LoadBalancers = balancers,
                Features = features,
            })
        .Null(0.1);

    private static readonly Gen<ManagementServer> ManagementServer = Gen.Select(
        NonNullText, Os, Flag, Flag, Text,
        Gen.Select(Number, Number, (a, b) => new WinRmSettings(a, b)).Null(0.2),
        Gen.Select(Flag, Text, (installed, version) => new SiteRecoveryProvider(installed, version)).Null(0.2),
        (name, os, joined, active, adk, winRm, asr) => new ManagementServer
        {
            Name = name, Os = os, DomainJoined = joined, IsActiveNode = active, AdkVersion = adk, WinRm = winRm, SiteRecoveryProvider = asr,
        });

    private static readonly Gen<FailoverCluster?> Cluster =
        Gen.Select(Text, Flag, ListOf(NonNullText), (name, exists, nodes) => new FailoverCluster(name, exists, nodes)).Null(0.3);

    private static readonly Gen<VmmDatabase?> Database = Gen.Select(
            Text, Text, Text, Text, Enum<DatabaseHighAvailability>(), Text, Flag,
            (server, instance, version, edition, ha, cluster, ag) => new VmmDatabase
            {
                Server = server, Instance = instance, Version = version, Edition = edition, HighAvailability = ha, ClusterName = cluster, InAvailabilityGroup = ag,
            })
        .Null(0.15);

    private static readonly Gen<LibraryServer> Library = Gen.Select(
        NonNullText, Os, Flag, Flag, Text,
        (name, os, ha, sofs, cluster) => new LibraryServer { Name = name, Os = os, HighlyAvailable = ha, IsScaleOutFileServer = sofs, ClusterName = cluster });

    private static readonly Gen<ManagedHost> Host = Gen.Select(
        NonNullText, Enum<HostPlatform>(), Text, Os, Text, Text,
        (name, platform, version, os, cluster, vCenter) => new ManagedHost { Name = name, Platform = platform, Version = version, Os = os, Cluster = cluster, VCenter = vCenter });

    private static readonly Gen<OperationsManagerConnection?> OperationsManager = Gen.Select(
            Flag, Text, Flag, Number,
            (connected, server, pro, configurations) => new OperationsManagerConnection { Connected = connected, Server = server, ProEnabled = pro, ProConfigurations = configurations })
        .Null(0.2);

    public static readonly Gen<Snapshot> AnySnapshot = Gen.Select(
        Gen.Select(NonNullText, Gen.Guid, NonNullText, NonNullText, Moment, Gen.Select(Text, Text, (n, v) => new CollectorInfo(n, v)).Null(0.3), Target,
            (schema, id, tenant, environment, collectedAt, collector, target) => (schema, id, tenant, environment, collectedAt, collector, target)),
        Vmm,
        ListOf(ManagementServer),
        Cluster,
        Database,
        Gen.Select(ListOf(Library), ListOf(Host), ListOf(Gen.Select(NonNullText, Text, (n, v) => new VCenterServer(n, v))), (l, h, v) => (l, h, v)),
        OperationsManager,
        ListOf(Gen.Select(NonNullText, Text, NonNullText, (s, t, m) => new CollectionError(s, t, m))),
        (identity, vmm, servers, cluster, database, inventory, om, errors) => new Snapshot
        {
            SchemaVersion = identity.schema,
            SnapshotId = identity.id,
            TenantId = identity.tenant,
            EnvironmentId = identity.environment,
            CollectedAt = identity.collectedAt,
            Collector = identity.collector,
            TargetVersion = identity.target,
            Vmm = vmm,
            ManagementServers = servers,
            Cluster = cluster,
            Database = database,
            LibraryServers = inventory.l,
            Hosts = inventory.h,
            VCenters = inventory.v,
            OperationsManager = om,
            CollectionErrors = errors,
        });

    /// <summary>
    /// Starts from a clean snapshot and breaks a random selection of its parts, so that most rules see realistic data
    /// next to the broken part (fully random snapshots rarely get past the first missing field).
    /// </summary>
    public static readonly Gen<Snapshot> DamagedSnapshot = Gen.Select(
        Gen.Enum<TargetVersion>(), AnySnapshot, Gen.Int[0, (1 << 12) - 1], Gen.Bool,
        (target, random, mask, standalone) =>
        {
            var s = TestSnapshots.ReadyFor(target);
            s = standalone ? s.Standalone() : s;
            bool Take(int bit) => (mask & (1 << bit)) != 0;
            return s with
            {
                Vmm = Take(0) ? random.Vmm : s.Vmm,
                ManagementServers = Take(1) ? random.ManagementServers : s.ManagementServers,
                Cluster = Take(2) ? random.Cluster : s.Cluster,
                Database = Take(3) ? random.Database : s.Database,
                LibraryServers = Take(4) ? random.LibraryServers : s.LibraryServers,
                Hosts = Take(5) ? random.Hosts : s.Hosts,
                VCenters = Take(6) ? random.VCenters : s.VCenters,
                OperationsManager = Take(7) ? random.OperationsManager : s.OperationsManager,
                CollectedAt = Take(8) ? random.CollectedAt : s.CollectedAt,
                TargetVersion = Take(9) ? random.TargetVersion : s.TargetVersion,
                TenantId = Take(10) ? random.TenantId : s.TenantId,
                CollectionErrors = Take(11) ? random.CollectionErrors : s.CollectionErrors,
            };
        });

    // ---- Within the contract -------------------------------------------------------------------------------

    private static readonly Gen<string> SafeName = Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-. \\é"], 1, 24];
    private static readonly Gen<string?> SafeText = SafeName.Null(0.3);
    private static readonly Gen<string> Key = Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"], 1, 64].Where(k => k.Trim('.').Length > 0); // dot-only ids are refused (path segments)
    private static readonly Gen<int?> Count = Gen.Int[0, 5000].Nullable(0.3);
    private static readonly Gen<int?> Rollup = Gen.Int[0, 1000].Nullable(0.3);

    private static readonly Gen<string> WindowsBuild = Gen.Frequency(
        (3, Gen.OneOfConst(Builds.WS2012, Builds.WS2012R2, Builds.WS2016, Builds.WS2019, Builds.WS2022, Builds.WS2025)),
        (1, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 9], Gen.Int[0, 99999], Gen.Int[0, 9999].Nullable(0.5),
            (a, b, c, d) => d is null ? $"{a}.{b}.{c}" : $"{a}.{b}.{c}.{d}")));

    private static readonly Gen<string?> SqlVersion = Gen.Frequency(
        (3, Gen.OneOfConst(SqlBuilds.Sql2008R2, SqlBuilds.Sql2012, SqlBuilds.Sql2016, SqlBuilds.Sql2019, SqlBuilds.Sql2022).Select(s => (string?)s)),
        (1, Gen.Select(Gen.Int[8, 20], Gen.Int[0, 60], (a, b) => (string?)$"{a}.{b}")),
        (1, Gen.Const((string?)null)));

    private static readonly Gen<OperatingSystemInfo?> ValidOs =
        Gen.Select(SafeText, WindowsBuild, Gen.Enum<InstallationType>().Nullable(0.2), (c, b, t) => new OperatingSystemInfo(c, b, t)).Null(0.2);

    private static readonly Gen<DateTimeOffset> ValidMoment = Gen.Select(
        Gen.Long[new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks],
        Gen.Int[-12 * 4, 14 * 4],
        (ticks, quarterHours) => new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(15 * quarterHours)));

    public static readonly Gen<Snapshot> ValidSnapshot = Gen.Select(
        Gen.Select(Gen.Guid, Key, Key, ValidMoment, Gen.Enum<TargetVersion>(), (id, t, e, at, target) => (id, t, e, at, target)),
        Gen.Select(Gen.Enum<VmmProduct>().Nullable(0.2), Rollup, Gen.Bool.Nullable(0.2), Gen.Enum<ServiceAccountKind>().Nullable(0.2), SafeText,
            ValidMoment.Nullable(0.3), Count, (p, ur, ha, kind, name, backup, jobs) => new VmmServer
            {
                Product = p,
                UpdateRollup = ur,
                HighlyAvailable = ha,
                ServiceAccount = new ServiceAccount(kind, name),
                LastDatabaseBackup = backup,
                RunningJobs = jobs,
                Dkm = new DkmSettings(ha, null),
                LoadBalancers = [new LoadBalancer("Citrix", name)],
                Features = new VmmFeatures { ServerAppVServiceTemplates = jobs, SpfInstalled = ha },
            }).Null(0.1),
        Gen.Select(SafeName, ValidOs, Gen.Bool.Nullable(0.2), SafeText, Count, Count,
            (name, os, joined, adk, a, b) => new ManagementServer { Name = name, Os = os, DomainJoined = joined, AdkVersion = adk, WinRm = new WinRmSettings(a, b) })
            .Array[0, 3],
        Gen.Select(SafeName, Gen.Enum<HostPlatform>().Nullable(0.2), SafeText, ValidOs,
            (name, platform, version, os) => new ManagedHost { Name = name, Platform = platform, Version = version, Os = os, VCenter = version }).Array[0, 4],
        Gen.Select(SqlVersion, Gen.Enum<DatabaseHighAvailability>().Nullable(0.2), SafeText, (v, ha, c) => new VmmDatabase { Version = v, HighAvailability = ha, ClusterName = c, Server = c }).Null(0.2),
        Gen.Select(SafeName, ValidOs, (name, os) => new LibraryServer { Name = name, Os = os }).Array[0, 2],
        (identity, vmm, servers, hosts, database, libraries) => new Snapshot
        {
            SnapshotId = identity.id,
            TenantId = identity.t,
            EnvironmentId = identity.e,
            CollectedAt = identity.at,
            TargetVersion = identity.target,
            Collector = new CollectorInfo("VmmAssess.Collector", "1.0.0"),
            Vmm = vmm,
            ManagementServers = servers,
            Hosts = hosts,
            Database = database,
            LibraryServers = libraries,
            Cluster = new FailoverCluster("VMMCL", true, servers.Select(s => s.Name).ToArray()),
            VCenters = hosts.Select(h => new VCenterServer(h.Name, h.Version)).ToArray(),
            OperationsManager = new OperationsManagerConnection { Connected = vmm?.HighlyAvailable, ProConfigurations = vmm?.RunningJobs },
            CollectionErrors = [new CollectionError("WSMan", null, "Access is denied.")],
        });
}
