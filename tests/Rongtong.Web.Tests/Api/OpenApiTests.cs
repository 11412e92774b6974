using System.Net;
using System.Text.Json;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>The OpenAPI document, the Scalar reference and the health check answer without sign-in.</summary>
public abstract class OpenApiTests(RongtongApp app)
{
    [Fact]
    public async Task TheOpenApiDocument_IsJsonWithTheApiPaths()
    {
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/openapi/v1.json");

        var document = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/auth/login", paths);
        Assert.Contains("/api/v1/enterprises/{id}", paths);
        Assert.Contains("/api/v1/policy/split", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheScalarReference_Answers200WithAPage()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

        using var response = await client.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Rongtong", page, StringComparison.Ordinal);
        Assert.Contains("scalar", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheHealthCheck_Answers200WhenTheDatabaseAnswers()
    {
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EveryOperation_HasASummaryAndATag()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                Assert.True(operation.Value.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 0, $"{operation.Name} {path.Name} has no summary");
                Assert.True(operation.Value.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{operation.Name} {path.Name} has no tag");
            }
        }
    }
}

public sealed class SqliteOpenApiTests(SqliteApp app) : OpenApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresOpenApiTests(PostgresApp app) : OpenApiTests(app), IClassFixture<PostgresApp>;
