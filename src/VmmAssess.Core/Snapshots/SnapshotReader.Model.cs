using System.Buffers;

namespace VmmAssess.Core.Snapshots;

// The model side of the one-pass reader: one method per contract type, each mapping the schema's properties (by their
// position in the type's field list, FieldsOf) to what System.Text.Json's source-generated deserializer would set.
// A schema property the model does not keep is checked and dropped (CheckValue), as the deserializer drops it.
internal ref partial struct SnapshotReader
{
    private static readonly string[] SnapshotFields =
    [
        "schemaVersion", "snapshotId", "tenantId", "environmentId", "collectedAt", "collector", "targetVersion", "vmm",
        "managementServers", "cluster", "database", "libraryServers", "hosts", "vCenters", "operationsManager", "collectionErrors",
    ];

    private Snapshot ReadSnapshot(SchemaNode node)
    {
        var fields = Begin(node, SnapshotFields) ?? throw GiveUp();
        string schemaVersion = "1.0", tenantId = "", environmentId = "";
        Guid snapshotId = default;
        DateTimeOffset collectedAt = default;
        CollectorInfo? collector = null;
        TargetVersion targetVersion = default;
        VmmServer? vmm = null;
        ManagementServer[]? managementServers = null;
        FailoverCluster? cluster = null;
        VmmDatabase? database = null;
        LibraryServer[]? libraryServers = null;
        ManagedHost[]? hosts = null;
        VCenterServer[]? vCenters = null;
        OperationsManagerConnection? operationsManager = null;
        CollectionError[]? collectionErrors = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            switch (fields[entry.Index])
            {
                case 0: schemaVersion = ReadString(schema)!; break;
                case 1: snapshotId = CheckString(schema) && reader.TryGetGuid(out var guid) ? guid : throw GiveUp(); break;
                case 2: tenantId = ReadString(schema)!; break;
                case 3: environmentId = ReadString(schema)!; break;
                case 4: collectedAt = ReadDateTimeOffset(schema) ?? throw GiveUp(); break;
                case 5: collector = ReadCollector(schema); break;
                case 6: targetVersion = ReadEnum(schema, TargetVersions) ?? throw GiveUp(); break;
                case 7: vmm = ReadVmm(schema); break;
                case 8: managementServers = ReadList(schema, static (ref SnapshotReader r, SchemaNode n) => r.ReadManagementServer(n)); break;
                case 9: cluster = ReadCluster(schema); break;
                case 10: database = ReadDatabase(schema); break;
                case 11: libraryServers = ReadList(schema, static (ref SnapshotReader r, SchemaNode n) => r.ReadLibraryServer(n)); break;
                case 12: hosts = ReadList(schema, static (ref SnapshotReader r, SchemaNode n) => r.ReadHost(n)); break;
                case 13: vCenters = ReadList(schema, static (ref SnapshotReader r, SchemaNode n) => r.ReadVCenter(n)); break;
                case 14: operationsManager = ReadOperationsManager(schema); break;
                case 15: collectionErrors = ReadList(schema, static (ref SnapshotReader r, SchemaNode n) => r.ReadCollectionError(n)); break;
                default: CheckValue(schema); break;
            }
        }

        EndObject(node, state);
        return new Snapshot
        {
            SchemaVersion = schemaVersion, SnapshotId = snapshotId, TenantId = tenantId, EnvironmentId = environmentId,
            CollectedAt = collectedAt, Collector = collector, TargetVersion = targetVersion, Vmm = vmm,
            ManagementServers = managementServers, Cluster = cluster, Database = database, LibraryServers = libraryServers,
            Hosts = hosts, VCenters = vCenters, OperationsManager = operationsManager, CollectionErrors = collectionErrors,
        };
    }

    private static readonly string[] HostFields = ["name", "platform", "version", "os", "cluster", "vCenter"];

    private ManagedHost? ReadHost(SchemaNode node)
    {
        if (Begin(node, HostFields) is not { } fields)
        {
            return null;
        }

        string name = "";
        HostPlatform? platform = null;
        string? version = null, cluster = null, vCenter = null;
        OperatingSystemInfo? os = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            switch (fields[entry.Index])
            {
                case 0: name = ReadString(schema)!; break;
                case 1: platform = ReadEnum(schema, HostPlatforms); break;
                case 2: version = ReadPooledString(schema); break;
                case 3: os = ReadOs(schema); break;
                case 4: cluster = ReadPooledString(schema); break;
                case 5: vCenter = ReadPooledString(schema); break;
                default: CheckValue(schema); break;
            }
        }

        EndObject(node, state);
        return new ManagedHost { Name = name, Platform = platform, Version = version, Os = os, Cluster = cluster, VCenter = vCenter };
    }

    private static readonly string[] OsFields = ["caption", "build", "installationType"];

    private OperatingSystemInfo? ReadOs(SchemaNode node)
    {
        if (Begin(node, OsFields) is not { } fields)
        {
            return null;
        }

        string? caption = null, build = null;
        InstallationType? installationType = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            switch (fields[entry.Index])
            {
                case 0: caption = ReadPooledString(schema); break;
                case 1: build = ReadPooledString(schema); break;
                case 2: installationType = ReadEnum(schema, InstallationTypes); break;
                default: CheckValue(schema); break;
            }
        }

        EndObject(node, state);
        return SharedOs(caption, build, installationType);
    }

    /// <summary>
    /// Hosts of an estate run a handful of distinct operating systems: equal ones (same pooled caption and build
    /// strings, same installation type) share one immutable record within a document.
    /// </summary>
    private OperatingSystemInfo SharedOs(string? caption, string? build, InstallationType? installationType)
    {
        var seen = operatingSystems ??= new OperatingSystemInfo[8];
        foreach (var os in seen)
        {
            if (os is not null && ReferenceEquals(os.Caption, caption) && ReferenceEquals(os.Build, build) && os.InstallationType == installationType)
            {
                return os;
            }
        }

        var created = new OperatingSystemInfo(caption, build, installationType);
        seen[nextOs++ & (seen.Length - 1)] = created;
        return created;
    }

    private static readonly string[] ManagementServerFields =
        ["name", "os", "domainJoined", "isActiveNode", "adkVersion", "winRm", "siteRecoveryProvider", "hyperVRoleInstalled", "virtualMachine"];

    private ManagementServer? ReadManagementServer(SchemaNode node)
    {
        if (Begin(node, ManagementServerFields) is not { } fields)
        {
            return null;
        }

        var server = new ManagementServer();
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            server = fields[entry.Index] switch
            {
                0 => server with { Name = ReadString(schema)! },
                1 => server with { Os = ReadOs(schema) },
                2 => server with { DomainJoined = ReadBoolean(schema) },
                3 => server with { IsActiveNode = ReadBoolean(schema) },
                4 => server with { AdkVersion = ReadString(schema) },
                5 => server with { WinRm = ReadPair(schema, WinRmFields, static (ref SnapshotReader r, SchemaNode n) => r.ReadInt32(n), static (a, b) => new WinRmSettings(a, b)) },
                6 => server with { SiteRecoveryProvider = ReadSiteRecoveryProvider(schema) },
                7 => server with { HyperVRoleInstalled = ReadBoolean(schema) },
                8 => server with { VirtualMachine = ReadVirtualMachine(schema) },
                _ => Skip(schema, server),
            };
        }

        EndObject(node, state);
        return server;
    }

    private static readonly string[] LibraryServerFields = ["name", "os", "highlyAvailable", "isScaleOutFileServer", "clusterName"];

    private LibraryServer? ReadLibraryServer(SchemaNode node)
    {
        if (Begin(node, LibraryServerFields) is not { } fields)
        {
            return null;
        }

        var server = new LibraryServer();
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            server = fields[entry.Index] switch
            {
                0 => server with { Name = ReadString(schema)! },
                1 => server with { Os = ReadOs(schema) },
                2 => server with { HighlyAvailable = ReadBoolean(schema) },
                3 => server with { IsScaleOutFileServer = ReadBoolean(schema) },
                4 => server with { ClusterName = ReadString(schema) },
                _ => Skip(schema, server),
            };
        }

        EndObject(node, state);
        return server;
    }

    private static readonly string[] VCenterFields = ["name", "version"];

    private VCenterServer? ReadVCenter(SchemaNode node) =>
        ReadPair(node, VCenterFields, static (ref SnapshotReader r, SchemaNode n) => r.ReadString(n), static (name, version) => new VCenterServer(name!, version));

    private static readonly string[] CollectionErrorFields = ["source", "target", "message"];

    private CollectionError? ReadCollectionError(SchemaNode node)
    {
        if (Begin(node, CollectionErrorFields) is not { } fields)
        {
            return null;
        }

        string? source = null, target = null, message = null;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            var schema = entry.Schema;
            switch (fields[entry.Index])
            {
                case 0: source = ReadString(schema); break;
                case 1: target = ReadString(schema); break;
                case 2: message = ReadString(schema); break;
                default: CheckValue(schema); break;
            }
        }

        EndObject(node, state);
        return new CollectionError(source!, target, message!);
    }

    /// <summary>A list of <paramref name="read"/>'s items (a null item, which the schema does not allow, is left to the exact path).</summary>
    private T[]? ReadList<T>(SchemaNode node, ItemReader<T?> read)
        where T : class
    {
        if (!BeginArray(node))
        {
            return null;
        }

        // Items gather in a pooled buffer and land in one array of the exact size (a list would allocate every size
        // it grows through: twice the final array for 5,000 hosts).
        var buffer = ArrayPool<T>.Shared.Rent(16);
        var count = 0;
        while (NextItem())
        {
            if (count == buffer.Length)
            {
                var larger = ArrayPool<T>.Shared.Rent(count * 2);
                buffer.AsSpan(0, count).CopyTo(larger);
                ArrayPool<T>.Shared.Return(buffer, clearArray: true);
                buffer = larger;
            }

            buffer[count++] = read(ref this, node.Items!) ?? throw GiveUp();
        }

        var items = buffer.AsSpan(0, count).ToArray();
        ArrayPool<T>.Shared.Return(buffer, clearArray: true);
        return items;
    }

    private delegate T ItemReader<out T>(ref SnapshotReader reader, SchemaNode node);

    /// <summary>The fields map of an object value for <paramref name="node"/>, or null at an allowed null.</summary>
    private int[]? Begin(SchemaNode node, string[] names) =>
        !BeginObject(node) ? null : node.FieldsOf(names) ?? throw GiveUp();

    private T Skip<T>(SchemaNode node, T unchanged)
    {
        CheckValue(node);
        return unchanged;
    }

    /// <summary>A two-field record (all the small positional types of the contract).</summary>
    private TResult? ReadPair<TValue, TResult>(SchemaNode node, string[] names, ItemReader<TValue> read, Func<TValue?, TValue?, TResult> create)
        where TResult : class
    {
        if (Begin(node, names) is not { } fields)
        {
            return null;
        }

        TValue? first = default, second = default;
        var state = new ObjectState();
        while (NextProperty(node, ref state, out var entry))
        {
            switch (fields[entry.Index])
            {
                case 0: first = read(ref this, entry.Schema); break;
                case 1: second = read(ref this, entry.Schema); break;
                default: CheckValue(entry.Schema); break;
            }
        }

        EndObject(node, state);
        return create(first, second);
    }

    private T? ReadEnum<T>(SchemaNode node, (byte[] Name, T Value)[] names)
        where T : struct
    {
        if (!CheckString(node))
        {
            return null;
        }

        foreach (var (name, value) in names)
        {
            if (reader.ValueTextEquals(name))
            {
                return value;
            }
        }

        throw GiveUp(); // the schema allows a name the model does not know: the deserializer decides
    }
}
