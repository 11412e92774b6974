using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Identity;

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

        // The invited person sets a password with the invitation token (the static /account/accept page posts here).
        app.MapPost("/account/accept", async ([FromForm] string email, [FromForm] string token, [FromForm] string password, [FromForm] string confirm,
            InviteUser.AcceptHandler handler) =>
        {
            if (password != confirm)
            {
                return Results.LocalRedirect(AcceptPage(email, token, "mismatch"));
            }

            var errors = await handler.Handle(new InviteUser.Accept(email, token, password));
            return errors.Count == 0
                ? Results.LocalRedirect($"/login?accepted=1&email={Uri.EscapeDataString(email)}")
                : Results.LocalRedirect(AcceptPage(email, token, string.Join(" ", errors.Values.SelectMany(v => v))));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/account/language/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            var value = culture == "en" ? "en" : "zh-CN";
            context.Response.Cookies.Append("rongtong-lang", value, new CookieOptions { SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), HttpOnly = false });
            return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') ? "/" : returnUrl);
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static string AcceptPage(string email, string token, string error) =>
        $"/account/accept?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}&error={Uri.EscapeDataString(error)}";
}
