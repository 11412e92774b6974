using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;

namespace Rongtong.Web.Hosting;

/// <summary>
/// <c>Idempotency-Key</c> on API writes (INTERFACES.md): the first request with a key runs and its response
/// is kept; a repeat gets that same response; a repeat while the first is still in flight gets 409; the
/// same key with a different body gets 422. Keys are per user.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext context, StorageOptions storage, TimeProvider clock, IProblemDetailsService problems)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method) && !HttpMethods.IsPatch(request.Method) && !HttpMethods.IsDelete(request.Method)
            || !request.Path.StartsWithSegments("/api/v1")
            || !request.Headers.TryGetValue(Header, out var keys) || string.IsNullOrWhiteSpace(keys.ToString())
            || !Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            await next(context);
            return;
        }

        var key = keys.ToString();
        if (key.Length > 200)
        {
            await Problem(context, problems, StatusCodes.Status400BadRequest, "Idempotency-Key is longer than 200 characters");
            return;
        }

        request.EnableBuffering();
        string hash;
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = new byte[81920];
            int n;
            while ((n = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                sha.AppendData(buffer, 0, n);
            }

            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(request.Method + " " + request.Path + request.QueryString));
            hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        request.Body.Position = 0;
        await using var db = StorageRegistration.CreateContext(storage);
        // The key is claimed by inserting it: a first request (the common case) makes one round trip, not a look-up and
        // an insert. A key already there (a repeat, or a request racing this one) fails the unique index, and only then
        // is the first request's record read.
        var record = new IdempotencyRecord
        {
            Key = key, UserId = userId, Method = request.Method, Path = request.Path + request.QueryString, RequestHash = hash, CreatedAt = clock.GetUtcNow(),
        };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // The key was there first: replay what it answered (or say it is in flight). No record means the insert failed
            // for another reason, which is not this middleware's to hide.
            db.ChangeTracker.Clear();
            var first = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, context.RequestAborted);
            if (first is null)
            {
                throw;
            }

            await Replay(context, problems, first, hash);
            return;
        }

        var original = context.Response.Body;
        await using var capture = new MemoryStream();
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        catch
        {
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode >= 500 || context.Response.StatusCode >= 400 && capture.Length == 0)
        {
            // A fault is not an answer: let the client retry with the same key. Nor is a bodiless refusal (404, 405,
            // a binding 400), whose problem details the status-code pages outside this middleware write: kept, it
            // would replay empty. A refusal wrote nothing, so its repeat runs again and is refused the same way.
            db.IdempotencyRecords.Remove(record);
        }
        else
        {
            record.StatusCode = context.Response.StatusCode;
            record.ContentType = context.Response.ContentType ?? "";
            record.Location = context.Response.Headers.Location.ToString();
            record.Body = capture.ToArray();
        }

        await db.SaveChangesAsync(CancellationToken.None);
        capture.Position = 0;
        await capture.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task Replay(HttpContext context, IProblemDetailsService problems, IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            await Problem(context, problems, StatusCodes.Status422UnprocessableEntity, "this Idempotency-Key was used for a different request");
            return;
        }

        if (record.StatusCode == 0)
        {
            await Problem(context, problems, StatusCodes.Status409Conflict, "a request with this Idempotency-Key is still in progress");
            return;
        }

        context.Response.StatusCode = record.StatusCode;
        if (record.ContentType.Length > 0)
        {
            context.Response.ContentType = record.ContentType;
        }

        if (record.Location.Length > 0)
        {
            context.Response.Headers.Location = record.Location;
        }

        context.Response.Headers["Idempotency-Replayed"] = "true";
        await context.Response.Body.WriteAsync(record.Body, context.RequestAborted);
    }

    private static async Task Problem(HttpContext context, IProblemDetailsService problems, int status, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = "Idempotency-Key", Detail = detail },
        });
    }
}
