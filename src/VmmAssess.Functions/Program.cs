using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VmmAssess.Functions.Api;
using VmmAssess.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP functions take HttpRequest and return IResult. The problem-details middleware is
// registered after it, so it runs inside the HTTP proxying middleware and can write the response.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemDetailsMiddleware>();
builder.Services.AddVmmAssess(builder.Configuration);

// Worker telemetry goes to the same Application Insights resource as the host's (APPLICATIONINSIGHTS_CONNECTION_STRING,
// with APPLICATIONINSIGHTS_AUTHENTICATION_STRING for Entra ID authentication); without the setting it stays off.
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();

await builder.Build().RunAsync().ConfigureAwait(false);
