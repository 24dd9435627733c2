using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

public class RoleAssignmentTests
{
    private static readonly string[] BroadRoles =
    [
        BuiltInRoles.Owner,
        BuiltInRoles.Contributor,
        BuiltInRoles.UserAccessAdministrator,
        BuiltInRoles.RoleBasedAccessControlAdministrator,
        BuiltInRoles.StorageAccountContributor,
    ];

    public static TheoryData<string, bool> Variants() => new()
    {
        { "Standard", false },
        { "Premium", false },
        { "Premium", true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void App_identity_gets_exactly_the_data_roles_it_needs_at_the_narrowest_scopes(string serviceBusSku, bool vnetEnabled)
    {
        var footprint = Footprint.With(("serviceBusSku", serviceBusSku), ("vnetEnabled", vnetEnabled));
        var queueId = Footprint.IdOf(footprint.Queue);
        var inboxId = Footprint.IdOf(footprint.InboxQueue);
        var notificationsId = Footprint.IdOf(footprint.NotificationQueue);
        var storageId = Footprint.IdOf(footprint.StorageAccount);
        var insightsId = Footprint.IdOf(footprint.ApplicationInsights);

        var expected = new[]
        {
            // Data Owner = Receive + Send + Manage on this one queue: Manage lets the scale controller read the
            // queue length (target-based scaling); without it Flex scales one instance at a time.
            $"{BuiltInRoles.Name(BuiltInRoles.ServiceBusDataOwner)} @ {queueId}",
            // Receive only on the collectors' inbox: the app never sends there.
            $"{BuiltInRoles.Name(BuiltInRoles.ServiceBusDataReceiver)} @ {inboxId}",
            // The notification queue: the app publishes, schedules retries and receives; Manage for the scale controller.
            $"{BuiltInRoles.Name(BuiltInRoles.ServiceBusDataOwner)} @ {notificationsId}",
            $"{BuiltInRoles.Name(BuiltInRoles.StorageBlobDataOwner)} @ {storageId}",
            $"{BuiltInRoles.Name(BuiltInRoles.StorageTableDataContributor)} @ {storageId}",
            $"{BuiltInRoles.Name(BuiltInRoles.MonitoringMetricsPublisher)} @ {insightsId}",
        }.Order(StringComparer.Ordinal);

        var actual = footprint.OfType("Microsoft.Authorization/roleAssignments")
            .Select(r => $"{BuiltInRoles.Name(RoleId(r))} @ {ArmDeployment.Display(r.Scope)}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Service_Bus_roles_are_granted_per_queue_never_on_the_namespace(bool collectorInboxEnabled)
    {
        var footprint = Footprint.With(("collectorInboxEnabled", collectorInboxEnabled));
        var namespaceId = Footprint.IdOf(footprint.ServiceBusNamespace);
        var queueId = Footprint.IdOf(footprint.Queue);
        var inboxId = Footprint.IdOf(footprint.InboxQueue);
        var notificationsId = Footprint.IdOf(footprint.NotificationQueue);

        var serviceBusAssignments = footprint.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => RoleId(r) is BuiltInRoles.ServiceBusDataOwner or BuiltInRoles.ServiceBusDataReceiver or BuiltInRoles.ServiceBusDataSender)
            .Select(r => (Role: RoleId(r), Scope: ArmDeployment.Display(r.Scope)))
            .OrderBy(a => a.Scope, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(new[] { (BuiltInRoles.ServiceBusDataOwner, queueId), (BuiltInRoles.ServiceBusDataReceiver, inboxId), (BuiltInRoles.ServiceBusDataOwner, notificationsId) }.OrderBy(a => a.Item2, StringComparer.Ordinal), serviceBusAssignments);
        Assert.EndsWith($"{namespaceId}/queues/notifications", notificationsId, StringComparison.Ordinal);
        Assert.DoesNotContain(serviceBusAssignments, a => a.Scope == namespaceId);
        Assert.EndsWith($"{namespaceId}/queues/snapshots", queueId, StringComparison.Ordinal);
        Assert.EndsWith($"{namespaceId}/queues/snapshots-inbox", inboxId, StringComparison.Ordinal);
    }

    [Fact]
    public void Assignment_names_follow_the_principal_so_a_recreated_identity_gets_new_ones()
    {
        // Keyed on the identity's resource id, a deleted and re-created identity (same id, new principal) would
        // meet its old assignments' names and fail the redeploy with RoleAssignmentUpdateNotPermitted.
        var footprint = Footprint.Default();
        var principal = $"«reference({Footprint.IdOf(footprint.Identity)}).principalId»";
        var assignments = footprint.OfType("Microsoft.Authorization/roleAssignments");

        Assert.Equal(6, assignments.Count);
        Assert.All(assignments, r =>
        {
            var name = Assert.IsType<Unknown>(r.Name);
            Assert.Equal($"guid({ArmDeployment.Display(r.Scope)}, {principal}, {RoleId(r)})", name.Text);
        });
    }

    [Fact]
    public void No_assignment_is_broad_or_to_anyone_but_the_app_identity()
    {
        var footprint = Footprint.Default();
        var identityId = Footprint.IdOf(footprint.Identity);
        var assignments = footprint.OfType("Microsoft.Authorization/roleAssignments");

        Assert.NotEmpty(assignments);
        Assert.All(assignments, r =>
        {
            Assert.DoesNotContain(RoleId(r), BroadRoles);
            Assert.NotNull(r.Scope); // never the whole resource group
            Assert.True(Footprint.IsRuntimeProperty(r.Get("properties.principalId"), identityId, "principalId"),
                $"{r} is for {ArmDeployment.Display(r.Get("properties.principalId"))}, not the app's identity.");
            Assert.Equal("ServicePrincipal", r.Get("properties.principalType"));
        });
    }

    [Fact]
    public void Nothing_outside_the_templates_assignments_creates_role_definitions_or_wider_access()
    {
        var footprint = Footprint.Default();

        Assert.Empty(footprint.OfType("Microsoft.Authorization/roleDefinitions"));
        Assert.DoesNotContain(footprint.All, r => r.Type.EndsWith("/accessPolicies", StringComparison.OrdinalIgnoreCase));
    }

    private static string RoleId(ArmResource assignment)
    {
        var definition = (string)assignment.Get("properties.roleDefinitionId")!;
        const string prefix = $"/subscriptions/{ArmDeployment.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/";
        Assert.StartsWith(prefix, definition, StringComparison.Ordinal);
        return definition[prefix.Length..];
    }
}
