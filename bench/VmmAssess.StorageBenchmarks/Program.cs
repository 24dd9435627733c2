using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Api;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Notifications;
using VmmAssess.Functions.Application.Processing;
using VmmAssess.Functions.Application.Queries;
using VmmAssess.Functions.Bindings;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Domain;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Payloads;
using VmmAssess.Functions.Infrastructure.Tables;
using VmmAssess.SnapshotGenerator;

namespace VmmAssess.StorageBenchmarks;

/// <summary>
/// Issue 7, items 2 and 3, against Azurite (started here from node_modules; run `npm ci` first):
/// <list type="bullet">
/// <item><c>--pipeline</c>: ProcessSnapshot.ExecuteAsync (decompress, parse, evaluate, store) over a burst of gzip
/// snapshots, in snapshots per second, beside a baseline that replays only the same Table Storage calls (recorded from
/// the store in a warm-up pass: same queries, same transactions with the same precomputed entities).</item>
/// <item><c>--portfolio</c>: GET /api/readiness's work (AssessmentQueries.GetPortfolioAsync plus the JSON response) at
/// 10,000 environments over 2,000 tenants, first page and readiness=NotReady, beside a raw query reading exactly the
/// rows of the page.</item>
/// </list>
/// Rounds alternate ours and the baseline on fresh tables so drift on a shared machine hits both alike.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--rows"))
        {
            RowBuilding.Run();
            return 0;
        }

        var root = FindRoot();
        await using var azurite = await Azurite.StartAsync(root);
        Console.WriteLine($"Azurite (pid {azurite.ProcessId}) on {azurite.ConnectionString.Split("TableEndpoint=")[1]}");
        if (args.Contains("--intake"))
        {
            await IntakeMemory.RunAsync(azurite, Int(args, "--uploads", 20));
        }
        else if (args.Contains("--portfolio"))
        {
            await PortfolioAsync(azurite, Int(args, "--environments", 10_000), Int(args, "--tenants", 2_000), Int(args, "--repeat", 30));
        }
        else
        {
            var rounds = Int(args, "--rounds", 3);
            var concurrency = Int(args, "--concurrency", 1);
            var hosts = Int(args, "--hosts", 0);
            var count = Int(args, "--count", hosts == 0 ? 150 : Math.Max(3, 10_000 / Math.Max(hosts, 1)));
            await PipelineAsync(azurite, hosts, count, rounds, concurrency);
        }

        return 0;
    }

    // ------------------------------------------------------------------------------------------------ pipeline

    private static async Task PipelineAsync(Azurite azurite, int hosts, int count, int rounds, int concurrency)
    {
        var snapshots = hosts == 0
            ? SnapshotFactory.Portfolio(count, Math.Max(1, count / 5), seed: 11).ToArray()
            : Enumerable.Range(0, count).Select(i => SnapshotFactory.Create(hosts, new GeneratorOptions { Seed = 100 + i, TenantId = $"tenant-{i % 7:D2}", EnvironmentId = $"big-{i:D3}" })).ToArray();
        var bodies = snapshots.Select(s => Payload.Gzip(SnapshotFactory.ToUtf8(s))).ToArray();
        var jsonBytes = snapshots.Sum(s => (long)SnapshotFactory.ToUtf8(s).Length);
        var workload = hosts == 0 ? $"{count} snapshots of 5-60 hosts (portfolio mix)" : $"{count} snapshots of {hosts:N0} hosts";
        Console.WriteLine($"Pipeline: {workload}; {jsonBytes / count / 1024.0:0.0} KB JSON, {bodies.Average(b => b.Length) / 1024.0:0.0} KB gzip each; concurrency {concurrency}; {rounds} rounds");

        // Warm the CPU path to steady state (tiered JIT), as a long-running Functions worker is; a burst of a few big
        // snapshots would otherwise be measured on first-tier code.
        for (var i = 0; i < Math.Max(60, 2 * bodies.Length); i++)
        {
            var json = Payload.Gunzip(bodies[i % bodies.Length], int.MaxValue);
            AssessmentEvaluator.Default.Evaluate(SnapshotParser.Parse(json).Snapshot!, DateTimeOffset.UtcNow);
            Payload.ContentHash(json);
        }

        // Warm-up and recording pass: the calls the store makes for each snapshot, in order.
        var calls = new List<StorageCall>[bodies.Length];
        List<StorageCall>? current = null;
        var recordTable = "benchrecord" + Guid.NewGuid().ToString("N")[..8];
        var recordingStore = new AssessmentTable(new RecordingTableServiceClient(azurite.ConnectionString, () => current!), Options.Create(new AssessmentOptions { TableName = recordTable }));
        await recordingStore.EnsureCreatedAsync();
        var recorder = Processor(recordingStore, new StorageRoundTrips());
        for (var i = 0; i < bodies.Length; i++)
        {
            current = calls[i] = [];
            var outcome = await recorder.ExecuteAsync(bodies[i], Metadata(i), CancellationToken.None);
            if (outcome.Status != ProcessingStatus.Completed)
            {
                throw new InvalidOperationException($"Snapshot {i} was {outcome.Status} while recording.");
            }
        }

        var callsPerSnapshot = calls.Average(c => c.Count);
        var kinds = calls.SelectMany(c => c).GroupBy(c => c.Kind).Select(g => $"{g.Count() / (double)bodies.Length:0.##} {g.Key}").ToArray();
        var actions = calls.SelectMany(c => c).OfType<StorageCall.Transaction>().Sum(t => t.Actions.Count) / (double)bodies.Length;

        // CPU only: what ProcessSnapshot does besides storage (inflate, parse + validate, evaluate, hash, gzip of the raw
        // snapshot and of the result rows is inside the store and counted in the full run).
        var cpu = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            var json = Payload.Gunzip(body, int.MaxValue);
            var parsed = SnapshotParser.Parse(json);
            AssessmentEvaluator.Default.Evaluate(parsed.Snapshot!, DateTimeOffset.UtcNow);
            Payload.ContentHash(json);
        }

        var cpuMs = cpu.Elapsed.TotalMilliseconds / bodies.Length;

        // ProcessSnapshot with every storage call answered in-process (queries find nothing, transactions are kept, no
        // request is built or sent): all of our own work per snapshot, the entity building and compression around the
        // storage calls included. Process CPU time, so waiting for a busy core does not count.
        var inProcessTable = new AssessmentTable(new CapturingTableServiceClient([]), Options.Create(new AssessmentOptions { TableName = "inprocess" }));
        var inProcess = Processor(inProcessTable, new StorageRoundTrips());
        for (var i = 0; i < bodies.Length; i++)
        {
            await inProcess.ExecuteAsync(bodies[i], Metadata(i), CancellationToken.None);
        }

        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var inProcessRuns = Math.Max(bodies.Length, 150);
        for (var i = 0; i < inProcessRuns; i++)
        {
            await inProcess.ExecuteAsync(bodies[i % bodies.Length], Metadata(i), CancellationToken.None);
        }

        self.Refresh();
        var inProcessMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / inProcessRuns;

        var ours = new List<double>();
        var baseline = new List<double>();
        var ourCalls = new List<double>();
        var failures = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                var runOurs = (side == 0) == (round % 2 == 0);
                var table = (runOurs ? "benchours" : "benchbase") + round.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
                if (runOurs)
                {
                    var roundTrips = new StorageRoundTrips();
                    var store = AssessmentTable.Create(azurite.ConnectionString, table, roundTrips);
                    await store.EnsureCreatedAsync();
                    var processor = Processor(store, roundTrips);
                    var total = 0L;
                    var watch = Stopwatch.StartNew();
                    await ForEachAsync(bodies.Length, concurrency, async i =>
                    {
                        using var scope = roundTrips.BeginScope();
                        try
                        {
                            await processor.ExecuteAsync(bodies[i], Metadata(i), CancellationToken.None);
                        }
                        catch (Azure.RequestFailedException ex) when (ex.Status is 409 or 412)
                        {
                            // Retries exhausted on an ETag conflict: in the app the message is abandoned and redelivered.
                            Interlocked.Increment(ref failures);
                        }

                        Interlocked.Add(ref total, scope.Count);
                    });
                    ours.Add(bodies.Length / watch.Elapsed.TotalSeconds);
                    ourCalls.Add(total / (double)bodies.Length);
                }
                else
                {
                    var client = new TableServiceClient(azurite.ConnectionString).GetTableClient(table);
                    await client.CreateIfNotExistsAsync();
                    var watch = Stopwatch.StartNew();
                    await ForEachAsync(bodies.Length, concurrency, i => Replay.RunAsync(client, calls[i]));
                    baseline.Add(bodies.Length / watch.Elapsed.TotalSeconds);
                }
            }
        }

        var oursMedian = Median(ours);
        var baseMedian = Median(baseline);
        Console.WriteLine($"  storage calls per snapshot: ours {Median(ourCalls):0.##} (per round: {string.Join(", ", ourCalls.Select(c => c.ToString("0.##", CultureInfo.InvariantCulture)))}), baseline {callsPerSnapshot:0.##} = {string.Join(" + ", kinds)}; {actions:0.#} entity operations per snapshot in transactions");
        Console.WriteLine($"  ours:     {oursMedian,8:0.0} snapshots/s  (rounds: {string.Join(", ", ours.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}) = {1000 / oursMedian:0.00} ms each");
        Console.WriteLine($"  baseline: {baseMedian,8:0.0} snapshots/s  (rounds: {string.Join(", ", baseline.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}) = {1000 / baseMedian:0.00} ms each");
        Console.WriteLine($"  ratio ours/baseline: {oursMedian / baseMedian:0.00} (target >= 0.90); CPU-only work (inflate, parse+validate, evaluate, hash) {cpuMs:0.00} ms per snapshot");
        Console.WriteLine($"  ProcessSnapshot with the storage calls answered in-process (no server): {inProcessMs:0.00} ms of process CPU per snapshot (the CPU-only work above plus entities, compression, summaries, portfolio rows)");
        if (failures > 0)
        {
            Console.WriteLine($"  ours: {failures} snapshot(s) over all rounds failed with 409/412 after the store's retries (ETag conflicts); Service Bus would redeliver them");
        }

        Console.WriteLine($"  Azurite working set: {azurite.WorkingSet / 1024.0 / 1024.0:0} MB");
    }

    private static ProcessSnapshot Processor(AssessmentTable table, StorageRoundTrips roundTrips)
    {
        var rows = new AssessmentRows(table);
        // Events go to a sender that keeps nothing: the assessment path only enqueues them.
        var notifications = new NotificationPublisher(
            new NotificationQueueClient(new InProcessBusClient(), Options.Create(new QueueOptions())), Options.Create(new NotificationOptions()), TimeProvider.System, NullLogger<NotificationPublisher>.Instance);
        return new(rows, new PortfolioProjection(table), new CompareWithPrevious(new AssessmentReads(table, rows)), roundTrips, notifications, Options.Create(new AssessmentOptions()), TimeProvider.System, NullLogger<ProcessSnapshot>.Instance);
    }

    private static ServiceBusMessageMetadata Metadata(int index) => new()
    {
        MessageId = "bench-" + index.ToString(CultureInfo.InvariantCulture),
        DeliveryCount = 1,
        EnqueuedTime = DateTimeOffset.UtcNow,
    };

    // ------------------------------------------------------------------------------------------------ portfolio

    private static async Task PortfolioAsync(Azurite azurite, int environments, int tenants, int repeat)
    {
        const string table = "benchportfolio";
        var roundTrips = new StorageRoundTrips();
        var store = AssessmentTable.Create(azurite.ConnectionString, table, roundTrips);
        await store.EnsureCreatedAsync();

        // Fill the portfolio index with exactly the rows ProcessSnapshot's SyncPortfolioAsync writes for each environment
        // (captured offline, see CapturingTableServiceClient), in 100-row transactions, then the totals row.
        var fill = Stopwatch.StartNew();
        var readiness = new Dictionary<Readiness, int>();
        // The totals are sharded (~totals|00 … ~totals|0f, an environment always counts in the same shard): counted
        // here per shard and written once each, instead of the captured per-environment increments.
        var shards = new Dictionary<string, Dictionary<Readiness, int>>(StringComparer.Ordinal);
        var captured = new List<TableTransactionAction>();
        var capture = new AssessmentTable(new CapturingTableServiceClient(captured), Options.Create(new AssessmentOptions { TableName = table }));
        foreach (var snapshot in SnapshotFactory.Portfolio(environments, tenants, seed: 3))
        {
            var result = AssessmentEvaluator.Default.Evaluate(snapshot, snapshot.CollectedAt);
            readiness[result.Readiness] = readiness.GetValueOrDefault(result.Readiness) + 1;
            var (tenant, environment) = (TenantId.Parse(result.TenantId), EnvironmentId.Parse(result.EnvironmentId));
            var shard = shards.TryGetValue(TableKeys.PortfolioTotalsShard(tenant, environment), out var counts) ? counts : shards[TableKeys.PortfolioTotalsShard(tenant, environment)] = [];
            shard[result.Readiness] = shard.GetValueOrDefault(result.Readiness) + 1;
            await new PortfolioProjection(capture).SyncAsync(ReadinessSummary.From(result, tenant, environment), CancellationToken.None);
        }

        var indexRows = captured.Where(r => !r.Entity.RowKey.StartsWith(TableKeys.PortfolioTotalsPrefix, StringComparison.Ordinal)).Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Entity)).ToList();
        foreach (var (key, counts) in shards)
        {
            var totals = new TableEntity(TableKeys.PortfolioPartition, key) { ["Kind"] = "totals" };
            foreach (var value in Enum.GetValues<Readiness>())
            {
                totals[value.ToString()] = counts.GetValueOrDefault(value);
            }

            indexRows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, totals));
        }
        var loader = new TableServiceClient(azurite.ConnectionString).GetTableClient(table);
        var batches = 0;
        foreach (var chunk in indexRows.Chunk(100))
        {
            await loader.SubmitTransactionAsync(chunk);
            if (++batches % 100 == 0)
            {
                Console.WriteLine($"  loaded {batches * 100:N0} of {indexRows.Count:N0} index rows ({fill.Elapsed.TotalSeconds:0} s)");
            }
        }

        Console.WriteLine($"Portfolio: {environments:N0} environments over {tenants:N0} tenants, {indexRows.Count:N0} index rows loaded in {fill.Elapsed.TotalSeconds:0} s; readiness {string.Join(", ", readiness.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}"))}");

        // The exact calls GetPortfolioAsync makes, recorded once per filter; the baseline reads only the page's rows.
        List<StorageCall>? log = null;
        var recording = new AssessmentTable(new RecordingTableServiceClient(azurite.ConnectionString, () => log!), Options.Create(new AssessmentOptions { TableName = table }));
        // An operator sees the whole portfolio: the projection's range read, which is what this measures.
        var operatorCaller = new Caller("bench", PrincipalKind.Application, new HashSet<Role> { Role.Operator });
        static GetPortfolio Portfolio(AssessmentTable table) =>
            new(new PortfolioProjection(table), new AssessmentReads(table, new AssessmentRows(table)), new VmmAssess.Functions.Application.Access.AccessPolicy(new AccessRows(table)));
        var queries = Portfolio(store);
        var recordingQueries = Portfolio(recording);
        var raw = new TableServiceClient(azurite.ConnectionString).GetTableClient(table);
        const int pageSize = 50; // RequestBinder.DefaultPageSize

        foreach (var (name, filter) in new[] { ("first page", new PortfolioFilter(null, null, null)), ("readiness=NotReady", new PortfolioFilter(Readiness.NotReady, null, null)) })
        {
            log = [];
            var recorded = await recordingQueries.ExecuteAsync(operatorCaller, filter, pageSize, null, CancellationToken.None);
            var pageQuery = log.OfType<StorageCall.Query>().Single(q => q.Filter?.Contains(TableKeys.PortfolioTotalsPrefix, StringComparison.Ordinal) != true);
            var ourTimes = new List<double>();
            var baseTimes = new List<double>();
            var ourCalls = 0;
            var baseRows = 0;
            for (var i = 0; i < repeat * 2; i++)
            {
                var watch = Stopwatch.StartNew();
                if (i % 2 == 0)
                {
                    using var scope = roundTrips.BeginScope();
                    var page = await queries.ExecuteAsync(operatorCaller, filter, pageSize, null, CancellationToken.None);
                    _ = JsonSerializer.SerializeToUtf8Bytes(new PortfolioPageResponse(ReadinessTotalsResponse.From(page.Totals), ReadinessResponse.From(page.Page.Items, DateTimeOffset.UtcNow), RequestBinder.EncodeContinuationToken(page.Page.ContinuationToken)), ApiJsonContext.Default.PortfolioPageResponse);
                    ourTimes.Add(watch.Elapsed.TotalMilliseconds);
                    ourCalls = scope.Count;
                }
                else
                {
                    var rows = 0;
                    await foreach (var page in raw.QueryAsync<TableEntity>(pageQuery.Filter, pageSize).AsPages(null, pageSize))
                    {
                        rows = page.Values.Count;
                        break;
                    }

                    baseTimes.Add(watch.Elapsed.TotalMilliseconds);
                    baseRows = rows;
                }
            }

            var ours = Median(ourTimes.Skip(2).ToList());
            var baseline = Median(baseTimes.Skip(2).ToList());
            Console.WriteLine($"  {name}: {recorded.Page.Items.Count} environments on the page (+ totals); filter {pageQuery.Filter}");
            Console.WriteLine($"    entities read: ours {recorded.Page.Items.Count} index rows + the totals shards in {ourCalls} calls (page query and totals range read, in parallel); baseline {baseRows} rows in 1 call");
            Console.WriteLine($"    median latency: ours {ours:0.00} ms, baseline {baseline:0.00} ms, ratio {ours / baseline:0.00} (target <= 1.5)");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static async Task ForEachAsync(int count, int concurrency, Func<int, Task> body)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await body(i);
            }
        });
        await Task.WhenAll(workers);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VmmAssessFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository (VmmAssessFunctions.sln not found).");
    }
}
