using System.Globalization;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using AmqpList = Amqp.Types.List;

namespace VmmAssess.Testing.ServiceBus.Protocol;

/// <summary>
/// The <c>queue/$management</c> node of one queue or dead-letter queue: request/response operations
/// (renew-lock, peek-message, update-disposition, receive-by-sequence-number, schedule-message,
/// cancel-scheduled-message).
/// Requests carry the application property <c>operation</c> and an AMQP value map body; responses carry
/// <c>statusCode</c> (int), <c>statusDescription</c>, <c>errorCondition</c> (symbol) and a map body.
/// </summary>
internal sealed class ManagementRequestProcessor(ServiceBusTestHost host, ServiceBusTestQueue queue) : IRequestProcessor
{
    private const int Ok = 200;
    private const int NoContent = 204;
    private const int BadRequest = 400;
    private const int NotFound = 404;
    private const int Gone = 410;
    private const int NotImplemented = 501;

    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        var operation = requestContext.Message.ApplicationProperties?["operation"] as string;
        var request = (requestContext.Message.Body as Map) ?? [];
        host.Trace($"{queue.Name}/$management: {operation}");

        Response response;
        try
        {
            response = Handle(operation, request);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            response = new Response(BadRequest, null, "amqp:invalid-field", $"Malformed {operation} request: {ex.Message}");
        }

        var properties = new ApplicationProperties
        {
            ["statusCode"] = response.StatusCode,
            ["statusDescription"] = response.Description ?? (response.ErrorCondition is null ? "OK" : response.ErrorCondition),
        };
        if (response.ErrorCondition is not null)
        {
            properties["errorCondition"] = (Symbol)response.ErrorCondition;
        }

        requestContext.Complete(new Message(response.Body ?? []) { ApplicationProperties = properties });
    }

    private Response Handle(string? operation, Map request)
    {
        switch (operation)
        {
            case AmqpNames.RenewLockOperation:
            {
                var expirations = queue.RenewLocks(Required<Guid[]>(request, "lock-tokens"));
                return expirations is null
                    ? LockLost()
                    : new Response(Ok, new Map { ["expirations"] = expirations }); // a timestamp array
            }

            case AmqpNames.PeekMessageOperation:
            {
                var from = Convert.ToInt64(Required<object>(request, "from-sequence-number"), CultureInfo.InvariantCulture);
                var count = Convert.ToInt32(Required<object>(request, "message-count"), CultureInfo.InvariantCulture);
                var messages = queue.Peek(from, count);
                if (messages.Count == 0)
                {
                    return new Response(NoContent, null, null, "No messages to peek.");
                }

                // The client reads "messages" as a list (not an array) of maps.
                var list = new AmqpList();
                list.AddRange(messages.Select(m => new Map { ["message"] = m }));
                return new Response(Ok, new Map { ["messages"] = list });
            }

            case AmqpNames.UpdateDispositionOperation:
            {
                // Used when a lock token was not received on the current link (for example after a reconnect).
                DeliveryState state = (request["disposition-status"] as string) switch
                {
                    "completed" => new Accepted(),
                    "abandoned" => new Modified { MessageAnnotations = ToFields(request["properties-to-modify"] as Map) },
                    "suspended" => new Rejected { Error = new Error(AmqpNames.DeadLetterCondition) { Info = DeadLetterInfo(request) } },
                    "defered" => new Modified { UndeliverableHere = true }, // sic: the client's spelling
                    var other => throw new FormatException($"Unknown disposition-status '{other}'."),
                };
                foreach (var lockToken in Required<Guid[]>(request, "lock-tokens"))
                {
                    if (!queue.TrySettle(lockToken, state))
                    {
                        return LockLost();
                    }
                }

                return new Response(Ok, null);
            }

            case AmqpNames.ReceiveBySequenceNumberOperation:
            {
                var peekLock = Convert.ToUInt32(request["receiver-settle-mode"] ?? 1u, CultureInfo.InvariantCulture) == 1;
                var received = queue.ReceiveDeferred(Required<long[]>(request, "sequence-numbers"), peekLock);
                if (received is null)
                {
                    return new Response(NotFound, null, AmqpNames.MessageNotFound, "One or more of the sequence numbers is not a deferred message.");
                }

                var list = new AmqpList();
                list.AddRange(received.Select(r => peekLock
                    ? new Map { ["message"] = r.Message, ["lock-token"] = r.LockToken }
                    : new Map { ["message"] = r.Message }));
                return new Response(Ok, new Map { ["messages"] = list });
            }

            case AmqpNames.ScheduleMessageOperation when !queue.IsDeadLetterQueue:
            {
                var messages = Required<System.Collections.IEnumerable>(request, "messages").Cast<Map>()
                    .Select(entry => AmqpMessages.Decode(Required<byte[]>(entry, "message")))
                    .ToList();
                return new Response(Ok, new Map { ["sequence-numbers"] = queue.Schedule(messages) });
            }

            case AmqpNames.CancelScheduledMessageOperation when !queue.IsDeadLetterQueue:
                queue.CancelScheduled(Required<long[]>(request, "sequence-numbers"));
                return new Response(Ok, null);

            default:
                // sessions, rules, batch delete, ...
                return new Response(NotImplemented, null, AmqpNames.NotImplemented, $"The test host does not implement '{operation}' on '{queue.Name}'.");
        }
    }

    private static T Required<T>(Map map, string key) =>
        map[key] is T value ? value : throw new FormatException($"'{key}' is missing or is not a {typeof(T).Name}.");

    private static Response LockLost() =>
        new(Gone, null, AmqpNames.MessageLockLost, "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");

    private static Fields ToFields(Map? map)
    {
        var fields = new Fields();
        if (map is not null)
        {
            foreach (var (key, value) in map)
            {
                fields[(Symbol)key.ToString()] = value;
            }
        }

        return fields;
    }

    private static Fields DeadLetterInfo(Map request)
    {
        var info = ToFields(request["properties-to-modify"] as Map);
        if (request["deadletter-reason"] is string reason)
        {
            info[(Symbol)AmqpNames.DeadLetterReason] = reason;
        }

        if (request["deadletter-description"] is string description)
        {
            info[(Symbol)AmqpNames.DeadLetterErrorDescription] = description;
        }

        return info;
    }

    private sealed record Response(int StatusCode, Map? Body, string? ErrorCondition = null, string? Description = null);
}
