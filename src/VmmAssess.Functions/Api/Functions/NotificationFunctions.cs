using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Notifications;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>Operators manage webhook subscriptions (docs/notifications.md); every call is audited.</summary>
public sealed class NotificationFunctions(HttpEndpoint http, Subscriptions subscriptions)
{
    private const int MaxRequestBodyBytes = 16 * 1024;

    [Function("CreateSubscription")]
    public async Task<IResult> CreateSubscriptionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AdminSubscriptions)] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var body = await RequestBody.ReadAsync(req, MaxRequestBodyBytes).ConfigureAwait(false);
        return await http.CreatedAsync(
            req,
            Domain.Access.Operate,
            b =>
            {
                var request = b.OptionalJson(body, ApiJsonContext.Default.SubscriptionRequest) ?? new SubscriptionRequest(null, null, null, null);
                return (Request: request, Tenant: b.OptionalTenant("$.tenantId", request.TenantId), b.Caller);
            },
            async (a, ct) => CreatedSubscriptionResponse.From(await subscriptions.CreateAsync(a.Request.Endpoint, a.Request.EventTypes, a.Tenant, a.Request.Description, a.Caller.PrincipalId, ct).ConfigureAwait(false)),
            created => Routes.SubscriptionUrl(created.SubscriptionId),
            ApiJsonContext.Default.CreatedSubscriptionResponse).ConfigureAwait(false);
    }

    [Function("ListSubscriptions")]
    public Task<IResult> ListSubscriptionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AdminSubscriptions)] HttpRequest req) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            _ => true,
            async (_, ct) => new SubscriptionListResponse((await subscriptions.ListAsync(ct).ConfigureAwait(false)).Select(s => SubscriptionResponse.From(s)).ToArray()),
            ApiJsonContext.Default.SubscriptionListResponse);

    [Function("GetSubscription")]
    public Task<IResult> GetSubscriptionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AdminSubscription)] HttpRequest req,
        string subscriptionId) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => b.SubscriptionId(subscriptionId),
            async (id, ct) =>
            {
                var details = await subscriptions.GetAsync(id, ct).ConfigureAwait(false);
                return SubscriptionResponse.From(details.Subscription, details.LastDeliveries);
            },
            ApiJsonContext.Default.SubscriptionResponse);

    [Function("DeleteSubscription")]
    public Task<IResult> DeleteSubscriptionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.AdminSubscription)] HttpRequest req,
        string subscriptionId) =>
        http.NoContentAsync(req, Domain.Access.Operate, b => b.SubscriptionId(subscriptionId), subscriptions.DeleteAsync);

    [Function("PingSubscription")]
    public Task<IResult> PingSubscriptionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AdminSubscriptionPing)] HttpRequest req,
        string subscriptionId) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => b.SubscriptionId(subscriptionId),
            async (id, ct) => PingResponse.From(await subscriptions.PingAsync(id, ct).ConfigureAwait(false)),
            ApiJsonContext.Default.PingResponse);
}
