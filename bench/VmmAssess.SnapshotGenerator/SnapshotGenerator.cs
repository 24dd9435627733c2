using System.Globalization;
using System.Text.Json;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.SnapshotGenerator;

/// <summary>What the generator may vary; everything left null is drawn from the seed.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Same seed, same size, same options: the same snapshot, byte for byte.</summary>
    public int Seed { get; init; } = 1;

    public string TenantId { get; init; } = "contoso";

    /// <summary>Defaults to "{tenantId}-vmm{seed}".</summary>
    public string? EnvironmentId { get; init; }

    /// <summary>The VMM release the estate runs; the target is the next one unless <see cref="Target"/> says otherwise.</summary>
    public VmmProduct? Source { get; init; }

    public TargetVersion? Target { get; init; }

    public bool? HighlyAvailable { get; init; }

    /// <summary>Share of items (hosts, libraries, vCenters) left on older releases the target may not support, 0 to 1. Drawn from the seed when null (none for 40% of seeds, else up to 0.2).</summary>
    public double? LegacyShare { get; init; }

    /// <summary>Share of Hyper-V hosts whose OS the collector could not read (they become Unknown and get a collection error).</summary>
    public double UnreadableShare { get; init; } = 0.005;

    public DateTimeOffset CollectedAt { get; init; } = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// Realistic snapshot v1 documents of any size, deterministic from a seed: Hyper-V hosts on several Windows Server
/// builds (mostly in failover clusters of 2 to 16 nodes, some standalone, some revisions in the build), VMware ESX
/// hosts in ESX clusters under vCenters, a few XenServer hosts, library servers (clustered file servers, the odd
/// Scale-Out File Server), one to three management servers, the database, Operations Manager, load balancers and
/// collection errors. Versions follow the era of the source VMM release, with a share left on older releases so
/// that the rules find something. The standard sizes are 10, 500 and 5,000 hosts.
/// </summary>
public static class SnapshotFactory
{
    public static IReadOnlyList<int> StandardSizes { get; } = [10, 500, 5_000];

    public static Snapshot Create(int hostCount, int seed = 1) => Create(hostCount, new GeneratorOptions { Seed = seed });

    public static Snapshot Create(int hostCount, GeneratorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hostCount);
        ArgumentNullException.ThrowIfNull(options);
        return new Builder(hostCount, options).Build();
    }

    /// <summary>The snapshot as its collector would send it: compact UTF-8 JSON, camelCase, nulls left out.</summary>
    public static byte[] CreateUtf8(int hostCount, int seed = 1) => ToUtf8(Create(hostCount, seed));

    public static byte[] CreateUtf8(int hostCount, GeneratorOptions options) => ToUtf8(Create(hostCount, options));

    public static byte[] ToUtf8(Snapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, CoreJsonContext.Default.Snapshot);

    /// <summary>
    /// A portfolio: <paramref name="environments"/> small environments (5 to 60 hosts, seeded) spread over
    /// <paramref name="tenants"/> tenants ("tenant-0001"...), with a realistic mix of readiness outcomes.
    /// Enumerated lazily in a fixed order (environment i belongs to tenant i % tenants).
    /// </summary>
    public static IEnumerable<Snapshot> Portfolio(int environments, int tenants, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tenants);
        var random = new Random(seed);
        for (var i = 0; i < environments; i++)
        {
            var tenant = "tenant-" + (i % tenants).ToString("D4", CultureInfo.InvariantCulture);
            var environment = "env-" + i.ToString("D5", CultureInfo.InvariantCulture);
            var hosts = random.Next(5, 61);
            yield return Create(hosts, new GeneratorOptions
            {
                Seed = random.Next(),
                TenantId = tenant,
                EnvironmentId = environment,
            });
        }
    }

    private sealed class Builder(int hostCount, GeneratorOptions options)
    {
        private readonly Random random = new(options.Seed);
        private Era era = null!;
        private double legacy;
        private string domain = "";
        private string prefix = "";

        public Snapshot Build()
        {
            var source = options.Source ?? Pick([VmmProduct.Vmm2012R2, VmmProduct.Vmm2016, VmmProduct.Vmm2019, VmmProduct.Vmm2022], [1, 3, 4, 3]);
            era = Era.Of(source);
            var target = options.Target ?? era.NextTarget;
            legacy = options.LegacyShare ?? (random.NextDouble() < 0.4 ? 0 : random.NextDouble() * 0.2);
            domain = options.TenantId.ToLowerInvariant().Replace('_', '-') + ".local";
            prefix = Prefix(options.TenantId);
            var highlyAvailable = options.HighlyAvailable ?? random.NextDouble() < (hostCount >= 100 ? 0.7 : 0.3);

            var errors = new List<CollectionError>();
            var (hosts, vCenters) = Hosts(errors);
            var managementServers = ManagementServers(highlyAvailable);
            var clusterName = prefix + "-VMMCL";
            return new Snapshot
            {
                SchemaVersion = "1.0",
                SnapshotId = NextGuid(),
                TenantId = options.TenantId,
                EnvironmentId = options.EnvironmentId ?? $"{options.TenantId}-vmm{options.Seed.ToString(CultureInfo.InvariantCulture)}",
                CollectedAt = options.CollectedAt,
                Collector = new CollectorInfo("VmmAssess.Collector", "1.0.0"),
                TargetVersion = target,
                Vmm = Vmm(source, highlyAvailable),
                ManagementServers = managementServers,
                Cluster = highlyAvailable
                    ? new FailoverCluster(clusterName, random.NextDouble() < 0.95, managementServers.Select(m => m.Name.Split('.')[0]).ToArray())
                    : null,
                Database = Database(highlyAvailable, clusterName),
                LibraryServers = LibraryServers(highlyAvailable, clusterName),
                Hosts = hosts,
                VCenters = vCenters,
                OperationsManager = OperationsManager(source),
                CollectionErrors = errors.Count == 0 ? null : errors,
            };
        }

        private VmmServer Vmm(VmmProduct source, bool highlyAvailable)
        {
            var kind = highlyAvailable
                ? (random.NextDouble() < 0.85 ? ServiceAccountKind.Domain : ServiceAccountKind.GroupManaged)
                : Pick([ServiceAccountKind.LocalSystem, ServiceAccountKind.Domain, ServiceAccountKind.GroupManaged], [3, 6, 1]);
            var account = new ServiceAccount(kind, kind == ServiceAccountKind.LocalSystem ? null : $"{prefix}\\svc-vmm");
            ServiceAccount? planned = random.NextDouble() < 0.15
                ? new ServiceAccount(ServiceAccountKind.Domain, $"{prefix}\\svc-vmm{era.NextTargetName}")
                : null;
            var dkm = highlyAvailable || random.NextDouble() < 0.6;
            var loadBalancers = Enumerable.Range(0, random.Next(0, 3))
                .Select(_ => random.NextDouble() < 0.6 ? new LoadBalancer("F5 Networks", "BIG-IP") : new LoadBalancer("Citrix", "NetScaler"))
                .ToArray();
            return new VmmServer
            {
                Product = source,
                UpdateRollup = era.UpdateRollup(random),
                Build = era.VmmBuild,
                HighlyAvailable = highlyAvailable,
                ServiceAccount = account,
                PlannedServiceAccount = planned,
                Dkm = new DkmSettings(dkm, dkm ? $"CN=VMMDKM,DC={domain.Split('.')[0]},DC=local" : null),
                UpgradeOnSameComputer = random.NextDouble() < 0.8,
                RunningJobs = random.NextDouble() < 0.8 ? 0 : random.Next(1, 12),
                PendingReboot = random.NextDouble() < 0.15,
                LastDatabaseBackup = options.CollectedAt.AddHours(random.NextDouble() < 0.75 ? -random.Next(1, 20) : -random.Next(25, 200)),
                LoadBalancers = loadBalancers,
                Features = new VmmFeatures
                {
                    ServerAppVServiceTemplates = random.NextDouble() < 0.1 ? random.Next(1, 6) : 0,
                    SpfInstalled = random.NextDouble() < 0.3,
                    AzureSubscriptions = random.Next(0, 3),
                },
            };
        }

        private ManagementServer[] ManagementServers(bool highlyAvailable)
        {
            var count = highlyAvailable ? random.Next(2, 4) : 1;
            var os = era.ManagementOs;
            var siteRecovery = random.NextDouble() < 0.2;
            var lowWinRm = random.NextDouble() < 0.1;
            return Enumerable.Range(1, count).Select(i => new ManagementServer
            {
                Name = $"{prefix}-VMM{(highlyAvailable ? "N" : "")}{i.ToString(CultureInfo.InvariantCulture)}.{domain}",
                Os = Os(os, InstallationType.Server),
                DomainJoined = true,
                IsActiveNode = highlyAvailable ? i == 1 : null,
                AdkVersion = $"10.1.{os.Build.Split('.')[2]}.1",
                WinRm = lowWinRm && i == 1 ? new WinRmSettings(200, 50) : new WinRmSettings(1500, 300),
                SiteRecoveryProvider = new SiteRecoveryProvider(siteRecovery, siteRecovery ? "5.1.8095.0" : null),
            }).ToArray();
        }

        private VmmDatabase Database(bool highlyAvailable, string vmmCluster)
        {
            var sql = era.Sql[random.Next(era.Sql.Length)];
            var availability = highlyAvailable
                ? Pick([DatabaseHighAvailability.FailoverCluster, DatabaseHighAvailability.AlwaysOn, DatabaseHighAvailability.None], [5, 4, 1])
                : Pick([DatabaseHighAvailability.None, DatabaseHighAvailability.FailoverCluster, DatabaseHighAvailability.AlwaysOn], [6, 3, 1]);
            var sqlCluster = availability == DatabaseHighAvailability.None ? null : random.NextDouble() < 0.1 ? vmmCluster : prefix + "-SQLCL";
            return new VmmDatabase
            {
                Server = availability == DatabaseHighAvailability.AlwaysOn ? $"{prefix}-SQLAG-L.{domain}" : $"{prefix}-SQL01.{domain}",
                Instance = random.NextDouble() < 0.5 ? "" : "VMM",
                Version = sql.Version,
                Edition = random.NextDouble() < 0.6 ? "Enterprise Edition: Core-based Licensing (64-bit)" : "Standard Edition (64-bit)",
                HighAvailability = availability,
                ClusterName = sqlCluster,
                InAvailabilityGroup = availability == DatabaseHighAvailability.AlwaysOn,
            };
        }

        private LibraryServer[] LibraryServers(bool highlyAvailable, string vmmCluster)
        {
            var count = Math.Clamp(1 + hostCount / 300, 1, 24);
            return Enumerable.Range(1, count).Select(i =>
            {
                var sofs = random.NextDouble() < 0.05;
                var clustered = sofs || (highlyAvailable ? random.NextDouble() < 0.85 : random.NextDouble() < 0.2);
                var onVmmCluster = clustered && !sofs && random.NextDouble() < 0.03;
                return new LibraryServer
                {
                    Name = $"{prefix}-LIB{i.ToString("D2", CultureInfo.InvariantCulture)}.{domain}",
                    Os = Os(PickOs(era.LibraryOs), InstallationType.Server),
                    HighlyAvailable = clustered,
                    IsScaleOutFileServer = sofs,
                    ClusterName = onVmmCluster ? vmmCluster : clustered ? $"{prefix}-FSCL{(1 + i / 4).ToString("D2", CultureInfo.InvariantCulture)}" : null,
                };
            }).ToArray();
        }

        private (ManagedHost[] Hosts, VCenterServer[]? VCenters) Hosts(List<CollectionError> errors)
        {
            var xen = hostCount < 50 ? 0 : Math.Clamp(hostCount / 250, 1, 20);
            var vmware = hostCount == 0 ? 0 : Math.Max(1, (int)Math.Round((hostCount - xen) * (0.12 + random.NextDouble() * 0.16)));
            vmware = Math.Min(vmware, hostCount - xen);
            var hyperV = hostCount - xen - vmware;
            var hosts = new List<ManagedHost>(hostCount);

            // Hyper-V: failover clusters of 2 to 16 nodes sharing one build (the odd node mid rolling upgrade), plus standalone hosts.
            var index = 0;
            var clusterIndex = 0;
            while (index < hyperV)
            {
                var clustered = random.NextDouble() < 0.85;
                var size = clustered ? Math.Min(random.Next(2, 17), hyperV - index) : 1;
                var clusterOs = PickOs(era.HostOs);
                var clusterName = clustered ? $"{prefix}-HVCL{(++clusterIndex).ToString("D3", CultureInfo.InvariantCulture)}" : null;
                for (var n = 0; n < size; n++, index++)
                {
                    var name = $"{prefix}-HV{(index + 1).ToString("D5", CultureInfo.InvariantCulture)}.{domain}";
                    OperatingSystemInfo? os;
                    if (random.NextDouble() < options.UnreadableShare)
                    {
                        os = null;
                        errors.Add(new CollectionError("WSMan", name, "Access is denied."));
                    }
                    else
                    {
                        var release = random.NextDouble() < 0.05 ? PickOs(era.HostOs) : clusterOs;
                        os = Os(release, random.NextDouble() < 0.6 ? InstallationType.ServerCore : InstallationType.Server, withRevision: random.NextDouble() < 0.3);
                    }

                    hosts.Add(new ManagedHost { Name = name, Platform = HostPlatform.HyperV, Os = os, Cluster = clusterName });
                }
            }

            // VMware: ESX clusters of 4 to 32 hosts, up to about 400 hosts per vCenter.
            VCenterServer[]? vCenters = null;
            if (vmware > 0)
            {
                var vCenterCount = Math.Max(1, (vmware + 399) / 400);
                vCenters = Enumerable.Range(1, vCenterCount)
                    .Select(i => new VCenterServer($"{prefix.ToLowerInvariant()}-vc{i.ToString("D2", CultureInfo.InvariantCulture)}.{domain}", PickVersion(era.VCenter) + ".0"))
                    .ToArray();
                var esxCluster = 0;
                index = 0;
                while (index < vmware)
                {
                    var size = Math.Min(random.Next(4, 33), vmware - index);
                    var clusterName = $"{prefix}-ESXCL{(++esxCluster).ToString("D3", CultureInfo.InvariantCulture)}";
                    var vCenter = vCenters[random.Next(vCenters.Length)].Name;
                    var version = PickVersion(era.Esx);
                    for (var n = 0; n < size; n++, index++)
                    {
                        hosts.Add(new ManagedHost
                        {
                            Name = $"{prefix.ToLowerInvariant()}-esx{(index + 1).ToString("D5", CultureInfo.InvariantCulture)}.{domain}",
                            Platform = HostPlatform.VMwareESX,
                            Version = random.NextDouble() < 0.3 ? $"{version}.0 build {random.Next(1_000_000, 24_000_000).ToString(CultureInfo.InvariantCulture)}" : version + ".0",
                            Cluster = clusterName,
                            VCenter = vCenter,
                        });
                    }
                }
            }

            for (var i = 0; i < xen; i++)
            {
                hosts.Add(new ManagedHost
                {
                    Name = $"{prefix.ToLowerInvariant()}-xen{(i + 1).ToString("D3", CultureInfo.InvariantCulture)}.{domain}",
                    Platform = HostPlatform.XenServer,
                    Version = random.NextDouble() < 0.5 ? "6.2.0" : "6.5.0",
                    Cluster = $"{prefix}-XENPOOL{(1 + i / 8).ToString("D2", CultureInfo.InvariantCulture)}",
                });
            }

            return (hosts.ToArray(), vCenters);
        }

        private OperationsManagerConnection OperationsManager(VmmProduct source)
        {
            var connected = random.NextDouble() < 0.6;
            var pro = connected && source == VmmProduct.Vmm2012R2 && random.NextDouble() < 0.3;
            return new OperationsManagerConnection
            {
                Connected = connected,
                Server = connected ? $"{prefix}-SCOM01.{domain}" : null,
                ProEnabled = pro,
                ProConfigurations = pro ? random.Next(1, 8) : 0,
            };
        }

        private static OperatingSystemInfo Os(WindowsRelease release, InstallationType installationType) =>
            new($"Microsoft Windows Server {release.Name} Datacenter", release.Build, installationType);

        private OperatingSystemInfo Os(WindowsRelease release, InstallationType installationType, bool withRevision) =>
            new($"Microsoft Windows Server {release.Name} Datacenter", withRevision ? $"{release.Build}.{random.Next(1000, 7000).ToString(CultureInfo.InvariantCulture)}" : release.Build, installationType);

        private WindowsRelease PickOs((WindowsRelease Current, WindowsRelease Legacy)[] choices)
        {
            var (current, old) = choices[random.Next(choices.Length)];
            return random.NextDouble() < legacy ? old : current;
        }

        private string PickVersion((string Current, string Legacy)[] choices)
        {
            var (current, old) = choices[random.Next(choices.Length)];
            return random.NextDouble() < legacy ? old : current;
        }

        private T Pick<T>(T[] values, int[] weights)
        {
            var roll = random.Next(weights.Sum());
            for (var i = 0; i < values.Length; i++)
            {
                roll -= weights[i];
                if (roll < 0)
                {
                    return values[i];
                }
            }

            return values[^1];
        }

        private Guid NextGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }

        private static string Prefix(string tenantId)
        {
            var letters = new string(tenantId.Where(char.IsAsciiLetterOrDigit).Take(4).ToArray()).ToUpperInvariant();
            return letters.Length == 0 ? "ENV" : letters;
        }
    }

    private sealed record WindowsRelease(string Name, string Build);

    private sealed record SqlRelease(string Version);

    /// <summary>What an estate running a given VMM release typically has: current releases, and older ones left behind.</summary>
    private sealed record Era(
        VmmProduct Product,
        TargetVersion NextTarget,
        string NextTargetName,
        string VmmBuild,
        int[] UpdateRollups,
        WindowsRelease ManagementOs,
        (WindowsRelease Current, WindowsRelease Legacy)[] HostOs,
        (WindowsRelease Current, WindowsRelease Legacy)[] LibraryOs,
        (string Current, string Legacy)[] Esx,
        (string Current, string Legacy)[] VCenter,
        SqlRelease[] Sql)
    {
        private static readonly WindowsRelease Ws2012 = new("2012", "6.2.9200");
        private static readonly WindowsRelease Ws2012R2 = new("2012 R2", "6.3.9600");
        private static readonly WindowsRelease Ws2016 = new("2016", "10.0.14393");
        private static readonly WindowsRelease Ws2019 = new("2019", "10.0.17763");
        private static readonly WindowsRelease Ws2022 = new("2022", "10.0.20348");
        private static readonly WindowsRelease Ws2025 = new("2025", "10.0.26100");

        public int UpdateRollup(Random random) => UpdateRollups[random.Next(UpdateRollups.Length)];

        public static Era Of(VmmProduct product) => product switch
        {
            VmmProduct.Vmm2012R2 => new(product, TargetVersion.Vmm2016, "2016", "3.2.9013.0", [9, 11, 12, 14],
                Ws2012R2, [(Ws2012R2, Ws2012), (Ws2012R2, Ws2012), (Ws2016, Ws2012)], [(Ws2012R2, Ws2012), (Ws2016, Ws2012)],
                [("5.5", "5.0"), ("6.0", "5.0"), ("5.1", "4.1")], [("5.5", "5.0"), ("6.0", "5.0")],
                [new("11.0.7001.0"), new("12.0.6024.0"), new("10.50.6000.34")]),
            VmmProduct.Vmm2016 or VmmProduct.Vmm1801 or VmmProduct.Vmm1807 => new(product, TargetVersion.Vmm2019, "2019", "4.0.2413.0", [6, 8, 9, 10],
                Ws2016, [(Ws2016, Ws2012), (Ws2016, Ws2012R2), (Ws2019, Ws2012R2)], [(Ws2016, Ws2012R2), (Ws2019, Ws2012)],
                [("6.0", "5.0"), ("6.5", "5.1"), ("6.7", "5.5")], [("6.5", "5.5"), ("6.7", "6.0")],
                [new("13.0.5026.0"), new("14.0.3045.24"), new("12.0.6024.0")]),
            VmmProduct.Vmm2019 => new(product, TargetVersion.Vmm2022, "2022", "10.19.2591.0", [3, 4, 5, 6],
                Ws2019, [(Ws2019, Ws2012R2), (Ws2019, Ws2016), (Ws2022, Ws2012R2)], [(Ws2022, Ws2019), (Ws2022, Ws2016)],
                [("6.7", "6.0"), ("7.0", "6.5"), ("6.5", "6.0")], [("6.7", "6.0"), ("7.0", "6.5")],
                [new("15.0.4385.2"), new("14.0.3045.24"), new("16.0.4135.4")]),
            _ => new(product, TargetVersion.Vmm2025, "2025", "10.22.1287.0", [1, 2, 3],
                Ws2022, [(Ws2022, Ws2016), (Ws2022, Ws2019), (Ws2025, Ws2016)], [(Ws2025, Ws2022), (Ws2025, Ws2019)],
                [("7.0", "6.5"), ("8.0", "6.7"), ("7.0", "6.7")], [("7.0", "6.7"), ("8.0", "6.5")],
                [new("16.0.4135.4"), new("15.0.4385.2")]),
        };
    }
}
