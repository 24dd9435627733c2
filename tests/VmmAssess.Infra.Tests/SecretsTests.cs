using System.Text.Json;
using System.Text.RegularExpressions;
using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

public class SecretsTests
{
    [Fact]
    public void Template_never_reads_keys_or_connection_strings()
    {
        // list*() (listKeys, listConnectionStrings, listKeyValue, listAccountSas, ...) are how a template reads secrets.
        var listCalls = Regex.Matches(CompiledInfra.MainTemplateText, @"(?<![A-Za-z])list[A-Za-z]*\(")
            .Select(m => m.Value)
            .ToList();

        Assert.Empty(listCalls);
    }

    [Fact]
    public void Outputs_are_the_app_url_and_the_queue_namespace_and_nothing_secret()
    {
        var deployment = CompiledInfra.Deploy();

        Assert.Contains("functionAppUrl", deployment.OutputNames);
        Assert.Contains("serviceBusFullyQualifiedNamespace", deployment.OutputNames);

        var appUrl = deployment.Output("functionAppUrl");
        Assert.Equal($"https://«reference({Footprint.IdOf(new Footprint(deployment).FunctionApp)}).defaultHostName»", appUrl);

        var serviceBusHost = ArmDeployment.Display(deployment.Output("serviceBusFullyQualifiedNamespace"));
        Assert.Contains($"reference({Footprint.IdOf(new Footprint(deployment).ServiceBusNamespace)}).serviceBusEndpoint", serviceBusHost, StringComparison.Ordinal);

        // Every output of every (nested) deployment: no secret-looking name, type or value.
        foreach (var nested in deployment.SelfAndNestedDeployments())
        {
            foreach (var name in nested.OutputNames)
            {
                var declaration = nested.OutputDeclaration(name);
                var where = $"output '{name}' of deployment '{nested.Name}'";
                Assert.False(Footprint.SecretLookingName.IsMatch(name), $"{where} has a secret-looking name.");
                Assert.DoesNotContain("secure", declaration.GetProperty("type").GetString()!, StringComparison.OrdinalIgnoreCase);

                var value = ArmDeployment.Display(nested.Output(name));
                Assert.False(Footprint.SecretLookingValue.IsMatch(value), $"{where} looks like a secret: {value}");
                Assert.DoesNotContain("ConnectionString", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("InstrumentationKey", value, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void Template_parameters_hold_no_secrets()
    {
        foreach (var parameter in CompiledInfra.MainTemplate.GetProperty("parameters").EnumerateObject())
        {
            var type = parameter.Value.GetProperty("type").GetString()!;
            Assert.DoesNotContain("secure", type, StringComparison.OrdinalIgnoreCase);

            // A switch (bool) or a number cannot carry a secret; a string or object with such a name could.
            if (type is not ("bool" or "int"))
            {
                Assert.False(Footprint.SecretLookingName.IsMatch(parameter.Name), $"Parameter '{parameter.Name}' has a secret-looking name.");
            }
        }
    }

    [Fact]
    public void Parameters_file_holds_no_secrets_and_only_known_parameters()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(CompiledInfra.InfraDirectory, "main.parameters.json")));
        var templateParameters = CompiledInfra.MainTemplate.GetProperty("parameters");

        foreach (var parameter in file.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(templateParameters.TryGetProperty(parameter.Name, out var declaration), $"main.parameters.json sets '{parameter.Name}', which main.bicep does not declare.");
            if (declaration.GetProperty("type").GetString() is not ("bool" or "int"))
            {
                Assert.False(Footprint.SecretLookingName.IsMatch(parameter.Name), $"Parameter '{parameter.Name}' has a secret-looking name.");
            }

            Assert.False(parameter.Value.TryGetProperty("reference", out _), $"Parameter '{parameter.Name}' pulls a Key Vault secret.");

            var text = parameter.Value.GetProperty("value").ToString();
            Assert.False(Footprint.SecretLookingValue.IsMatch(text), $"Parameter '{parameter.Name}' looks like a secret: {text}");
        }
    }

    [Fact]
    public void Parameters_file_with_azd_defaults_deploys_the_same_footprint()
    {
        // What azd does with main.parameters.json: ${NAME} and ${NAME=default} from the azd environment. This
        // environment has no AZURE_LOCATION: azd would substitute '' for a ${AZURE_LOCATION} mapping and pass it
        // instead of prompting, so the file must not map location at all; the resource group's region applies.
        var environment = new Dictionary<string, string> { ["AZURE_ENV_NAME"] = "dev", ["VMMASSESS_API_AUDIENCE"] = "api://vmmassess-dev" };
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(CompiledInfra.InfraDirectory, "main.parameters.json")));
        var overrides = new List<(string, object?)>();
        foreach (var parameter in file.RootElement.GetProperty("parameters").EnumerateObject())
        {
            var value = parameter.Value.GetProperty("value");
            var resolved = value.ValueKind == JsonValueKind.String
                ? Regex.Replace(value.GetString()!, @"\$\{([A-Z0-9_]+)(?:=([^}]*))?\}", m =>
                    environment.TryGetValue(m.Groups[1].Value, out var v) ? v
                    : m.Groups[2].Success ? m.Groups[2].Value
                    : throw new InvalidOperationException($"azd would need {m.Groups[1].Value} for '{parameter.Name}'."))
                : ArmDeployment.FromJson(value);
            overrides.Add((parameter.Name, resolved));
        }

        var footprint = Footprint.With([.. overrides]);

        Assert.All(footprint.All.Where(r => r.Raw.TryGetProperty("location", out _) && !Equals(r.Get("location"), "global")),
            r => Assert.Equal(ArmDeployment.ResourceGroupLocation, r.Get("location")));
        Assert.Equal(true, footprint.ServiceBusNamespace.Get("properties.disableLocalAuth"));
        Assert.Equal("Standard", footprint.ServiceBusNamespace.Get("sku.name"));
        Assert.Equal("Enabled", footprint.StorageAccount.Get("properties.publicNetworkAccess"));
        Assert.Empty(footprint.OfType("Microsoft.Network/virtualNetworks"));
        Assert.Equal("dev", footprint.FunctionApp.Get("tags.azd-env-name"));
        Assert.Equal(6, footprint.OfType("Microsoft.Authorization/roleAssignments").Count);
        Assert.Empty(footprint.OfType("Microsoft.ServiceBus/namespaces/queues/authorizationRules"));
        Assert.Equal(false, footprint.AuthSettings.Get("properties.platform.enabled"));
        var settings = footprint.AppSettings().ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        Assert.Equal("api://vmmassess-dev", settings["Auth__Audience"]);
        Assert.Equal(ArmDeployment.TenantId, settings["Auth__EntraTenantId"]); // VMMASSESS_ENTRA_TENANT_ID unset: ''
    }

    [Fact]
    public void Location_is_azds_location_parameter_and_never_empty()
    {
        var location = CompiledInfra.MainTemplate.GetProperty("parameters").GetProperty("location");

        Assert.Equal("location", location.GetProperty("metadata").GetProperty("azd").GetProperty("type").GetString());
        Assert.Equal(ArmDeployment.ResourceGroupLocation, Footprint.Default().FunctionApp.Get("location"));
        var empty = Assert.Throws<ArgumentException>(() => Footprint.With(("location", "")));
        Assert.Contains("'location'", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_include_azds_conventional_names()
    {
        var deployment = CompiledInfra.Deploy();
        var footprint = new Footprint(deployment);
        var appName = footprint.FunctionApp.Name;
        var appUrl = $"https://«reference({Footprint.IdOf(footprint.FunctionApp)}).defaultHostName»";

        Assert.Equal(ArmDeployment.ResourceGroupLocation, deployment.Output("AZURE_LOCATION"));
        Assert.Equal(ArmDeployment.TenantId, deployment.Output("AZURE_TENANT_ID"));
        Assert.Equal(appName, deployment.Output("AZURE_FUNCTION_NAME"));
        Assert.Equal(appName, deployment.Output("SERVICE_API_NAME"));
        Assert.Equal(appUrl, ArmDeployment.Display(deployment.Output("SERVICE_API_URI")));
        Assert.Equal(appName, deployment.Output("functionAppName"));
        Assert.Equal(footprint.FunctionApp.Get("tags.azd-service-name"), "api");
    }
}
