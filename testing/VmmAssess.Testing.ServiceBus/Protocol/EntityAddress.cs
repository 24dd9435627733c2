namespace VmmAssess.Testing.ServiceBus.Protocol;

/// <summary>
/// A link address as the client sends it: <c>/orders</c> (send and receive links), <c>/orders/$DeadLetterQueue</c>,
/// <c>orders/$management</c> or <c>orders/$DeadLetterQueue/$management</c> (management), or an absolute
/// <c>amqp://host/orders</c> form.
/// </summary>
internal readonly record struct EntityAddress(string QueueName, bool IsDeadLetterQueue, bool IsManagement)
{
    public static bool TryParse(string? address, out EntityAddress entity)
    {
        entity = default;
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var path = address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? uri.AbsolutePath
            : address;
        path = Uri.UnescapeDataString(path).Trim('/');

        var isManagement = path.EndsWith(AmqpNames.ManagementSuffix, StringComparison.OrdinalIgnoreCase);
        if (isManagement)
        {
            path = path[..^AmqpNames.ManagementSuffix.Length];
        }

        var isDeadLetterQueue = path.EndsWith(AmqpNames.DeadLetterQueueSuffix, StringComparison.OrdinalIgnoreCase);
        if (isDeadLetterQueue)
        {
            path = path[..^AmqpNames.DeadLetterQueueSuffix.Length];
        }

        if (path.Length == 0 || path.Contains('$', StringComparison.Ordinal))
        {
            return false;
        }

        entity = new EntityAddress(path, isDeadLetterQueue, isManagement);
        return true;
    }
}
