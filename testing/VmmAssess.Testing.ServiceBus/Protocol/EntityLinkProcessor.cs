using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace VmmAssess.Testing.ServiceBus.Protocol;

/// <summary>Attaches the client's send and receive links to queues; refuses unknown entities like Service Bus does.</summary>
internal sealed class EntityLinkProcessor(ServiceBusTestHost host) : ILinkProcessor
{
    public void Process(AttachContext attachContext)
    {
        var attach = attachContext.Attach;
        var clientReceives = attach.Role; // role true: the client's end of the link is the receiver
        var address = clientReceives ? (attach.Source as Source)?.Address : (attach.Target as Target)?.Address;
        host.Trace($"attach {(clientReceives ? "receiver" : "sender")} '{address}' snd-settle={attach.SndSettleMode} rcv-settle={attach.RcvSettleMode}");

        if (!host.TryResolve(address, out var queue, out var isManagement) || isManagement)
        {
            // The client maps amqp:not-found to ServiceBusFailureReason.MessagingEntityNotFound.
            attachContext.Complete(new Error(ErrorCode.NotFound)
            {
                Description = $"The messaging entity '{address}' could not be found.",
            });
            return;
        }

        if (clientReceives)
        {
            var endpoint = new OutgoingMessageEndpoint(queue, attachContext.Link);
            queue.AddConsumer(endpoint);
            attachContext.Complete(endpoint, 0);
            return;
        }

        if (queue.IsDeadLetterQueue)
        {
            attachContext.Complete(new Error(ErrorCode.NotAllowed)
            {
                Description = $"Messages cannot be sent to the dead-letter queue '{queue.Name}'.",
            });
            return;
        }

        // The client sizes batches from the max-message-size of the peer's attach; echoing its own (ulong.MaxValue)
        // would make CreateMessageBatchAsync fail.
        attach.MaxMessageSize = (ulong)queue.Options.MaxMessageSizeBytes;
        attachContext.Complete(new IncomingMessageEndpoint(host, queue), 500);
    }
}

/// <summary>The host's end of a client's send link.</summary>
internal sealed class IncomingMessageEndpoint(ServiceBusTestHost host, ServiceBusTestQueue queue) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        if (queue.TryTakeSendFault(out var fault))
        {
            host.Trace($"{queue.Name}: refused a transfer with injected {fault.Condition}");
            messageContext.Complete(fault);
            return;
        }

        var message = messageContext.Message;
        var size = message.Encode().Length;
        if (size > queue.Options.MaxMessageSizeBytes)
        {
            host.Trace($"{queue.Name}: rejected a {size}-byte transfer (max {queue.Options.MaxMessageSizeBytes})");
            messageContext.Complete(new Error(ErrorCode.MessageSizeExceeded)
            {
                Description = $"The received message (size {size} bytes) exceeds the limit ({queue.Options.MaxMessageSizeBytes} bytes) of entity '{queue.Name}'.",
            });
            return;
        }

        List<Message> messages;
        try
        {
            // A batch has one data section per message, each a complete encoded AMQP message.
            messages = message.Format != AmqpNames.BatchMessageFormat
                ? [message]
                : message.BodySection switch
                {
                    DataList sections => Enumerable.Range(0, sections.Count).Select(i => AmqpMessages.Decode(sections[i].Binary)).ToList(),
                    Data section => [AmqpMessages.Decode(section.Binary)],
                    _ => throw new AmqpException(ErrorCode.DecodeError, "A batched message must have data sections."),
                };
        }
        catch (AmqpException ex)
        {
            messageContext.Complete(ex.Error);
            return;
        }

        var stored = queue.Accept(messages);
        host.Trace($"{queue.Name}: accepted {stored} of {messages.Count} message(s)");
        messageContext.Complete(); // Accepted, settled: the client waits for this outcome
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }
}

/// <summary>The host's end of a client's receive link (peek-lock or receive-and-delete).</summary>
internal sealed class OutgoingMessageEndpoint(ServiceBusTestQueue queue, ListenerLink link) : LinkEndpoint
{
    public ListenerLink Link { get; } = link;

    /// <summary>The credit the client granted, mirroring the link's own count. Guarded by the queue's lock.</summary>
    public int Credit { get; set; }

    public override void OnFlow(FlowContext flowContext) => queue.OnFlow(this, flowContext.Messages);

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        if (dispositionContext.Settled && dispositionContext.DeliveryState is Released && dispositionContext.Link.IsClosed)
        {
            // AMQPNetLite releases the unsettled deliveries of a link that closed. Service Bus does not: their locks
            // stay until they expire, and any receiver of the queue can still settle or renew them by lock token.
            return;
        }

        var outcome = queue.Settle(dispositionContext.Message, dispositionContext.DeliveryState);
        if (!dispositionContext.Settled)
        {
            // rcv-settle-mode=second: the client waits until the broker settles with the outcome.
            dispositionContext.Link.DisposeMessage(dispositionContext.Message, outcome, settled: true);
        }
    }

    public override void OnLinkClosed(ListenerLink link, Error error) => queue.RemoveConsumer(this);
}
