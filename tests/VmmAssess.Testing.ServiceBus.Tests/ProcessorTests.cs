using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace VmmAssess.Testing.ServiceBus.Tests;

public class ProcessorTests
{
    [Fact]
    public async Task Processor_delivers_every_message_and_settles_them_explicitly()
    {
        using var host = new ServiceBusTestHost("snapshots");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("snapshots");
        await sender.SendMessagesAsync(Enumerable.Range(1, 6).Select(i =>
            new ServiceBusMessage(i == 4 ? "invalid" : $"snapshot-{i}") { MessageId = $"snap-{i}" }));

        var handled = new ConcurrentBag<string>();
        var errors = new ConcurrentBag<Exception>();
        await using var processor = client.CreateProcessor("snapshots", new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = 2,
        });
        processor.ProcessMessageAsync += async args =>
        {
            handled.Add(args.Message.MessageId);
            if (args.Message.Body.ToString() == "invalid")
            {
                await args.DeadLetterMessageAsync(args.Message, "Invalid", "body is not a snapshot", args.CancellationToken);
            }
            else
            {
                await args.CompleteMessageAsync(args.Message, args.CancellationToken);
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Add(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await host["snapshots"].WaitForAsync(q => q.MessageCount == 0 && q.DeadLetterQueue.MessageCount == 1);
        await processor.StopProcessingAsync();

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"snap-{i}").Order(), handled.Order());
        Assert.Empty(errors);
        var dead = Assert.Single(host["snapshots"].DeadLetterQueue.Snapshot());
        Assert.Equal("snap-4", dead.MessageId);
        Assert.Equal("Invalid", dead.DeadLetterReason);
    }

    [Fact]
    public async Task Processor_with_auto_complete_abandons_a_failed_message_and_redelivers_it()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("flaky") { MessageId = "m-1" });

        var deliveryCounts = new ConcurrentQueue<int>();
        var errorReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateProcessor("q");
        processor.ProcessMessageAsync += args =>
        {
            deliveryCounts.Enqueue(args.Message.DeliveryCount);
            return args.Message.DeliveryCount == 1
                ? throw new InvalidOperationException("first attempt fails")
                : Task.CompletedTask;
        };
        processor.ProcessErrorAsync += args =>
        {
            if (args.Exception is InvalidOperationException)
            {
                errorReported.TrySetResult();
            }

            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await host["q"].WaitForAsync(q => q.MessageCount == 0);
        await errorReported.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await processor.StopProcessingAsync();

        Assert.Equal([1, 2], deliveryCounts);
    }
    [Fact]
    public async Task Competing_processors_with_prefetch_handle_each_message_exactly_once()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        const int count = 300;
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
        {
            await sender.SendMessagesAsync(chunk.Select(i => new ServiceBusMessage($"body-{i}") { MessageId = $"m-{i}" }));
        }

        var handled = new ConcurrentDictionary<string, int>();
        var errors = new ConcurrentBag<Exception>();
        await using var fast = client.CreateProcessor("q", new ServiceBusProcessorOptions { MaxConcurrentCalls = 8, PrefetchCount = 20 });
        await using var slow = client.CreateProcessor("q", new ServiceBusProcessorOptions { MaxConcurrentCalls = 2 });
        foreach (var processor in new[] { fast, slow })
        {
            processor.ProcessMessageAsync += args =>
            {
                handled.AddOrUpdate(args.Message.MessageId, 1, (_, n) => n + 1);
                return Task.CompletedTask;
            };
            processor.ProcessErrorAsync += args =>
            {
                errors.Add(args.Exception);
                return Task.CompletedTask;
            };
        }

        await Task.WhenAll(fast.StartProcessingAsync(), slow.StartProcessingAsync());
        await host["q"].WaitForAsync(q => q.MessageCount == 0);
        await Task.WhenAll(fast.StopProcessingAsync(), slow.StopProcessingAsync());

        Assert.Empty(errors);
        Assert.Equal(count, handled.Count);
        Assert.All(handled.Values, n => Assert.Equal(1, n));
    }
}
