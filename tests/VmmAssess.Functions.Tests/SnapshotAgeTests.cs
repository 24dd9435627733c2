using Microsoft.Extensions.Time.Testing;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>The read API says how old a snapshot is when it is read, and flags it past 30 days (the engine has no clock).</summary>
[Collection(BackendGroup.Name)]
public sealed class SnapshotAgeTests(BackendFixture backend)
{
    [Theory]
    [InlineData(40, 40.0, true)]
    [InlineData(3, 3.0, false)]
    public async Task Readiness_and_assessment_answers_carry_the_snapshots_age_at_reading(int daysOld, double expectedDays, bool stale)
    {
        var now = DateTimeOffset.UtcNow;
        await using var app = await TestApp.StartAsync(backend, time: new FakeTimeProvider(now));
        var snapshot = Snapshots.Create("contoso", "hq", collectedAt: now.AddDays(-daysOld));
        await app.ProcessAsync(Snapshots.Bytes(snapshot), TriggerData.For("m1", "application/json", enqueuedTime: now.AddDays(-daysOld).AddMinutes(5)));

        var readiness = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/environments/hq/readiness"), r => app.ReadinessApi.GetEnvironmentReadinessAsync(r, "contoso", "hq"));
        var id = Snapshots.Id(snapshot).ToString();
        var assessment = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{id}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", id));

        foreach (var answer in new[] { readiness, assessment })
        {
            Assert.Equal(200, answer.Status);
            Assert.Equal(expectedDays, answer.Json.GetProperty("snapshotAgeDays").GetDouble());
            Assert.Equal(stale, answer.Json.GetProperty("snapshotStale").GetBoolean());
        }
    }
}
