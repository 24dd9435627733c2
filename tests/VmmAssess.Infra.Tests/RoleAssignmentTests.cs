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
        BuiltInRoles.ServiceBusDataOwner,
        BuiltInRoles.StorageAccountContributor,
    ];

    public static TheoryData<string, object> Variants() => new()
    {
        { "serviceBusSku", "Standard" },
        { "serviceBusSku", "Premium" },
        { "allowCollectorSasSend", true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void App_identity_gets_exactly_the_data_roles_it_needs_at_the_narrowest_scopes(string parameter, object value)
    {
        var footprint = Footprint.With((parameter, value));
        var queueId = Footprint.IdOf(footprint.Queue);
        var storageId = Footprint.IdOf(footprint.StorageAccount);
        var insightsId = Footprint.IdOf(footprint.ApplicationInsights);

        var expected = new[]
        {
            $"{BuiltInRoles.Name(BuiltInRoles.ServiceBusDataReceiver)} @ {queueId}",
            $"{BuiltInRoles.Name(BuiltInRoles.ServiceBusDataSender)} @ {queueId}",
            $"{BuiltInRoles.Name(BuiltInRoles.StorageBlobDataOwner)} @ {storageId}",
            $"{BuiltInRoles.Name(BuiltInRoles.StorageTableDataContributor)} @ {storageId}",
            $"{BuiltInRoles.Name(BuiltInRoles.MonitoringMetricsPublisher)} @ {insightsId}",
        }.Order(StringComparer.Ordinal);

        var actual = footprint.OfType("Microsoft.Authorization/roleAssignments")
            .Select(r => $"{BuiltInRoles.Name(RoleId(r))} @ {ArmDeployment.Display(r.Scope)}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Service_Bus_roles_are_scoped_to_the_queue_not_the_namespace()
    {
        var footprint = Footprint.Default();
        var queueId = Footprint.IdOf(footprint.Queue);

        var serviceBusAssignments = footprint.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => RoleId(r) is BuiltInRoles.ServiceBusDataReceiver or BuiltInRoles.ServiceBusDataSender)
            .ToList();

        Assert.Equal(2, serviceBusAssignments.Count);
        Assert.All(serviceBusAssignments, r =>
        {
            Assert.Equal(queueId, r.Scope);
            Assert.Contains("/providers/Microsoft.ServiceBus/namespaces/", queueId, StringComparison.Ordinal);
            Assert.Contains("/queues/snapshots", queueId, StringComparison.Ordinal);
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
