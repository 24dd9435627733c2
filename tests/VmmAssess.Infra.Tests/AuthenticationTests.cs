using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

/// <summary>Caller authentication settings: the Entra tenant and API audience, and the optional App Service Authentication.</summary>
public class AuthenticationTests
{
    private const string OtherTenant = "33333333-3333-3333-3333-333333333333";
    private const string EasyAuthClientId = "22222222-2222-2222-2222-222222222222";

    private static Dictionary<string, object?> Settings(Footprint footprint) =>
        footprint.AppSettings().ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

    [Fact]
    public void The_app_accepts_tokens_of_the_deployments_tenant_for_the_given_audience_by_default()
    {
        var settings = Settings(Footprint.Default());

        Assert.Equal(ArmDeployment.TenantId, settings["Auth__EntraTenantId"]);
        Assert.Equal(CompiledInfra.ApiAudience, settings["Auth__Audience"]);
        // The authority follows from the tenant in the app; the template leaves it alone.
        Assert.DoesNotContain("Auth__Authority", settings.Keys);
    }

    [Theory]
    [InlineData(OtherTenant, OtherTenant)]
    [InlineData("", ArmDeployment.TenantId)] // what azd passes for an unset VMMASSESS_ENTRA_TENANT_ID
    public void Entra_tenant_is_a_parameter(string parameter, string expected)
    {
        var settings = Settings(Footprint.With(("entraTenantId", parameter)));

        Assert.Equal(expected, settings["Auth__EntraTenantId"]);
    }

    [Fact]
    public void The_api_audience_is_required()
    {
        var empty = Assert.Throws<ArgumentException>(() => Footprint.With(("apiAudience", "")));
        Assert.Contains("apiAudience", empty.Message, StringComparison.Ordinal);

        var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["environmentName"] = "test" };
        var missing = Record.Exception(() => new Footprint(ArmDeployment.Create(CompiledInfra.MainTemplate, parameters)));
        Assert.NotNull(missing);
        Assert.Contains("apiAudience", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Easy_Auth_is_off_by_default_and_the_app_then_ignores_the_platform_header()
    {
        var footprint = Footprint.Default();

        Assert.Equal(false, footprint.AuthSettings.Get("properties.platform.enabled"));
        Assert.False(footprint.AuthSettings.Properties.ContainsKey("identityProviders"));
        Assert.DoesNotContain("Auth__EasyAuthEnabled", Settings(footprint).Keys);
    }

    [Fact]
    public void Easy_Auth_when_enabled_validates_the_same_tenant_and_audience_but_never_blocks_a_request()
    {
        var footprint = Footprint.With(("easyAuthEnabled", true), ("easyAuthClientId", EasyAuthClientId), ("entraTenantId", OtherTenant));
        var auth = footprint.AuthSettings;

        Assert.Equal(true, auth.Get("properties.platform.enabled"));
        // The app decides per route (collector keys, 401/403): the platform lets every request through.
        Assert.Equal(false, auth.Get("properties.globalValidation.requireAuthentication"));
        Assert.Equal("AllowAnonymous", auth.Get("properties.globalValidation.unauthenticatedClientAction"));
        Assert.Equal(true, auth.Get("properties.httpSettings.requireHttps"));

        Assert.Equal(true, auth.Get("properties.identityProviders.azureActiveDirectory.enabled"));
        Assert.Equal(EasyAuthClientId, auth.Get("properties.identityProviders.azureActiveDirectory.registration.clientId"));
        Assert.Equal($"https://login.microsoftonline.com/{OtherTenant}/v2.0", auth.Get("properties.identityProviders.azureActiveDirectory.registration.openIdIssuer"));
        Assert.Equal([CompiledInfra.ApiAudience], ((IList<object?>)auth.Get("properties.identityProviders.azureActiveDirectory.validation.allowedAudiences")!).Cast<string>());
        // No client secret: nothing secret in the template.
        var registration = (IDictionary<string, object?>)auth.Get("properties.identityProviders.azureActiveDirectory.registration")!;
        Assert.Equal(["clientId", "openIdIssuer"], registration.Keys.Order(StringComparer.Ordinal));

        var settings = Settings(footprint);
        Assert.Equal("true", settings["Auth__EasyAuthEnabled"]);
        Assert.Equal(OtherTenant, settings["Auth__EntraTenantId"]);
    }

    [Fact]
    public void Easy_Auth_without_the_app_registrations_client_id_is_refused_up_front()
    {
        var refused = Assert.Throws<ArmDeploymentFailedException>(() => Footprint.With(("easyAuthEnabled", true)));

        Assert.Contains("easyAuthClientId", refused.Message, StringComparison.Ordinal);
    }
}
