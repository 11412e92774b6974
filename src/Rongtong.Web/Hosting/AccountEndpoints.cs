using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rongtong.Application.Data;

namespace Rongtong.Web.Hosting;

/// <summary>Cookie sign-in and sign-out for the browser UI (plain form posts, protected by antiforgery).</summary>
public static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async ([FromForm] string email, [FromForm] string password, [FromForm] string? returnUrl, SignInManager<AppUser> signIn) =>
        {
            var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') ? "/" : returnUrl);
            }

            var error = result.IsLockedOut ? "locked" : "invalid";
            return Results.LocalRedirect($"/login?error={error}&email={Uri.EscapeDataString(email)}");
        }).ExcludeFromDescription();

        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription();

        app.MapGet("/account/language/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            var value = culture == "en" ? "en" : "zh-CN";
            context.Response.Cookies.Append("rongtong-lang", value, new CookieOptions { SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), HttpOnly = false });
            return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') ? "/" : returnUrl);
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
