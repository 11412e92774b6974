using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Rongtong.Web.Hosting;

/// <summary>
/// Problem details for an API caller whatever its <c>Accept</c> header names: the contract makes every API error
/// <c>application/problem+json</c>. The framework's writer, asked first, declines when <c>Accept</c> names no JSON type
/// (a browser's <c>text/html</c>); this one then writes for <c>/api</c> paths — exceptions, validation, and the
/// status-code pages' 401, 403, 404 and 405 alike. Other paths (the UI) keep the framework's plain answer.
/// </summary>
public sealed class ApiProblemWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/api");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }
}
