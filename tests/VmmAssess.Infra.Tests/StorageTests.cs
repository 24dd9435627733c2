namespace VmmAssess.Infra.Tests;

public class StorageTests
{
    [Fact]
    public void Storage_account_accepts_only_Entra_ID_over_TLS_1_2_and_never_public_blobs()
    {
        var storage = Footprint.Default().StorageAccount;

        Assert.Equal(false, storage.Get("properties.allowSharedKeyAccess"));
        Assert.Equal(true, storage.Get("properties.defaultToOAuthAuthentication"));
        Assert.Equal("TLS1_2", storage.Get("properties.minimumTlsVersion"));
        Assert.Equal(false, storage.Get("properties.allowBlobPublicAccess"));
        Assert.Equal(true, storage.Get("properties.supportsHttpsTrafficOnly"));
        Assert.Equal(false, storage.Get("properties.allowCrossTenantReplication"));
    }

    [Fact]
    public void Flex_deployment_container_is_private_and_reached_with_the_app_identity()
    {
        var footprint = Footprint.Default();
        var container = footprint.Only("Microsoft.Storage/storageAccounts/blobServices/containers");
        var containerName = ((string)container.Name!).Split('/')[^1];
        Assert.Equal("None", container.Get("properties.publicAccess"));

        var deploymentStorage = footprint.FunctionApp.Get("properties.functionAppConfig.deployment.storage");
        var storage = (IDictionary<string, object?>)deploymentStorage!;
        Assert.Equal("blobContainer", storage["type"]);

        // <blob endpoint of the account><container>: the endpoint is only known in Azure.
        var accountId = Footprint.IdOf(footprint.StorageAccount);
        Assert.Equal($"«reference({accountId}).primaryEndpoints.blob»{containerName}", storage["value"]);

        var authentication = (IDictionary<string, object?>)storage["authentication"]!;
        Assert.Equal("UserAssignedIdentity", authentication["type"]);
        Assert.Equal(Footprint.IdOf(footprint.Identity), authentication["userAssignedIdentityResourceId"]);
    }
}
