using Microsoft.AspNetCore.Identity;
using OpenTelemetry.Metrics;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Web.Api;
using Rongtong.Web.Components;
using Rongtong.Web.Hosting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var storage = StorageOptions.From(builder.Configuration);

if (builder.Configuration.GetValue("Logging:Json", false))
{
    builder.Logging.ClearProviders().AddJsonConsole();
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => PolicyStore.Load(builder.Configuration["Policy:Directory"] is { Length: > 0 } dir ? dir : PolicyStore.DefaultDirectory));
builder.Services.AddRongtongStorage(storage);
builder.Services.AddRongtongDataProtection(builder.Configuration);
builder.Services.AddScoped<CurrentViewer>();
builder.Services.AddScoped<CircuitViewer>();

// The context reads the viewer of its scope (request or circuit) at query time.
builder.Services.AddScoped(sp =>
{
    var db = storage.IsPostgres ? (AppDbContext)sp.GetRequiredService<PostgresAppDbContext>() : sp.GetRequiredService<SqliteAppDbContext>();
    var current = sp.GetRequiredService<CurrentViewer>();
    return db.ForScope(() => current.Value, sp.GetRequiredService<TimeProvider>());
});

builder.Services
    .AddIdentityCore<AppUser>(o =>
    {
        o.Password.RequiredLength = 10;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireNonAlphanumeric = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = true;
    })
    .AddRoles<IdentityRole<Guid>>()
    .AddEntityFrameworkStores<AppDbContext>()
    .AddSignInManager()
    .AddClaimsPrincipalFactory<ClaimsFactory>()
    .AddDefaultTokenProviders();

const string Smart = "cookie-or-bearer";
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = Smart;
        o.DefaultChallengeScheme = Smart;
    })
    .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = ctx =>
        ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
    .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8))
    .AddIdentityCookies(o => o.ApplicationCookie?.Configure(c =>
    {
        c.LoginPath = "/login";
        c.AccessDeniedPath = "/denied";
        c.Cookie.Name = "rongtong";
        c.Cookie.SameSite = SameSiteMode.Strict;
        c.Cookie.HttpOnly = true;
        c.ExpireTimeSpan = TimeSpan.FromHours(8);
        c.Events.OnRedirectToLogin = ctx => ApiAware(ctx.HttpContext, StatusCodes.Status401Unauthorized, () => ctx.Response.Redirect(ctx.RedirectUri));
        c.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx.HttpContext, StatusCodes.Status403Forbidden, () => ctx.Response.Redirect(ctx.RedirectUri));
    }));
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddCascadingAuthenticationState();

builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx => ApiProblemWriter.CamelCaseErrors(ctx.ProblemDetails));
builder.Services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>(); // after the framework's writer: asked only when it declines
// An unreadable body or parameter throws in every environment (by default only in Development), so ErrorHandling
// answers it with the field and the reason instead of a bare 400.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new DateInput());
    o.SerializerOptions.AllowDuplicateProperties = false; // {"amount":"1.00","amount":"9.00"} is ambiguous, not the last one's
});
builder.Services.AddExceptionHandler<ErrorHandling>();
builder.Services.AddValidation();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Rongtong 融通 API";
    doc.Info.Description = "杭政办函〔2021〕20号 — the platform's HTTP API. Money is yuan with two decimals; dates YYYY-MM-DD.";
    return Task.CompletedTask;
}));
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter("Rongtong").AddPrometheusExporter());

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddAntDesign();
builder.Services.AddSingleton<ImportJobs>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportJobs>());
builder.Services.AddHostedService<CreditSchedule>();
builder.Services.AddHostedService<Housekeeping>();

// Use cases: one class each, resolved per scope.
builder.Services.AddRongtongUseCases();

var app = builder.Build();

await Startup.PrepareDatabaseAsync(app.Services, app.Logger);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseMiddleware<ViewerMiddleware>();
app.UseAuthorization();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAntiforgery();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/scalar", o => o.WithTitle("Rongtong 融通 API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapPrometheusScrapingEndpoint("/metrics");

// Every endpoint holds the dates of its query and route to the platform's range (DateInput).
var endpoints = app.MapGroup("").AddEndpointFilterFactory(DateInput.Filter);
AuthApi.Map(endpoints);
PlatformApi.Map(endpoints);
PolicyApi.Map(endpoints);
RegistryApi.Map(endpoints);
ConsentApi.Map(endpoints);
UsersApi.Map(endpoints);
GuaranteesApi.Map(endpoints);
CreditApi.Map(endpoints);
AccountEndpoints.Map(endpoints);

app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
    {
        Console.WriteLine($"Rongtong 融通 is running at {url}  (database: {storage.Provider})");
    }
});

await app.RunAsync();

static Task ApiAware(HttpContext context, int status, Action redirect)
{
    if (context.Request.Path.StartsWithSegments("/api"))
    {
        context.Response.StatusCode = status;
    }
    else
    {
        redirect();
    }

    return Task.CompletedTask;
}

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
