namespace VmmAssess.Infra.Tests;

public class FunctionAppTests
{
    [Fact]
    public void Plan_is_Flex_Consumption()
    {
        var footprint = Footprint.Default();
        var plan = footprint.Plan;

        Assert.Equal("FC1", plan.Get("sku.name"));
        Assert.Equal("FlexConsumption", plan.Get("sku.tier"));
        Assert.Equal(true, plan.Get("properties.reserved"));
        Assert.Equal(Footprint.IdOf(plan), footprint.FunctionApp.Get("properties.serverFarmId"));
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Linux()
    {
        var app = Footprint.Default().FunctionApp;

        Assert.Equal("functionapp,linux", app.Get("kind"));
        Assert.Equal("dotnet-isolated", app.Get("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", app.Get("properties.functionAppConfig.runtime.version"));
    }

    [Fact]
    public void Function_app_is_HTTPS_only_with_TLS_1_2_and_no_FTP()
    {
        var app = Footprint.Default().FunctionApp;

        Assert.Equal(true, app.Get("properties.httpsOnly"));
        Assert.Equal("1.2", app.Get("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", app.Get("properties.siteConfig.scmMinTlsVersion"));
        Assert.Equal("Disabled", app.Get("properties.siteConfig.ftpsState"));
    }

    [Fact]
    public void Basic_publishing_credentials_are_disabled_for_ftp_and_scm()
    {
        var footprint = Footprint.Default();
        var appName = (string)footprint.FunctionApp.Name!;

        var policies = footprint.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToDictionary(p => (string)p.Name!, p => p.Get("properties.allow"));

        Assert.Equal(
            new Dictionary<string, object?> { [$"{appName}/ftp"] = false, [$"{appName}/scm"] = false },
            policies);
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity_only()
    {
        var footprint = Footprint.Default();
        var identity = (IDictionary<string, object?>)footprint.FunctionApp.Get("identity")!;

        Assert.Equal("UserAssigned", identity["type"]);
        var assigned = (IDictionary<string, object?>)identity["userAssignedIdentities"]!;
        Assert.Equal(new[] { Footprint.IdOf(footprint.Identity) }, assigned.Keys.ToArray());
    }

    [Fact]
    public void Flex_scale_settings_come_from_parameters()
    {
        var app = Footprint.With(("maximumInstanceCount", 40L), ("instanceMemoryMB", 4096L)).FunctionApp;

        Assert.Equal(40L, app.Get("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        Assert.Equal(4096L, app.Get("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
    }
}
