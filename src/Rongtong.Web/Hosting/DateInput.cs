using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Rongtong.Domain.Calendar;

namespace Rongtong.Web.Hosting;

/// <summary>
/// Dates that come in over HTTP are held to the contract's form (<c>YYYY-MM-DD</c>) and to the platform's range
/// (<see cref="Dates.Earliest"/>–<see cref="Dates.Latest"/>), wherever they are: in a JSON body (the converter, whose
/// error names the field through <see cref="ErrorHandling"/>), or in the query or route (the endpoint filter, which
/// answers a validation problem naming the parameter). Without it a year-9999 disbursement date reached the rules'
/// date sums and answered 500.
/// </summary>
public sealed class DateInput : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a date is a string in the form YYYY-MM-DD");
        }

        return Dates.TryParse(reader.GetString(), out var date, out var error) ? date : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToText());

    /// <summary>For every endpoint with <see cref="DateOnly"/> parameters: refuses the call when one is not <c>YYYY-MM-DD</c> or is out of range.</summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // Dates from the query or the route only (a body's dates go through the converter), under the name they are bound by.
        var dates = context.MethodInfo.GetParameters()
            .Where(p => (p.ParameterType == typeof(DateOnly) || p.ParameterType == typeof(DateOnly?))
                && !p.GetCustomAttributes(true).Any(a => a is IFromBodyMetadata or IFromHeaderMetadata or IFromFormMetadata or IFromServiceMetadata))
            .Select(p => p.GetCustomAttributes(true).Select(a => a switch
            {
                IFromQueryMetadata q => q.Name,
                IFromRouteMetadata r => r.Name,
                _ => null,
            }).FirstOrDefault(n => n is not null) ?? p.Name ?? "date")
            .ToArray();
        if (dates.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            Dictionary<string, string[]>? errors = null;
            var request = invocation.HttpContext.Request;
            foreach (var name in dates)
            {
                // The binder reads any form DateOnly.TryParse takes (" 2023-1-1", "01/07/2023" as 7 January): the text
                // it bound must be the contract's YYYY-MM-DD, in range (Dates.TryParse checks both). An empty one is the
                // binder's to judge.
                var text = request.RouteValues.TryGetValue(name, out var routed) ? routed?.ToString()
                    : request.Query.TryGetValue(name, out var queried) ? queried.ToString() : null;
                if (!string.IsNullOrEmpty(text) && !Dates.TryParse(text, out _, out var error))
                {
                    (errors ??= [])[name] = [error];
                }
            }

            return errors is null ? await next(invocation) : TypedResults.ValidationProblem(errors);
        };
    }
}
