using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace VmmAssess.Testing.ServiceBus.Protocol;

/// <summary>
/// The claims-based-security node. The client puts a SAS token (application properties operation=put-token,
/// type, name=audience, expiration) before attaching every link; the host accepts any token.
/// </summary>
internal sealed class CbsRequestProcessor(ServiceBusTestHost host) : IRequestProcessor
{
    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        host.Trace($"$cbs {requestContext.Message.ApplicationProperties?["operation"]} {requestContext.Message.ApplicationProperties?["name"]}");
        requestContext.Complete(new Message
        {
            // The client casts status-code to int.
            ApplicationProperties = new ApplicationProperties
            {
                ["status-code"] = 202,
                ["status-description"] = "Accepted",
            },
        });
    }
}
