using System.Text;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>JSON bodies go through one binder (<c>RequestBody</c> + <c>RequestBinder.Json/OptionalJson</c>): an empty
/// optional body means defaults, a malformed or oversized one is a 400 naming where, and an unauthenticated caller gets
/// 401 whatever it sent.</summary>
[Collection(BackendGroup.Name)]
public sealed class RequestBodyTests(BackendFixture backend)
{
    private static Task<TestResponse> CreateKey(TestApp app, byte[] body, bool anonymous = false) =>
        app.CallAsync(TestApp.Request("POST", "/api/admin/tenants/contoso/collector-keys", body: body, anonymous: anonymous), r => app.AccessApi.CreateCollectorKeyAsync(r, "contoso"));

    [Fact]
    public async Task A_collector_key_with_an_empty_body_is_issued_for_every_environment()
    {
        await using var app = await TestApp.StartAsync(backend);

        var created = await CreateKey(app, []);

        Assert.Equal(201, created.Status);
        Assert.Equal(0, created.Json.GetProperty("environmentIds").GetArrayLength());
    }

    [Theory]
    [InlineData("{not json", "$", "is not valid JSON for this request")]
    [InlineData("{\"environmentIds\":\"hq\"}", "$.environmentIds", "is not valid JSON for this request")]
    public async Task A_malformed_collector_key_body_is_a_400_naming_where(string body, string path, string message)
    {
        await using var app = await TestApp.StartAsync(backend);

        var response = await CreateKey(app, Encoding.UTF8.GetBytes(body));

        Assert.Equal(400, response.Status);
        Assert.Contains(response.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == path && e.GetProperty("message").GetString() == message);
    }

    [Fact]
    public async Task An_oversized_collector_key_body_is_a_400_and_an_unauthenticated_one_a_401()
    {
        await using var app = await TestApp.StartAsync(backend);
        var oversized = Encoding.UTF8.GetBytes("{\"description\":\"" + new string('x', 20 * 1024) + "\"}");

        var response = await CreateKey(app, oversized);
        Assert.Equal(400, response.Status);
        Assert.Contains(response.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("message").GetString() == "the request body exceeds 16384 bytes");

        Assert.Equal(401, (await CreateKey(app, Encoding.UTF8.GetBytes("{not json"), anonymous: true)).Status);
    }
}
