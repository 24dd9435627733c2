namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>Typed ids for tests: <c>T("contoso")</c>, <c>E("hq")</c>.</summary>
internal static class Ids
{
    public static TenantId T(string tenantId) => TenantId.Parse(tenantId);

    public static EnvironmentId E(string environmentId) => EnvironmentId.Parse(environmentId);

    public static IdempotencyKey Key(string key) => IdempotencyKey.TryParse(key, out var k) ? k : throw new FormatException(key);
}

internal static class ServiceProviderExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services)
        where T : notnull => (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T)} is not registered."));
}
