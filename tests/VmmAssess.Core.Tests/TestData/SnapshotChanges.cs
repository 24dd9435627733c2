using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Tests.TestData;

/// <summary><c>with</c>-expression helpers: each returns a copy of the snapshot with one part changed.</summary>
public static class SnapshotChanges
{
    public static Snapshot Targeting(this Snapshot snapshot, TargetVersion target) => snapshot with { TargetVersion = target };

    public static Snapshot WithVmm(this Snapshot snapshot, Func<VmmServer, VmmServer> change) =>
        snapshot with { Vmm = change(snapshot.Vmm ?? new VmmServer()) };

    public static Snapshot WithSource(this Snapshot snapshot, VmmProduct? product, int? updateRollup) =>
        snapshot.WithVmm(v => v with { Product = product, UpdateRollup = updateRollup });

    /// <summary>Turns the highly available baseline into a standalone VMM: no cluster, standalone SQL Server and library.</summary>
    public static Snapshot Standalone(this Snapshot snapshot) => snapshot with
    {
        Vmm = (snapshot.Vmm ?? new VmmServer()) with { HighlyAvailable = false },
        ManagementServers = snapshot.ManagementServers?.Take(1).ToArray(),
        Cluster = null,
        Database = (snapshot.Database ?? new VmmDatabase()) with { HighAvailability = DatabaseHighAvailability.None, ClusterName = null },
        LibraryServers = snapshot.LibraryServers?.Select(l => l with { HighlyAvailable = false, ClusterName = null }).ToArray(),
    };

    public static Snapshot WithServiceAccounts(this Snapshot snapshot, ServiceAccount? current, ServiceAccount? planned) =>
        snapshot.WithVmm(v => v with { ServiceAccount = current, PlannedServiceAccount = planned });

    public static Snapshot WithDkm(this Snapshot snapshot, bool? enabled) =>
        snapshot.WithVmm(v => v with { Dkm = enabled is null ? new DkmSettings(null, null) : new DkmSettings(enabled, enabled == true ? "CN=VMMDKM,DC=contoso,DC=com" : null) });

    public static Snapshot WithFeatures(this Snapshot snapshot, Func<VmmFeatures, VmmFeatures> change) =>
        snapshot.WithVmm(v => v with { Features = change(v.Features ?? new VmmFeatures()) });

    public static Snapshot WithManagementServers(this Snapshot snapshot, params ManagementServer[] servers) =>
        snapshot with { ManagementServers = servers };

    public static Snapshot WithEachManagementServer(this Snapshot snapshot, Func<ManagementServer, ManagementServer> change) =>
        snapshot with { ManagementServers = snapshot.ManagementServers?.Select(change).ToArray() };

    public static Snapshot WithFirstManagementServer(this Snapshot snapshot, Func<ManagementServer, ManagementServer> change) =>
        snapshot with { ManagementServers = snapshot.ManagementServers?.Select((s, i) => i == 0 ? change(s) : s).ToArray() };

    public static Snapshot WithDatabase(this Snapshot snapshot, Func<VmmDatabase, VmmDatabase> change) =>
        snapshot with { Database = change(snapshot.Database ?? new VmmDatabase()) };

    public static Snapshot WithCluster(this Snapshot snapshot, FailoverCluster? cluster) => snapshot with { Cluster = cluster };

    public static Snapshot WithLibraryServers(this Snapshot snapshot, params LibraryServer[] libraries) =>
        snapshot with { LibraryServers = libraries };

    public static Snapshot WithEachLibraryServer(this Snapshot snapshot, Func<LibraryServer, LibraryServer> change) =>
        snapshot with { LibraryServers = snapshot.LibraryServers?.Select(change).ToArray() };

    public static Snapshot WithHosts(this Snapshot snapshot, params ManagedHost[] hosts) => snapshot with { Hosts = hosts };

    public static Snapshot AddHosts(this Snapshot snapshot, params ManagedHost[] hosts) =>
        snapshot with { Hosts = [.. snapshot.Hosts ?? [], .. hosts] };

    public static Snapshot WithVCenters(this Snapshot snapshot, params VCenterServer[] vCenters) => snapshot with { VCenters = vCenters };

    public static Snapshot WithOperationsManager(this Snapshot snapshot, Func<OperationsManagerConnection, OperationsManagerConnection> change) =>
        snapshot with { OperationsManager = change(snapshot.OperationsManager ?? new OperationsManagerConnection()) };

    public static Snapshot WithSiteRecoveryProvider(this Snapshot snapshot, bool? installed, string? version = "5.1.8095.0") =>
        snapshot.WithEachManagementServer(s => s with { SiteRecoveryProvider = new SiteRecoveryProvider(installed, installed == true ? version : null) });
}
