using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rongtong.Domain.Registry;

namespace Rongtong.Web.Tests.Infrastructure;

/// <summary>Small helpers for reading answers and checking problem details.</summary>
public static class Http
{
    public const string ProblemJson = "application/problem+json";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status and reads the body as JSON, showing the body when the status is not the expected one.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}: {text}");
        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the status, whose text names each of <paramref name="fields"/>; returns the problem.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        foreach (var field in fields)
        {
            Assert.True(NamesField(problem, field), $"the problem does not name '{field}': {problem}");
        }

        return problem;
    }

    /// <summary>A field is named when it is a key of <c>errors</c> or appears in the detail (binding failures name the parameter there).</summary>
    public static bool NamesField(JsonElement problem, string field)
    {
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
            && detail.GetString()!.Contains(field, StringComparison.OrdinalIgnoreCase);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: RongtongApp.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>A valid, random 统一社会信用代码 for a Hangzhou (西湖区) enterprise: the check character from the Domain.</summary>
    public static string NewUscc()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var body = "91330106" + new string([.. Enumerable.Range(0, 9).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)])]);
        return body + Uscc.CheckCharacter(body);
    }

    /// <summary>A code with the wrong check character.</summary>
    public static string BadUscc()
    {
        var good = NewUscc();
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var wrong = alphabet[(alphabet.IndexOf(good[^1], StringComparison.Ordinal) + 1) % alphabet.Length];
        return good[..^1] + wrong;
    }
}
