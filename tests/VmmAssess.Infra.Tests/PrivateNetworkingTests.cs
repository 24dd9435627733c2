using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

/// <summary>Private mode (vnetEnabled, infra/params/private.bicepparam) against the default public mode.</summary>
public class PrivateNetworkingTests
{
    [Fact]
    public void Private_mode_puts_the_app_in_the_vnet_through_a_subnet_delegated_for_Flex()
    {
        var footprint = Footprint.FromParametersFile("private");
        var vnet = footprint.Only("Microsoft.Network/virtualNetworks");
        var vnetName = ArmDeployment.Display(vnet.Name);

        var subnets = ((IList<object?>)vnet.Get("properties.subnets")!).Cast<IDictionary<string, object?>>().ToDictionary(s => (string)s["name"]!);
        var app = (IDictionary<string, object?>)subnets["app"]["properties"]!;
        Assert.Equal("10.0.0.0/24", app["addressPrefix"]);
        var delegation = Assert.Single((IList<object?>)app["delegations"]!);
        Assert.Equal("Microsoft.App/environments", ((IDictionary<string, object?>)((IDictionary<string, object?>)delegation!)["properties"]!)["serviceName"]);
        Assert.Equal("10.0.1.0/24", ((IDictionary<string, object?>)subnets["private-endpoints"]["properties"]!)["addressPrefix"]);

        Assert.Equal(
            $"{ArmDeployment.ResourceGroupId}/providers/Microsoft.Network/virtualNetworks/{vnetName}/subnets/app",
            footprint.FunctionApp.Get("properties.virtualNetworkSubnetId"));
    }

    [Fact]
    public void Private_mode_closes_storage_and_Service_Bus_to_the_public_network()
    {
        var footprint = Footprint.FromParametersFile("private");

        Assert.Equal("Disabled", footprint.StorageAccount.Get("properties.publicNetworkAccess"));
        Assert.Equal("Deny", footprint.StorageAccount.Get("properties.networkAcls.defaultAction"));
        Assert.Equal("Premium", footprint.ServiceBusNamespace.Get("sku.name"));
        Assert.Equal("Disabled", footprint.ServiceBusNamespace.Get("properties.publicNetworkAccess"));
        Assert.Equal(true, footprint.ServiceBusNamespace.Get("properties.disableLocalAuth"));
    }

    [Fact]
    public void Private_mode_reaches_blob_queue_table_and_Service_Bus_through_private_endpoints_with_linked_DNS_zones()
    {
        var footprint = Footprint.FromParametersFile("private");
        var storageId = Footprint.IdOf(footprint.StorageAccount);
        var namespaceId = Footprint.IdOf(footprint.ServiceBusNamespace);
        var vnetId = Footprint.IdOf(footprint.Only("Microsoft.Network/virtualNetworks"));
        var endpointSubnetId = $"{vnetId}/subnets/private-endpoints";

        var expected = new Dictionary<string, (string Target, string Zone)>
        {
            ["blob"] = (storageId, "privatelink.blob.core.windows.net"),
            ["queue"] = (storageId, "privatelink.queue.core.windows.net"),
            ["table"] = (storageId, "privatelink.table.core.windows.net"),
            ["namespace"] = (namespaceId, "privatelink.servicebus.windows.net"),
        };

        var endpoints = footprint.OfType("Microsoft.Network/privateEndpoints");
        Assert.Equal(expected.Count, endpoints.Count);
        foreach (var endpoint in endpoints)
        {
            Assert.Equal(endpointSubnetId, endpoint.Get("properties.subnet.id"));
            var connection = (IDictionary<string, object?>)Assert.Single((IList<object?>)endpoint.Get("properties.privateLinkServiceConnections")!)!;
            var properties = (IDictionary<string, object?>)connection["properties"]!;
            var groupId = (string)Assert.Single((IList<object?>)properties["groupIds"]!)!;
            var (target, zone) = expected[groupId];
            Assert.Equal(target, properties["privateLinkServiceId"]);

            // Its DNS zone group points at the zone of that sub-resource, and the zone is linked to the VNet.
            var group = Assert.Single(endpoint.Deployment.Resources, r => r.Type == "Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
            var config = (IDictionary<string, object?>)Assert.Single((IList<object?>)group.Get("properties.privateDnsZoneConfigs")!)!;
            Assert.Equal($"{ArmDeployment.ResourceGroupId}/providers/Microsoft.Network/privateDnsZones/{zone}", ((IDictionary<string, object?>)config["properties"]!)["privateDnsZoneId"]);
            var link = Assert.Single(endpoint.Deployment.Resources, r => r.Type == "Microsoft.Network/privateDnsZones/virtualNetworkLinks");
            Assert.StartsWith(zone + "/", (string)link.Name!, StringComparison.Ordinal);
            Assert.Equal(vnetId, link.Get("properties.virtualNetwork.id"));
            Assert.Equal(false, link.Get("properties.registrationEnabled"));
        }
    }

    [Fact]
    public void The_app_starts_only_after_its_roles_and_private_endpoints_exist()
    {
        var appModule = Footprint.FromParametersFile("private").Deployment.Resources
            .Single(r => Equals(r.Name, "vmmassess-functionapp"));
        var dependsOn = appModule.Raw.GetProperty("dependsOn").EnumerateArray()
            .Select(d => ArmDeployment.Display(appModule.Deployment.EvaluateString(d.GetString()!)))
            .ToList();

        foreach (var module in new[] { "vmmassess-roles", "vmmassess-pe-blob", "vmmassess-pe-queue", "vmmassess-pe-table", "vmmassess-pe-servicebus" })
        {
            Assert.Contains(dependsOn, d => d.EndsWith("/deployments/" + module, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Private_mode_on_Service_Bus_Standard_is_refused_with_the_reason()
    {
        var refused = Assert.Throws<ArmDeploymentFailedException>(() => Footprint.With(("vnetEnabled", true), ("serviceBusSku", "Standard")));

        Assert.Contains("serviceBusSku=Premium", refused.Message, StringComparison.Ordinal);
        Assert.Contains("no private endpoints", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_mode_creates_no_network_and_leaves_public_access_on()
    {
        var footprint = Footprint.FromParametersFile("public");

        Assert.DoesNotContain(footprint.All, r => r.Type.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase));
        Assert.Null(footprint.FunctionApp.Get("properties.virtualNetworkSubnetId"));
        Assert.Equal("Enabled", footprint.StorageAccount.Get("properties.publicNetworkAccess"));
        Assert.Equal("Enabled", footprint.ServiceBusNamespace.Get("properties.publicNetworkAccess"));
        Assert.Equal(true, footprint.ServiceBusNamespace.Get("properties.disableLocalAuth"));
    }

    [Fact]
    public void The_webhook_stays_reachable_in_both_modes()
    {
        // Collectors post from on-premises; private mode closes the app's dependencies, not its front door.
        Assert.Equal("Enabled", Footprint.FromParametersFile("private").FunctionApp.Get("properties.publicNetworkAccess"));
        Assert.Equal("Enabled", Footprint.FromParametersFile("public").FunctionApp.Get("properties.publicNetworkAccess"));
    }
}
