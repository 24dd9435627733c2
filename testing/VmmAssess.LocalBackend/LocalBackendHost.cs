using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Hosting;
using VmmAssess.Testing.ServiceBus;

namespace VmmAssess.LocalBackend;

/// <summary>
/// The local backend: Azurite, the Service Bus test host, and the Functions app's own functions (from functions.metadata,
/// with <see cref="ServiceRegistration.AddVmmAssess"/>) behind Kestrel on 127.0.0.1: HTTP functions on their routes,
/// queue triggers on the test host's queues, timer functions on their schedules (and on demand through
/// <c>POST /admin/functions/{name}</c>). Lines for people and scripts go to standard output; logs to standard error.
/// </summary>
internal static class LocalBackendHost
{
    public const string SnapshotQueue = "snapshots";

    public static async Task<int> RunAsync(LocalOptions options)
    {
        var started = Stopwatch.StartNew();
        var issuer = DevIssuer.LoadOrCreate(options.StateDirectory);
        var functions = FunctionsMetadata.Load(Path.Combine(AppContext.BaseDirectory, FunctionsMetadata.FileName));
        var functionsAssembly = typeof(ServiceRegistration).Assembly;
        var invokers = functions.Select(f => new FunctionInvoker(f, f.ResolveMethod(functionsAssembly))).ToList();
        var http = invokers.Where(f => f.Entry.TriggerType == "httpTrigger").ToList();
        var queues = invokers.Where(f => f.Entry.TriggerType == "serviceBusTrigger").ToList();
        var timers = invokers.Where(f => f.Entry.TriggerType == "timerTrigger").ToList();
        var problems = http.SelectMany(HttpFunctions.Problems)
            .Concat(queues.SelectMany(QueueFunctions.Problems))
            .Concat(timers.SelectMany(TimerFunctions.Problems))
            .Concat(invokers.Except(http).Except(queues).Except(timers).Select(f => $"{f.Entry.Name}: the local backend does not run '{f.Entry.TriggerType}' functions."))
            .ToList();
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync("The local backend cannot serve every function of functions.metadata:\n  " + string.Join("\n  ", problems)).ConfigureAwait(false);
            return 1;
        }

        using var stopping = new CancellationTokenSource();
        await using var azurite = await Azurite.StartAsync(options.RepositoryRoot, stopping.Token).ConfigureAwait(false);
        await using var bus = new ServiceBusTestHost(Array.Empty<ServiceBusTestQueueOptions>());

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Development" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettings.TableStorage] = azurite.ConnectionString,
            [AppSettings.ServiceBusConnection] = bus.ConnectionString,
            [AppSettings.SnapshotQueueName] = SnapshotQueue,
            [AppSettings.ConfigurationKey(AppSettings.AuthEntraTenantId)] = DevIssuer.EntraTenantId,
            [AppSettings.ConfigurationKey(AppSettings.AuthAudience)] = DevIssuer.Audience,
        });

        // The development issuer's keys in place of Entra's metadata endpoint (AddVmmAssess registers its own only if
        // none is registered): the one difference from the deployed app's registration.
        builder.Services.AddSingleton(issuer.ConfigurationManager());
        builder.Services.AddVmmAssess(builder.Configuration);
        foreach (var type in invokers.Select(f => f.DeclaringType).Distinct())
        {
            builder.Services.AddScoped(type);
        }

        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateOnBuild = true;
            o.ValidateScopes = true;
        });
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        var time = app.Services.GetRequiredService<TimeProvider>();
        LocalSignIn.UseCookieCredential(app);
        app.UseRouting();
        HttpFunctions.Map(app, http);
        LocalSignIn.Map(app, issuer, time, mapRoot: !http.Any(f => (f.Entry.Text("route") ?? "").Length == 0));

        await using var timerFunctions = ActivatorUtilities.CreateInstance<TimerFunctions>(app.Services);
        LocalAdmin.MapRunFunction(app, timerFunctions);
        await using var queueFunctions = ActivatorUtilities.CreateInstance<QueueFunctions>(app.Services, bus);
        LocalState? state = null;
        var listening = false;
        try
        {
            await app.StartAsync(stopping.Token).ConfigureAwait(false);
            listening = true;
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var url = new Uri($"http://127.0.0.1:{address.Port.ToString(CultureInfo.InvariantCulture)}");

            var window = app.Services.GetRequiredService<IOptions<AssessmentOptions>>().Value.DuplicateDetectionWindow;
            await queueFunctions.StartAsync(queues, new ServiceBusTestQueueOptions("template") { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = window, MaxDeliveryCount = 10 }, lifetime.ApplicationStopping).ConfigureAwait(false);
            timerFunctions.Start(timers);
            var ready = started.Elapsed;

            var operatorToken = issuer.Mint(DevCaller.Operator, time.GetUtcNow());
            if (options.Demo)
            {
                Console.WriteLine("Loading demo data...");
                var demoTime = Stopwatch.StartNew();
                var demo = await DemoData.LoadAsync(url, operatorToken, time, lifetime.ApplicationStopping).ConfigureAwait(false);
                Console.WriteLine($"Demo data: {demo.Environments} environments in {demo.Tenants} tenants, {demo.WithHistory} with an earlier assessment, {demo.Waivers} waivers ({demoTime.Elapsed.TotalSeconds:0.0} s)");
            }

            state = new LocalState(url, Environment.ProcessId);
            state.Write(options.StateDirectory);
            Console.WriteLine($"Functions: {http.Count} HTTP; queues: {string.Join(", ", queues.Select(q => $"{q.Entry.Name} ({queueFunctions.QueueName(q.Entry)})"))}; timers: {string.Join(", ", timers.Select(t => $"{t.Entry.Name} (next {timerFunctions.NextRun(t.Entry.Name):yyyy-MM-dd HH:mm:ss} UTC)"))}");
            Console.WriteLine($"Started in {ready.TotalSeconds:0.0} s");
            Console.WriteLine($"VmmAssess local: {url.ToString().TrimEnd('/')}");
            Console.WriteLine($"Operator token: {operatorToken}");
            Console.WriteLine("Open the URL in a browser to be signed in as the local operator. Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            state?.Remove(options.StateDirectory);
            await timerFunctions.DisposeAsync().ConfigureAwait(false);
            await queueFunctions.StopAsync().ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            if (listening)
            {
                Console.WriteLine("VmmAssess local: stopped");
            }
        }
    }
}
