using System.Text.Json;

namespace Rongtong.Web.Tests.Infrastructure;

/// <summary>One operation of the OpenAPI document, with the first media type its request body accepts (if any).</summary>
public sealed record Endpoint(string Method, string Path, string? BodyType, IReadOnlyDictionary<string, string> PathParameters)
{
    /// <summary>The path with every parameter replaced by a well-formed stand-in of its type (a GUID or a number).</summary>
    public string Sample() => OpenApi.Fill(Path, name => PathParameters.GetValueOrDefault(name) == "uuid" ? Guid.Empty.ToString() : "1");

    /// <summary>A request for the operation with <paramref name="path"/> and, when it takes a body, <paramref name="body"/> in its media type.</summary>
    public HttpRequestMessage Request(string path, string? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), path);
        if (BodyType is not null || body is not null)
        {
            request.Content = new StringContent(body ?? "{}", System.Text.Encoding.UTF8, BodyType ?? "application/json");
        }

        return request;
    }

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Reads the operations of <c>/openapi/v1.json</c>.</summary>
public static class OpenApi
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static async Task<IReadOnlyList<Endpoint>> EndpointsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var endpoints = new List<Endpoint>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var bodyType = operation.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(c => c.Name).FirstOrDefault()
                    : null;
                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                if (operation.Value.TryGetProperty("parameters", out var list))
                {
                    foreach (var p in list.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path"))
                    {
                        var schema = p.GetProperty("schema");
                        parameters[p.GetProperty("name").GetString()!] = schema.TryGetProperty("format", out var f) ? f.GetString()! : schema.TryGetProperty("type", out var t) ? t.ToString() : "";
                    }
                }

                endpoints.Add(new Endpoint(operation.Name.ToUpperInvariant(), path.Name, bodyType, parameters));
            }
        }

        return endpoints;
    }

    /// <summary>Replaces every <c>{parameter}</c> of a path template with the value <paramref name="value"/> gives for its name.</summary>
    public static string Fill(string template, Func<string, string> value) =>
        System.Text.RegularExpressions.Regex.Replace(template, "\\{([^}]+)\\}", m => value(m.Groups[1].Value));
}
