using System.Text.Json.Serialization;

namespace VmmAssess.Core.Snapshots;

// Snapshot contract v1. Property names are public API (camelCase on the wire); every part other than the
// identity fields is nullable because collectors leave out what they could not read, and rules answer Unknown.

public sealed record Snapshot
{
    public string SchemaVersion { get; init; } = "1.0";
    public Guid SnapshotId { get; init; }
    public string TenantId { get; init; } = "";
    public string EnvironmentId { get; init; } = "";
    public DateTimeOffset CollectedAt { get; init; }
    public CollectorInfo? Collector { get; init; }
    public TargetVersion TargetVersion { get; init; }
    public VmmServer? Vmm { get; init; }
    public IReadOnlyList<ManagementServer>? ManagementServers { get; init; }
    public FailoverCluster? Cluster { get; init; }
    public VmmDatabase? Database { get; init; }
    public IReadOnlyList<LibraryServer>? LibraryServers { get; init; }
    public IReadOnlyList<ManagedHost>? Hosts { get; init; }
    [JsonPropertyName("vCenters")]
    public IReadOnlyList<VCenterServer>? VCenters { get; init; }
    public OperationsManagerConnection? OperationsManager { get; init; }
    public IReadOnlyList<CollectionError>? CollectionErrors { get; init; }
}

public sealed record CollectorInfo(string? Name, string? Version);

public sealed record VmmServer
{
    public VmmProduct? Product { get; init; }
    public int? UpdateRollup { get; init; }
    public string? Build { get; init; }
    public bool? HighlyAvailable { get; init; }
    public ServiceAccount? ServiceAccount { get; init; }
    public ServiceAccount? PlannedServiceAccount { get; init; }
    public DkmSettings? Dkm { get; init; }
    public bool? UpgradeOnSameComputer { get; init; }
    public int? RunningJobs { get; init; }
    public bool? PendingReboot { get; init; }
    public DateTimeOffset? LastDatabaseBackup { get; init; }
    // false = msdb was read and records no full backup, which a null LastDatabaseBackup alone cannot say.
    public bool? DatabaseFullBackupRecorded { get; init; }
    public IReadOnlyList<LoadBalancer>? LoadBalancers { get; init; }
    public VmmFeatures? Features { get; init; }

    /// <summary>The computer the new version is installed on when <see cref="UpgradeOnSameComputer"/> is false.</summary>
    public string? PlannedServerName { get; init; }

    /// <summary>The network name of the highly available VMM role.</summary>
    public string? HaServiceName { get; init; }
}

public sealed record ServiceAccount(ServiceAccountKind? Kind, string? Name);

public sealed record DkmSettings(bool? Enabled, string? Container);

public sealed record LoadBalancer(string? Manufacturer, string? Model);

public sealed record VmmFeatures
{
    public int? ServerAppVServiceTemplates { get; init; }
    public bool? SpfInstalled { get; init; }
    public int? AzureSubscriptions { get; init; }
}

// Captions, builds, clusters, vCenters and versions repeat across thousands of hosts: they are read through a pool.
public sealed record OperatingSystemInfo(
    [property: JsonConverter(typeof(PooledStringConverter))] string? Caption,
    [property: JsonConverter(typeof(PooledStringConverter))] string? Build,
    InstallationType? InstallationType);

public sealed record ManagementServer
{
    public string Name { get; init; } = "";
    public OperatingSystemInfo? Os { get; init; }
    public bool? DomainJoined { get; init; }
    public bool? IsActiveNode { get; init; }
    public string? AdkVersion { get; init; }
    public WinRmSettings? WinRm { get; init; }
    public SiteRecoveryProvider? SiteRecoveryProvider { get; init; }
    public bool? HyperVRoleInstalled { get; init; }
    public VirtualMachineInfo? VirtualMachine { get; init; }
}

public sealed record VirtualMachineInfo(bool? IsVirtual, bool? DynamicMemoryEnabled, int? StartupMemoryMB);

public sealed record WinRmSettings(int? MaxConcurrentOperationsPerUser, int? MaxConnections);

public sealed record SiteRecoveryProvider(bool? Installed, string? Version);

public sealed record FailoverCluster(string? Name, bool? Exists, IReadOnlyList<string>? Nodes);

public sealed record VmmDatabase
{
    public string? Server { get; init; }
    public string? Instance { get; init; }
    public string? Version { get; init; }
    public string? Edition { get; init; }
    public DatabaseHighAvailability? HighAvailability { get; init; }
    public string? ClusterName { get; init; }
    public bool? InAvailabilityGroup { get; init; }
}

public sealed record LibraryServer
{
    public string Name { get; init; } = "";
    public OperatingSystemInfo? Os { get; init; }
    public bool? HighlyAvailable { get; init; }
    public bool? IsScaleOutFileServer { get; init; }
    public string? ClusterName { get; init; }
}

public sealed record ManagedHost
{
    public string Name { get; init; } = "";
    public HostPlatform? Platform { get; init; }
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Version { get; init; }
    public OperatingSystemInfo? Os { get; init; }
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Cluster { get; init; }
    [JsonPropertyName("vCenter")]
    [JsonConverter(typeof(PooledStringConverter))]
    public string? VCenter { get; init; }
}

public sealed record VCenterServer(string Name, string? Version);

public sealed record OperationsManagerConnection
{
    public bool? Connected { get; init; }
    public string? Server { get; init; }
    public bool? ProEnabled { get; init; }
    public int? ProConfigurations { get; init; }
}

public sealed record CollectionError(string Source, string? Target, string Message);

[JsonConverter(typeof(JsonStringEnumConverter<TargetVersion>))]
public enum TargetVersion
{
    [JsonStringEnumMemberName("2016")] Vmm2016 = 2016,
    [JsonStringEnumMemberName("2019")] Vmm2019 = 2019,
    [JsonStringEnumMemberName("2022")] Vmm2022 = 2022,
    [JsonStringEnumMemberName("2025")] Vmm2025 = 2025,
}

[JsonConverter(typeof(JsonStringEnumConverter<VmmProduct>))]
public enum VmmProduct
{
    [JsonStringEnumMemberName("2012R2")] Vmm2012R2,
    [JsonStringEnumMemberName("2016")] Vmm2016,
    [JsonStringEnumMemberName("1801")] Vmm1801,
    [JsonStringEnumMemberName("1807")] Vmm1807,
    [JsonStringEnumMemberName("2019")] Vmm2019,
    [JsonStringEnumMemberName("2022")] Vmm2022,
    [JsonStringEnumMemberName("2025")] Vmm2025,
}

[JsonConverter(typeof(JsonStringEnumConverter<ServiceAccountKind>))]
public enum ServiceAccountKind { LocalSystem, Domain, GroupManaged }

[JsonConverter(typeof(JsonStringEnumConverter<InstallationType>))]
public enum InstallationType
{
    Server,
    [JsonStringEnumMemberName("Server Core")] ServerCore,
}

[JsonConverter(typeof(JsonStringEnumConverter<DatabaseHighAvailability>))]
public enum DatabaseHighAvailability { None, FailoverCluster, AlwaysOn }

[JsonConverter(typeof(JsonStringEnumConverter<HostPlatform>))]
public enum HostPlatform { HyperV, VMwareESX, XenServer }
