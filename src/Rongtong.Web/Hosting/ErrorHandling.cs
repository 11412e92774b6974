using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;

namespace Rongtong.Web.Hosting;

/// <summary>
/// The one place exceptions become RFC 9457 problem details: a broken rule is 422 (or 403/404/409 by its
/// code), bad input 400, a concurrent edit 409. Only real faults are 500.
/// </summary>
public sealed class ErrorHandling(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, code) = exception switch
        {
            DomainException d when d.Code == "FORBIDDEN" => (StatusCodes.Status403Forbidden, "Forbidden", d.Code),
            DomainException d when d.Code == "NOT_FOUND" => (StatusCodes.Status404NotFound, "Not found", d.Code),
            DomainException d when d.Code.EndsWith("CONFLICT", StringComparison.Ordinal) => (StatusCodes.Status409Conflict, "Conflict", d.Code),
            DomainException d => (StatusCodes.Status422UnprocessableEntity, "Rule not met", d.Code),
            TabularFormatException => (StatusCodes.Status400BadRequest, "Unreadable file", "BAD_FILE"),
            BadHttpRequestException b => (b.StatusCode, "Bad request", "BAD_REQUEST"),
            JsonException => (StatusCodes.Status400BadRequest, "Malformed JSON", "BAD_JSON"),
            FormatException => (StatusCodes.Status400BadRequest, "Bad value", "BAD_VALUE"),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "Changed by someone else; reload and retry", "CONCURRENCY_CONFLICT"),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = exception.Message,
            Type = $"https://rongtong.local/problems/{code.ToLowerInvariant().Replace('_', '-')}",
            Extensions = { ["code"] = code },
        };

        if (exception is DomainException { Errors: { } fields })
        {
            problem.Extensions["errors"] = fields;
        }

        // A body that is JSON but has a field of the wrong shape: name the field, as validation errors do.
        if (exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } path } json })
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [path.TrimStart('$', '.')] = [json.Message] };
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }
}
