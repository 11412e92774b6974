using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Rongtong.Application.Infrastructure;

/// <summary>
/// The data-protection key ring that signs cookies, bearer tokens and invitation tokens. Every process of
/// one installation (web nodes, the <c>rongtong</c> CLI) must share it, so a token one issues another
/// accepts: one application name and one key folder.
/// </summary>
public static class Keys
{
    public const string ApplicationName = "Rongtong";

    /// <summary><c>DataProtection:KeysFolder</c>, else <c>keys</c> in <c>Storage:DataFolder</c> (default <c>./data</c>).</summary>
    public static string Folder(IConfiguration configuration) =>
        configuration["DataProtection:KeysFolder"] is { Length: > 0 } k
            ? k
            : Path.Combine(configuration["Storage:DataFolder"] is { Length: > 0 } f ? f : Path.Combine(Directory.GetCurrentDirectory(), "data"), "keys");

    public static IServiceCollection AddRongtongDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        // The folder is created when the first key is written.
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToFileSystem(new DirectoryInfo(Folder(configuration)));
        return services;
    }
}
