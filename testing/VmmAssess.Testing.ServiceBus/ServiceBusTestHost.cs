using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Sasl;
using VmmAssess.Testing.ServiceBus.Protocol;

namespace VmmAssess.Testing.ServiceBus;

/// <summary>
/// An in-process AMQP 1.0 test double of Azure Service Bus (queues only) that the real, unmodified
/// <c>Azure.Messaging.ServiceBus</c> client talks to over loopback. Give <see cref="ConnectionString"/> to a
/// <c>ServiceBusClient</c>; inspect what the code under test did through <see cref="this[string]"/>.
/// </summary>
/// <remarks>
/// The host listens on 127.0.0.1 only, on a free port, with plain AMQP (the connection string sets
/// <c>UseDevelopmentEmulator=true</c>, which makes the client skip TLS and honour the port). Any SAS token is
/// accepted. See README.md beside this file for what is supported and how it differs from Service Bus.
/// </remarks>
public sealed class ServiceBusTestHost : IAsyncDisposable, IDisposable
{
    /// <summary>The key name in <see cref="ConnectionString"/>.</summary>
    public const string SharedAccessKeyName = "RootManageSharedAccessKey";

    /// <summary>The key in <see cref="ConnectionString"/> (any key is accepted).</summary>
    public const string SharedAccessKey = "VGVzdEhvc3RLZXlOb3RBU2VjcmV0";

    private const int PortAttempts = 10;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, ServiceBusTestQueue> queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ContainerHost containerHost;
    private readonly ITimer sweeper;
    private int disposed;

    /// <summary>Starts a host with queues of default options.</summary>
    /// <param name="queueNames">The queues to create.</param>
    public ServiceBusTestHost(params string[] queueNames)
        : this((queueNames ?? throw new ArgumentNullException(nameof(queueNames))).Select(name => new ServiceBusTestQueueOptions(name)))
    {
    }

    /// <summary>Starts a host with the given queues.</summary>
    /// <param name="queues">The queues to create.</param>
    public ServiceBusTestHost(params ServiceBusTestQueueOptions[] queues)
        : this((IEnumerable<ServiceBusTestQueueOptions>)queues)
    {
    }

    /// <summary>Starts a host with the given queues and clock.</summary>
    /// <param name="queues">The queues to create.</param>
    /// <param name="timeProvider">
    /// The clock for enqueue times, lock expiry, scheduled messages and the duplicate-detection window
    /// (<see cref="TimeProvider.System"/> when null). A fake clock makes those deterministic; note that lock
    /// expiry times sent to the client then come from the fake clock too.
    /// </param>
    public ServiceBusTestHost(IEnumerable<ServiceBusTestQueueOptions> queues, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(queues);
        TimeProvider = timeProvider ?? TimeProvider.System;
        foreach (var options in queues)
        {
            AddQueue(options);
        }

        (containerHost, Port) = StartListener();
        ConnectionString =
            $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={SharedAccessKeyName};SharedAccessKey={SharedAccessKey};UseDevelopmentEmulator=true";
        sweeper = TimeProvider.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>The loopback port the host listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// <c>Endpoint=sb://127.0.0.1:PORT;SharedAccessKeyName=...;SharedAccessKey=...;UseDevelopmentEmulator=true</c>,
    /// for <c>new ServiceBusClient(connectionString)</c>.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>The clock of the host.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// Receives a line per protocol event (attach, management request, dead-lettering, ...) when set, for
    /// diagnosing a test. Called on the host's threads; exceptions it throws are ignored.
    /// </summary>
    public Action<string>? Log { get; set; }

    /// <summary>The queues of the host (not their dead-letter queues).</summary>
    public IReadOnlyCollection<ServiceBusTestQueue> Queues
    {
        get { lock (queues) { return queues.Values.ToList(); } }
    }

    /// <summary>The queue called <paramref name="queueName"/>, or its dead-letter queue for <c>name/$DeadLetterQueue</c>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such queue.</exception>
    public ServiceBusTestQueue this[string queueName] => GetQueue(queueName);

    /// <summary>The queue called <paramref name="queueName"/>, or its dead-letter queue for <c>name/$DeadLetterQueue</c>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such queue.</exception>
    public ServiceBusTestQueue GetQueue(string queueName) =>
        TryGetQueue(queueName, out var queue) ? queue : throw new KeyNotFoundException($"The test host has no queue '{queueName}'.");

    /// <summary>Looks up a queue, or its dead-letter queue for <c>name/$DeadLetterQueue</c>.</summary>
    public bool TryGetQueue(string queueName, [NotNullWhen(true)] out ServiceBusTestQueue? queue) =>
        TryResolve(queueName, out queue, out var isManagement) && !isManagement;

    /// <summary>Adds a queue with default options, or returns the existing queue of that name.</summary>
    public ServiceBusTestQueue CreateQueue(string queueName) => CreateQueue(new ServiceBusTestQueueOptions(queueName));

    /// <summary>Adds a queue, or returns the existing queue of that name (whose options are then left as they are).</summary>
    public ServiceBusTestQueue CreateQueue(ServiceBusTestQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        lock (queues)
        {
            if (queues.TryGetValue(options.Name, out var existing))
            {
                return existing;
            }

            var queue = AddQueue(options);
            RegisterManagement(containerHost, queue);
            return queue;
        }
    }

    /// <summary>Stops listening and drops every connection.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        sweeper.Dispose();
        containerHost.Close();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal bool TryResolve(string? address, [NotNullWhen(true)] out ServiceBusTestQueue? queue, out bool isManagement)
    {
        queue = null;
        isManagement = false;
        if (!EntityAddress.TryParse(address, out var entity))
        {
            return false;
        }

        lock (queues)
        {
            if (!queues.TryGetValue(entity.QueueName, out queue))
            {
                return false;
            }
        }

        if (entity.IsDeadLetterQueue)
        {
            queue = queue.DeadLetterQueue;
        }

        isManagement = entity.IsManagement;
        return true;
    }

    internal void Trace(string message)
    {
        var log = Log;
        if (log is null)
        {
            return;
        }

        try
        {
            log(message);
        }
        catch (Exception)
        {
            // A failing log sink (e.g. an xunit output helper after its test ended) must not break the protocol.
        }
    }

    private ServiceBusTestQueue AddQueue(ServiceBusTestQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        lock (queues)
        {
            if (queues.ContainsKey(options.Name))
            {
                throw new ArgumentException($"Queue '{options.Name}' is defined twice.", nameof(options));
            }

            var queue = new ServiceBusTestQueue(this, options);
            queues.Add(options.Name, queue);
            return queue;
        }
    }

    private static string ManagementNode(ServiceBusTestQueue queue) => "$management:" + queue.Name;

    private void RegisterManagement(ContainerHost host, ServiceBusTestQueue queue)
    {
        host.RegisterRequestProcessor(ManagementNode(queue), new ManagementRequestProcessor(this, queue));
        host.RegisterRequestProcessor(ManagementNode(queue.DeadLetterQueue), new ManagementRequestProcessor(this, queue.DeadLetterQueue));
    }

    /// <summary>
    /// Binds a free loopback port. AMQPNetLite does not report the port it bound when given 0, so a free port
    /// is found first and bound right after; another process may take it in between, hence the retries.
    /// </summary>
    private (ContainerHost Host, int Port) StartListener()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FindFreeLoopbackPort();
            var host = CreateContainerHost(port);
            try
            {
                host.Open();
                return (host, port);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < PortAttempts)
            {
                host.Close();
            }
        }
    }

    private ContainerHost CreateContainerHost(int port)
    {
        var host = new ContainerHost(new Address("127.0.0.1", port, user: null, password: null, path: "/", scheme: "amqp"));
        var listener = host.Listeners[0];

        // The client offers only MSSBCBS (anonymous-style; it authenticates later through $cbs).
        listener.SASL.EnableMechanism((Amqp.Types.Symbol)AmqpNames.CbsSaslMechanism, SaslProfile.Anonymous);
        listener.SASL.EnableAnonymousMechanism = true; // for plain AMQP clients in tests of the host itself
        listener.HandlerFactory = _ => new LockTokenDeliveryTagHandler();

        host.RegisterRequestProcessor(AmqpNames.CbsAddress, new CbsRequestProcessor(this));

        // Management links ("orders/$management") are routed to the request processor of their queue; every
        // other link goes to the link processor.
        host.AddressResolver = (_, attach) =>
        {
            var address = attach.Role ? (attach.Source as Source)?.Address : (attach.Target as Target)?.Address;
            return TryResolve(address, out var queue, out var isManagement) && isManagement ? ManagementNode(queue) : null;
        };
        host.RegisterLinkProcessor(new EntityLinkProcessor(this));

        lock (queues)
        {
            foreach (var queue in queues.Values)
            {
                RegisterManagement(host, queue);
            }
        }

        return host;
    }

    private static int FindFreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private void Sweep()
    {
        foreach (var queue in Queues)
        {
            queue.Sweep();
            queue.DeadLetterQueue.Sweep();
        }
    }
}
