using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Platform;

namespace Rongtong.Web.Hosting;

/// <summary>Claims the platform adds to every signed-in principal (cookie and bearer alike).</summary>
public static class RongtongClaims
{
    public const string Organisation = "rt:org";
    public const string OrganisationKind = "rt:org_kind";
    public const string Enterprise = "rt:enterprise";
}

/// <summary>
/// The viewer of the current scope (an HTTP request or a Blazor circuit), read by <see cref="AppDbContext"/>'s
/// query filters. Resolved from the principal's claims and the business date.
/// </summary>
public sealed class CurrentViewer
{
    public Viewer? Value { get; set; }

    public static Viewer? FromPrincipal(ClaimsPrincipal user, DateOnly businessDate)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var u) ? u : (Guid?)null;
        var org = Guid.TryParse(user.FindFirstValue(RongtongClaims.Organisation), out var o) ? o : (Guid?)null;
        var kind = Enum.TryParse<OrganisationKind>(user.FindFirstValue(RongtongClaims.OrganisationKind), out var k) ? k : (OrganisationKind?)null;
        var enterprise = long.TryParse(user.FindFirstValue(RongtongClaims.Enterprise), out var e) ? e : (long?)null;
        if (org is null || kind is null)
        {
            // A principal without an organisation sees nothing rather than everything.
            return new Viewer(id, Guid.Empty, OrganisationKind.Enterprise, -1, businessDate);
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Viewer(id, org, kind, enterprise, businessDate) { Roles = roles };
    }
}

/// <summary>Sets the request's viewer once authentication has run.</summary>
public sealed class ViewerMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentViewer current, AppDbContext db, TimeProvider clock)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var date = await SetBusinessDate.CurrentAsync(db, clock, context.RequestAborted);
            current.Value = CurrentViewer.FromPrincipal(context.User, date);
        }

        await next(context);
    }
}

/// <summary>
/// For interactive Blazor circuits (no HTTP request per action): sets the circuit's viewer from its
/// authentication state before a page touches the database.
/// </summary>
public sealed class CircuitViewer(CurrentViewer current, AuthenticationStateProvider auth, AppDbContext db, TimeProvider clock)
{
    public async Task<Viewer?> EnsureAsync()
    {
        if (current.Value is not null)
        {
            return current.Value;
        }

        var state = await auth.GetAuthenticationStateAsync();
        var date = await SetBusinessDate.CurrentAsync(db, clock);
        current.Value = CurrentViewer.FromPrincipal(state.User, date);
        return current.Value;
    }
}
