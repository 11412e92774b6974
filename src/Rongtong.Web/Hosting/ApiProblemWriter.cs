namespace Rongtong.Web.Hosting;

/// <summary>
/// Problem details for an API caller whatever its <c>Accept</c> header names: the contract makes every API error
/// <c>application/problem+json</c>. The framework's writer, asked first, declines when <c>Accept</c> names no JSON type
/// (a browser's <c>text/html</c>); for <c>/api</c> paths this one then asks it again as if the caller had accepted
/// problem details, so the answer has the same shape (type, trace id, customisation) a JSON caller gets — for
/// exceptions, validation and the status-code pages' 401, 403, 404 and 405 alike. Other paths (the UI) keep the
/// framework's plain answer.
/// </summary>
public sealed class ApiProblemWriter : IProblemDetailsWriter
{
    private static readonly object Asked = new();

    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.Request.Path.StartsWithSegments("/api") && !context.HttpContext.Items.ContainsKey(Asked);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        http.Items[Asked] = true; // once: should the framework's writer decline again, nothing loops
        http.Request.Headers.Accept = "application/problem+json";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(context);
    }

    /// <summary>
    /// Names the fields of a validation problem as the API spells them (INTERFACES.md: camelCase): the validation of
    /// request records keys its errors by the C# property (<c>EnterpriseId</c>), the JSON reader by the JSON name
    /// (<c>enterpriseId</c>). Each dotted part of a key is camel-cased, so <c>Items[0].Name</c> is <c>items[0].name</c>.
    /// </summary>
    public static void CamelCaseErrors(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem is not HttpValidationProblemDetails validation)
        {
            return;
        }

        var named = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in validation.Errors)
        {
            var camel = string.Join('.', key.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) ? char.ToLowerInvariant(part[0]) + part[1..] : part));
            named[camel] = named.TryGetValue(camel, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        validation.Errors.Clear();
        foreach (var (key, messages) in named)
        {
            validation.Errors[key] = messages;
        }
    }
}
