using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using VmmAssess.Functions.Application.Intake;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Domain;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Payloads;
using VmmAssess.Functions.Infrastructure.Tables;
using VmmAssess.SnapshotGenerator;

namespace VmmAssess.StorageBenchmarks;

/// <summary>
/// <c>--intake</c> (issue 12, resource limits): managed memory of the webhook's use case per accepted snapshot —
/// <see cref="SubmitSnapshot"/> exactly as the HTTP function calls it (the request body as a stream with its
/// Content-Length, Azurite tables for the raw copy, Queued header and idempotency key), for a POST with
/// <c>Content-Encoding: gzip</c> and one without, at 1,000 and 5,000 hosts. The Service Bus send is answered in-process
/// (the message is built, not transmitted). Each upload is a new snapshot (a fresh snapshotId of the same length).
/// <list type="bullet">
/// <item><b>Allocated</b>: <c>GC.GetTotalAllocatedBytes(precise: true)</c> around each call, all threads (the SDK's
/// continuations included; nothing else runs), mean of the measured uploads after warm-up.</item>
/// <item><b>Peak</b>: the most the live managed heap grew above its level before the call: a sampling thread forces
/// full blocking collections (<c>GC.GetTotalMemory(forceFullCollection: true)</c>) back to back while the call runs and
/// keeps the highest live size; every upload is sampled, the figure is the highest over all of them. A collection only
/// counts what is reachable, so garbage never inflates it; being sampled, it can miss a short-lived top (a lower bound
/// of the true peak, close to it when the call runs many samples long). Arrays rented from <c>ArrayPool.Shared</c>
/// (System.Text.Json's token table of a <c>JsonDocument</c>, pooled scratch buffers) are live before and after and do
/// not show as growth: their size at the peak is reported beside it.</item>
/// </list>
/// </summary>
public static class IntakeMemory
{
    public static async Task RunAsync(Azurite azurite, int uploads)
    {
        var table = AssessmentTable.Create(azurite.ConnectionString, "benchintake" + Guid.NewGuid().ToString("N")[..6]);
        await table.EnsureCreatedAsync();
        var options = Options.Create(new AssessmentOptions());
        var queue = new SnapshotQueueClient(new InProcessBusClient(), Options.Create(new QueueOptions { SnapshotQueueName = "snapshots" }), options);
        var submit = new SubmitSnapshot(new IntakeRows(table), queue, options, TimeProvider.System);
        Console.WriteLine($"Intake: SubmitSnapshot per accepted snapshot; {uploads} measured uploads per case after 3 warm-ups; sampled peak (see IntakeMemory.cs)");
        Console.WriteLine($"  {"case",-26} {"JSON",10} {"body",10} {"allocated",12} {"x JSON",7} {"peak (live)",12} {"x JSON",7} {"+ pooled token table",21} {"samples",8}");

        foreach (var hosts in new[] { 1_000, 5_000 })
        {
            var template = SnapshotFactory.CreateUtf8(hosts, new GeneratorOptions { Seed = 7, TenantId = "contoso", EnvironmentId = "hq" });
            var tokenTable = TokenTableBytes(template);
            foreach (var encoding in new[] { PayloadEncoding.Gzip, PayloadEncoding.Identity })
            {
                var allocated = new List<long>();
                long peak = 0, samples = 0, bodyBytes = 0;
                for (var i = 0; i < uploads + 3; i++)
                {
                    var json = WithNewSnapshotId(template);
                    var body = encoding == PayloadEncoding.Gzip ? Payload.Gzip(json) : json;
                    bodyBytes = body.Length;
                    using var stream = new MemoryStream(body, writable: false);
                    var upload = new SnapshotUpload(TenantId.Parse("contoso"), stream, encoding, body.Length, null);

                    var before = GC.GetTotalMemory(forceFullCollection: true);
                    using var sampler = new PeakSampler(before);
                    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                    var receipt = await submit.ExecuteAsync(upload, CancellationToken.None);
                    var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
                    var (growth, count) = sampler.Stop();
                    if (receipt.Replayed || receipt.Status != AssessmentStatus.Queued)
                    {
                        throw new InvalidOperationException($"Upload {i} was not accepted as new ({receipt.Status}).");
                    }

                    if (i >= 3)
                    {
                        allocated.Add(allocatedAfter - allocatedBefore);
                        peak = Math.Max(peak, growth);
                        samples += count;
                    }
                }

                var mean = allocated.Average();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {$"{hosts:N0} hosts, {(encoding == PayloadEncoding.Gzip ? "gzip" : "plain JSON")}",-26} {template.Length,10:N0} {bodyBytes,10:N0} {mean,12:N0} {mean / template.Length,7:0.00} {peak,12:N0} {peak / (double)template.Length,7:0.00} {tokenTable,12:N0} ({(peak + tokenTable) / (double)template.Length:0.00}x) {samples / (double)uploads,8:0.0}"));
            }
        }
    }

    /// <summary>A JsonDocument's token table: 12 bytes per token (System.Text.Json's MetadataDb row).</summary>
    private static long TokenTableBytes(byte[] json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json);
        long tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens * 12;
    }

    private static byte[] WithNewSnapshotId(byte[] template)
    {
        var json = (byte[])template.Clone();
        var marker = "\"snapshotId\":\""u8;
        var at = json.AsSpan().IndexOf(marker) + marker.Length;
        Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("D")).CopyTo(json, at);
        return json;
    }

    /// <summary>Forces full collections back to back on its own thread and keeps the highest live heap above a level.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly long baseline;
        private readonly Thread thread;
        private volatile bool stop;
        private long highest;
        private long samples;

        public PeakSampler(long baseline)
        {
            this.baseline = baseline;
            highest = baseline;
            thread = new Thread(Sample) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            thread.Start();
        }

        public (long Growth, long Samples) Stop()
        {
            stop = true;
            thread.Join();
            return (Math.Max(0, highest - baseline), samples);
        }

        public void Dispose()
        {
            if (!stop)
            {
                Stop();
            }
        }

        private void Sample()
        {
            while (!stop)
            {
                highest = Math.Max(highest, GC.GetTotalMemory(forceFullCollection: true));
                samples++;
                Thread.Sleep(0);
            }
        }
    }
}

/// <summary>A Service Bus client whose sender builds each message and keeps nothing: no broker in this benchmark.</summary>
internal sealed class InProcessBusClient : ServiceBusClient
{
    public override ServiceBusSender CreateSender(string queueOrTopicName) => new InProcessSender();

    private sealed class InProcessSender : ServiceBusSender
    {
        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
