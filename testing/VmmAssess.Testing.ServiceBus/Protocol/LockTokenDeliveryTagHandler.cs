using Amqp;
using Amqp.Handler;

namespace VmmAssess.Testing.ServiceBus.Protocol;

/// <summary>
/// The client takes a message's lock token from the delivery tag (16 bytes, a GUID in .NET byte order).
/// AMQPNetLite numbers delivery tags itself unless a handler sets them, which this one does for peek-lock deliveries.
/// </summary>
internal sealed class LockTokenDeliveryTagHandler : IHandler
{
    public bool CanHandle(EventId id) => id == EventId.SendDelivery;

    public void Handle(Event protocolEvent)
    {
        // AMQPNetLite also raises ReceiveDelivery after asking CanHandle(SendDelivery), so check the id again.
        if (protocolEvent.Id == EventId.SendDelivery
            && protocolEvent.Context is IDelivery delivery
            && delivery.Message?.MessageAnnotations?[AmqpNames.LockToken] is Guid lockToken)
        {
            delivery.Tag = lockToken.ToByteArray();
        }
    }
}
