using System.Net;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary><c>Idempotency-Key</c> on writes: a repeat returns the first response, one in flight 409, a different body 422.</summary>
public abstract class IdempotencyTests(RongtongApp app)
{
    [Fact]
    public async Task TwoIdenticalPostsWithOneKey_CreateOneConsent_AndReturnTheSameBody()
    {
        using var client = await app.ClientAsync("enterprise1");
        var purpose = $"幂等 {Guid.NewGuid():N}";
        var body = await BodyAsync(purpose);
        var key = Guid.NewGuid().ToString();

        using var first = await client.PostJsonAsync("/api/v1/consents", body, key);
        using var second = await client.PostJsonAsync("/api/v1/consents", body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.NotNull(first.Headers.Location);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await CountAsync(client, purpose));
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBody_Is422_AndWritesNothing()
    {
        using var client = await app.ClientAsync("enterprise1");
        var purpose = $"幂等 {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        using var first = await client.PostJsonAsync("/api/v1/consents", await BodyAsync(purpose), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var other = await client.PostJsonAsync("/api/v1/consents", await BodyAsync(purpose + " 另一个"), key);

        await other.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await CountAsync(client, purpose));
        Assert.Equal(0, await CountAsync(client, purpose + " 另一个"));
    }

    [Fact]
    public async Task KeysBelongToTheUser_SoAnotherUsersSameKeyIsItsOwnRequest()
    {
        using var one = await app.ClientAsync("enterprise1");
        using var two = await app.ClientAsync("enterprise2");
        var purpose = $"幂等 {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        using var first = await one.PostJsonAsync("/api/v1/consents", await BodyAsync(purpose), key);
        using var second = await two.PostJsonAsync("/api/v1/consents", await BodyAsync(purpose), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(1, await CountAsync(one, purpose));
        Assert.Equal(1, await CountAsync(two, purpose));
    }

    [Fact]
    public async Task ConcurrentDuplicatesInFlight_Get409OrTheReplay_AndWriteOnce()
    {
        using var client = await app.ClientAsync("enterprise1");
        var purpose = $"并发 {Guid.NewGuid():N}";
        var body = await BodyAsync(purpose);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostJsonAsync("/api/v1/consents", body, key)));
        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.Conflict, $"statuses: {string.Join(", ", statuses)}"));
            Assert.Contains(HttpStatusCode.Created, statuses);
            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            Assert.Single(created, r => !r.Headers.Contains("Idempotency-Replayed"));
            var bodies = await Task.WhenAll(created.Select(r => r.Content.ReadAsStringAsync()));
            Assert.Single(bodies.Distinct(StringComparer.Ordinal));
            foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                await conflict.ExpectProblemAsync(HttpStatusCode.Conflict);
            }

            Assert.Equal(1, await CountAsync(client, purpose));
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task ARefusedRequest_IsRefusedTheSameOnRepeat_AndWritesNothing()
    {
        using var client = await app.ClientAsync("enterprise1");
        var key = Guid.NewGuid().ToString();
        var body = new { granteeOrganisationId = await app.OrganisationIdAsync("HZ-FIN-REG"), scope = new[] { "registry" }, purpose = "给监管的授权", validUntil = "2023-12-31" };

        using var first = await client.PostJsonAsync("/api/v1/consents", body, key);
        using var second = await client.PostJsonAsync("/api/v1/consents", body, key);

        await first.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await second.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await CountAsync(client, "给监管的授权"));
    }

    [Theory]
    [InlineData("POST", "/api/v1/no-such-route", 404)]
    [InlineData("DELETE", "/api/v1/loans", 405)]
    [InlineData("POST", "/api/v1/consents/99999999/revoke", 404)]
    public async Task ARepeatedBodilessRefusal_IsTheSameProblemAgain_NotAnEmptyReplay(string method, string url, int status)
    {
        using var client = await app.ClientAsync("enterprise1");
        var key = Guid.NewGuid().ToString();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(Http.ProblemJson, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"\"status\":{status}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<object> BodyAsync(string purpose) =>
        new { granteeOrganisationId = await app.OrganisationIdAsync("BANK-2"), scope = new[] { "registry", "taxes" }, purpose, validUntil = "2023-12-31" };

    private static async Task<int> CountAsync(HttpClient client, string purpose)
    {
        var consents = await (await client.GetAsync("/api/v1/consents")).ExpectAsync(HttpStatusCode.OK);
        return consents.EnumerateArray().Count(c => c.GetProperty("purpose").GetString() == purpose);
    }
}

public sealed class SqliteIdempotencyTests(SqliteApp app) : IdempotencyTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresIdempotencyTests(PostgresApp app) : IdempotencyTests(app), IClassFixture<PostgresApp>;
