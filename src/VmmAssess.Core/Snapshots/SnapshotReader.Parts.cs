using System.Text;

namespace VmmAssess.Core.Snapshots;

// The one-of-a-kind parts of a snapshot (VMM server, database, cluster, ...), and the enums' wire names.
internal ref partial struct SnapshotReader
{
    private static readonly string[] VmmFields =
    [
        "product", "updateRollup", "build", "highlyAvailable", "serviceAccount", "plannedServiceAccount", "dkm",
        "upgradeOnSameComputer", "runningJobs", "pendingReboot", "lastDatabaseBackup", "databaseFullBackupRecorded",
        "loadBalancers", "features", "plannedServerName", "haServiceName",
    ];

    private VmmServer? ReadVmm(SchemaNode node)
    {
        if (Begin(node, VmmFields) is not { } fields)
        {
            return null;
        }

        VmmProduct? product = null;
        int? updateRollup = null, runningJobs = null;
        string? build = null, plannedServerName = null, haServiceName = null;
        bool? highlyAvailable = null, upgradeOnSameComputer = null, pendingReboot = null, fullBackupRecorded = null;
        ServiceAccount? serviceAccount = null, plannedServiceAccount = null;
        DkmSettings? dkm = null;
        DateTimeOffset? lastDatabaseBackup = null;
        LoadBalancer[]? loadBalancers = null;
        VmmFeatures? features = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            switch (fields[entry.Index])
            {
                case 0: product = ReadEnum(schema, VmmProducts); break;
                case 1: updateRollup = ReadInt32(schema); break;
                case 2: build = ReadString(schema); break;
                case 3: highlyAvailable = ReadBoolean(schema); break;
                case 4: serviceAccount = ReadServiceAccount(schema); break;
                case 5: plannedServiceAccount = ReadServiceAccount(schema); break;
                case 6: dkm = ReadDkm(schema); break;
                case 7: upgradeOnSameComputer = ReadBoolean(schema); break;
                case 8: runningJobs = ReadInt32(schema); break;
                case 9: pendingReboot = ReadBoolean(schema); break;
                case 10: lastDatabaseBackup = ReadDateTimeOffset(schema); break;
                case 11: fullBackupRecorded = ReadBoolean(schema); break;
                case 12:
                    loadBalancers = ReadList(schema, static (ref SnapshotReader r, SchemaNode n) =>
                        r.ReadPair(n, LoadBalancerFields, static (ref SnapshotReader r, SchemaNode n) => r.ReadString(n), static (a, b) => new LoadBalancer(a, b)));
                    break;
                case 13: features = ReadFeatures(schema); break;
                case 14: plannedServerName = ReadString(schema); break;
                case 15: haServiceName = ReadString(schema); break;
                default: CheckValue(schema); break;
            }
        }

        EndObject(node, state);
        return new VmmServer
        {
            Product = product, UpdateRollup = updateRollup, Build = build, HighlyAvailable = highlyAvailable,
            ServiceAccount = serviceAccount, PlannedServiceAccount = plannedServiceAccount, Dkm = dkm,
            UpgradeOnSameComputer = upgradeOnSameComputer, RunningJobs = runningJobs, PendingReboot = pendingReboot,
            LastDatabaseBackup = lastDatabaseBackup, DatabaseFullBackupRecorded = fullBackupRecorded, LoadBalancers = loadBalancers,
            Features = features, PlannedServerName = plannedServerName, HaServiceName = haServiceName,
        };
    }

    private static readonly string[] LoadBalancerFields = ["manufacturer", "model"];
    private static readonly string[] CollectorFields = ["name", "version"];
    private static readonly string[] WinRmFields = ["maxConcurrentOperationsPerUser", "maxConnections"];
    private static readonly string[] ServiceAccountFields = ["kind", "name"];
    private static readonly string[] DkmFields = ["enabled", "container"];
    private static readonly string[] SiteRecoveryFields = ["installed", "version"];

    private CollectorInfo? ReadCollector(SchemaNode node) =>
        ReadPair(node, CollectorFields, static (ref SnapshotReader r, SchemaNode n) => r.ReadString(n), static (a, b) => new CollectorInfo(a, b));

    private ServiceAccount? ReadServiceAccount(SchemaNode node)
    {
        if (Begin(node, ServiceAccountFields) is not { } fields)
        {
            return null;
        }

        ServiceAccountKind? kind = null;
        string? name = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            switch (fields[entry.Index])
            {
                case 0: kind = ReadEnum(entry.Schema, ServiceAccountKinds); break;
                case 1: name = ReadString(entry.Schema); break;
                default: CheckValue(entry.Schema); break;
            }
        }

        EndObject(node, state);
        return new ServiceAccount(kind, name);
    }

    private DkmSettings? ReadDkm(SchemaNode node)
    {
        if (Begin(node, DkmFields) is not { } fields)
        {
            return null;
        }

        bool? enabled = null;
        string? container = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            switch (fields[entry.Index])
            {
                case 0: enabled = ReadBoolean(entry.Schema); break;
                case 1: container = ReadString(entry.Schema); break;
                default: CheckValue(entry.Schema); break;
            }
        }

        EndObject(node, state);
        return new DkmSettings(enabled, container);
    }

    private SiteRecoveryProvider? ReadSiteRecoveryProvider(SchemaNode node)
    {
        if (Begin(node, SiteRecoveryFields) is not { } fields)
        {
            return null;
        }

        bool? installed = null;
        string? version = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            switch (fields[entry.Index])
            {
                case 0: installed = ReadBoolean(entry.Schema); break;
                case 1: version = ReadString(entry.Schema); break;
                default: CheckValue(entry.Schema); break;
            }
        }

        EndObject(node, state);
        return new SiteRecoveryProvider(installed, version);
    }

    private static readonly string[] FeatureFields = ["serverAppVServiceTemplates", "spfInstalled", "azureSubscriptions"];

    private VmmFeatures? ReadFeatures(SchemaNode node)
    {
        if (Begin(node, FeatureFields) is not { } fields)
        {
            return null;
        }

        var features = new VmmFeatures();
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            features = fields[entry.Index] switch
            {
                0 => features with { ServerAppVServiceTemplates = ReadInt32(entry.Schema) },
                1 => features with { SpfInstalled = ReadBoolean(entry.Schema) },
                2 => features with { AzureSubscriptions = ReadInt32(entry.Schema) },
                _ => Skip(entry.Schema, features),
            };
        }

        EndObject(node, state);
        return features;
    }

    private static readonly string[] VirtualMachineFields = ["isVirtual", "dynamicMemoryEnabled", "startupMemoryMB"];

    private VirtualMachineInfo? ReadVirtualMachine(SchemaNode node)
    {
        if (Begin(node, VirtualMachineFields) is not { } fields)
        {
            return null;
        }

        bool? isVirtual = null, dynamicMemory = null;
        int? startupMemory = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            switch (fields[entry.Index])
            {
                case 0: isVirtual = ReadBoolean(entry.Schema); break;
                case 1: dynamicMemory = ReadBoolean(entry.Schema); break;
                case 2: startupMemory = ReadInt32(entry.Schema); break;
                default: CheckValue(entry.Schema); break;
            }
        }

        EndObject(node, state);
        return new VirtualMachineInfo(isVirtual, dynamicMemory, startupMemory);
    }

    private static readonly string[] ClusterFields = ["name", "exists", "nodes"];

    private FailoverCluster? ReadCluster(SchemaNode node)
    {
        if (Begin(node, ClusterFields) is not { } fields)
        {
            return null;
        }

        string? name = null;
        bool? exists = null;
        string[]? nodes = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            switch (fields[entry.Index])
            {
                case 0: name = ReadString(entry.Schema); break;
                case 1: exists = ReadBoolean(entry.Schema); break;
                case 2: nodes = ReadList(entry.Schema, static (ref SnapshotReader r, SchemaNode n) => r.ReadString(n)); break;
                default: CheckValue(entry.Schema); break;
            }
        }

        EndObject(node, state);
        return new FailoverCluster(name, exists, nodes);
    }

    private static readonly string[] DatabaseFields = ["server", "instance", "version", "edition", "highAvailability", "clusterName", "inAvailabilityGroup"];

    private VmmDatabase? ReadDatabase(SchemaNode node)
    {
        if (Begin(node, DatabaseFields) is not { } fields)
        {
            return null;
        }

        var database = new VmmDatabase();
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            database = fields[entry.Index] switch
            {
                0 => database with { Server = ReadString(schema) },
                1 => database with { Instance = ReadString(schema) },
                2 => database with { Version = ReadString(schema) },
                3 => database with { Edition = ReadString(schema) },
                4 => database with { HighAvailability = ReadEnum(schema, DatabaseHighAvailabilities) },
                5 => database with { ClusterName = ReadString(schema) },
                6 => database with { InAvailabilityGroup = ReadBoolean(schema) },
                _ => Skip(schema, database),
            };
        }

        EndObject(node, state);
        return database;
    }

    private static readonly string[] OperationsManagerFields = ["connected", "server", "proEnabled", "proConfigurations"];

    private OperationsManagerConnection? ReadOperationsManager(SchemaNode node)
    {
        if (Begin(node, OperationsManagerFields) is not { } fields)
        {
            return null;
        }

        var connection = new OperationsManagerConnection();
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            connection = fields[entry.Index] switch
            {
                0 => connection with { Connected = ReadBoolean(schema) },
                1 => connection with { Server = ReadString(schema) },
                2 => connection with { ProEnabled = ReadBoolean(schema) },
                3 => connection with { ProConfigurations = ReadInt32(schema) },
                _ => Skip(schema, connection),
            };
        }

        EndObject(node, state);
        return connection;
    }

    // Wire names as the model's enums declare them (JsonStringEnumMemberName, else the member name).
    private static (byte[] Name, T Value)[] Names<T>(params (string Name, T Value)[] names) =>
        names.Select(n => (Encoding.UTF8.GetBytes(n.Name), n.Value)).ToArray();

    private static readonly (byte[] Name, TargetVersion Value)[] TargetVersions = Names(
        ("2016", TargetVersion.Vmm2016), ("2019", TargetVersion.Vmm2019), ("2022", TargetVersion.Vmm2022), ("2025", TargetVersion.Vmm2025));

    private static readonly (byte[] Name, VmmProduct Value)[] VmmProducts = Names(
        ("2012R2", VmmProduct.Vmm2012R2), ("2016", VmmProduct.Vmm2016), ("1801", VmmProduct.Vmm1801), ("1807", VmmProduct.Vmm1807),
        ("2019", VmmProduct.Vmm2019), ("2022", VmmProduct.Vmm2022), ("2025", VmmProduct.Vmm2025));

    private static readonly (byte[] Name, ServiceAccountKind Value)[] ServiceAccountKinds = Names(
        ("LocalSystem", ServiceAccountKind.LocalSystem), ("Domain", ServiceAccountKind.Domain), ("GroupManaged", ServiceAccountKind.GroupManaged));

    private static readonly (byte[] Name, InstallationType Value)[] InstallationTypes = Names(
        ("Server", InstallationType.Server), ("Server Core", InstallationType.ServerCore));

    private static readonly (byte[] Name, DatabaseHighAvailability Value)[] DatabaseHighAvailabilities = Names(
        ("None", DatabaseHighAvailability.None), ("FailoverCluster", DatabaseHighAvailability.FailoverCluster), ("AlwaysOn", DatabaseHighAvailability.AlwaysOn));

    private static readonly (byte[] Name, HostPlatform Value)[] HostPlatforms = Names(
        ("HyperV", HostPlatform.HyperV), ("VMwareESX", HostPlatform.VMwareESX), ("XenServer", HostPlatform.XenServer));
}

/// <summary>
/// Strings already found valid for a schema node on this thread (Windows builds repeat across thousands of hosts), so
/// the pattern is run once per distinct value instead of once per host. Matched on the exact UTF-8 bytes.
/// </summary>
internal static class CheckedStrings
{
    private const int Slots = 256;

    [ThreadStatic]
    private static (SchemaNode? Node, byte[]? Utf8)[]? table;

    private static int SlotOf(SchemaNode node, ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.Add(node);
        hash.AddBytes(utf8);
        return hash.ToHashCode() & (Slots - 1);
    }

    public static bool Contains(SchemaNode node, ReadOnlySpan<byte> utf8) =>
        table is { } entries && entries[SlotOf(node, utf8)] is { Node: { } cached, Utf8: { } bytes } && ReferenceEquals(cached, node) && utf8.SequenceEqual(bytes);

    public static void Add(SchemaNode node, ReadOnlySpan<byte> utf8) => (table ??= new (SchemaNode?, byte[]?)[Slots])[SlotOf(node, utf8)] = (node, utf8.ToArray());
}
