using Microsoft.Extensions.DependencyInjection;

namespace Rongtong.Application.Infrastructure;

/// <summary>Registers every use-case handler (the nested <c>*Handler</c> classes under <c>Features</c>) per scope.</summary>
public static class UseCases
{
    public static IServiceCollection AddRongtongUseCases(this IServiceCollection services)
    {
        var handlers = typeof(UseCases).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: true } && t.Name.EndsWith("Handler", StringComparison.Ordinal)
                && t.Namespace?.StartsWith("Rongtong.Application.Features", StringComparison.Ordinal) == true);
        foreach (var h in handlers)
        {
            services.AddScoped(h);
        }

        return services;
    }
}
