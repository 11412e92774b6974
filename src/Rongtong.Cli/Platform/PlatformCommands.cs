using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Demo;
using Rongtong.Application.Features.Identity;
using Rongtong.Application.Features.Platform;
using Rongtong.Application.Infrastructure;

namespace Rongtong.Cli;

/// <summary><c>rongtong db migrate</c>: applies the pending migrations of the configured provider.</summary>
internal static class DatabaseCommands
{
    public sealed record Result(string Provider, IReadOnlyList<string> Applied, string? Current);

    public static Command Build(TimeProvider clock)
    {
        var database = new DatabaseOptions();
        var migrate = database.AddTo(new Command("migrate", "升级数据库结构 / Apply the pending migrations (SQLite or PostgreSQL)"));
        migrate.SetAction((parse, ct) => Cli.RunAsync(parse, async (stdout, stderr) =>
        {
            await using var platform = await PlatformServices.OpenAsync(parse, database, clock, requireMigrated: false, ct: ct);
            var db = platform.Db;
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await StorageRegistration.MigrateAsync(db, platform.Catalog, ct);
            var current = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
            await stderr.WriteLineAsync(pending.Count == 0 ? $"{platform.Storage.Provider}: up to date at {current}" : $"{platform.Storage.Provider}: applied {pending.Count} migration(s), now at {current}");
            CliSupport.WriteJson(new Result(platform.Storage.Provider, pending, current), stdout);
            return ExitCodes.Done;
        }));

        var db = new Command("db", "数据库 / The platform's database");
        db.Subcommands.Add(migrate);
        return db;
    }
}

/// <summary><c>rongtong audit verify</c>: walks the hash-chained audit log; exit 0 intact, 1 broken.</summary>
internal static class AuditCommands
{
    public static Command Build(TimeProvider clock)
    {
        var database = new DatabaseOptions();
        var verify = database.AddTo(new Command("verify", "校验审计日志哈希链 / Verify the audit log's hash chain (exit 0 intact, 1 broken)"));
        verify.SetAction((parse, ct) => Cli.RunAsync(parse, async (stdout, stderr) =>
        {
            await using var platform = await PlatformServices.OpenAsync(parse, database, clock, ct: ct);
            var result = await new VerifyAudit.Handler(platform.Db).Handle(ct);
            await stderr.WriteLineAsync(result.Message);
            CliSupport.WriteJson(result, stdout);
            return result.Intact ? ExitCodes.Done : ExitCodes.No;
        }));

        var audit = new Command("audit", "审计日志 / The audit log");
        audit.Subcommands.Add(verify);
        return audit;
    }
}

/// <summary>
/// <c>rongtong demo seed [--enterprises N] [--seed S]</c>: the demo world of INTERFACES.md on any migrated
/// database; refused (exit 1) when the database already holds organisations.
/// </summary>
internal static class DemoCommands
{
    public sealed record Result(bool Seeded, string Message);

    public static Command Build(TimeProvider clock)
    {
        var database = new DatabaseOptions();
        var enterprises = new Option<int>("--enterprises") { Description = "Synthetic enterprises to generate (default 5000)", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed (default 20210329)", DefaultValueFactory = _ => 20210329 };
        var command = database.AddTo(new Command("seed", "演示数据 / Seed the demo organisations, accounts and synthetic registry") { enterprises, seed });
        command.SetAction((parse, ct) => Cli.RunAsync(parse, async (stdout, stderr) =>
        {
            var count = parse.GetValue(enterprises);
            if (count is < 1 or > 10_000_000)
            {
                throw new UsageException($"--enterprises: {count} is not between 1 and 10000000");
            }

            await using var platform = await PlatformServices.OpenAsync(parse, database, clock, ct: ct);
            if (await platform.Db.Organisations.AnyAsync(ct))
            {
                var refused = new Result(false, "the database already holds organisations; nothing seeded");
                await stderr.WriteLineAsync(refused.Message);
                CliSupport.WriteJson(refused, stdout);
                return ExitCodes.No;
            }

            var handler = new SeedDemo.Handler(platform.Db, platform.Get<UserManager<AppUser>>(), platform.Get<RoleManager<IdentityRole<Guid>>>(), platform.Catalog, clock);
            var message = await ProgressBars.RunAsync(stderr, ["认定 determinations"], bars => handler.Handle(new SeedDemo.Command(count, parse.GetValue(seed)), bars[0], ct));
            await stderr.WriteLineAsync(message);
            CliSupport.WriteJson(new Result(true, message), stdout);
            return ExitCodes.Done;
        }));

        var demo = new Command("demo", "演示 / The demo world");
        demo.Subcommands.Add(command);
        return demo;
    }
}

/// <summary>
/// <c>rongtong users create-admin --email E --organisation-code C --organisation-name N</c>: the first
/// regulator admin of a production database, which seeds nothing and has no default passwords. Creates
/// the regulator organisation when absent and prints a one-time invitation token; the person sets a
/// password with it at <c>/account/accept</c> (or <c>POST /api/v1/users/accept</c>).
/// </summary>
internal static class UserCommands
{
    public sealed record Result(Guid UserId, string Email, Guid OrganisationId, string OrganisationCode, bool OrganisationCreated, string Token, string AcceptPath);

    public static Command Build(TimeProvider clock)
    {
        var database = new DatabaseOptions();
        var email = new Option<string>("--email") { Description = "The admin's e-mail (login name)", Required = true };
        var code = new Option<string>("--organisation-code") { Description = "The regulator organisation's short code, e.g. HZ-FIN-REG", Required = true };
        var name = new Option<string>("--organisation-name") { Description = "Its name, e.g. 杭州市地方金融监督管理局", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "The person's display name (default the part of the e-mail before @)" };
        var command = database.AddTo(new Command("create-admin", "创建首个监管管理员 / Create the first regulator admin and print a one-time invitation token")
        {
            email, code, name, displayName,
        });
        command.SetAction((parse, ct) => Cli.RunAsync(parse, async (stdout, stderr) =>
        {
            var address = parse.GetValue(email)!.Trim();
            var at = address.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1 || address.Any(char.IsWhiteSpace))
            {
                throw new UsageException($"--email: '{address}' is not an e-mail address");
            }

            var orgCode = parse.GetValue(code)!.Trim();
            var orgName = parse.GetValue(name)!.Trim();
            if (orgCode.Length is 0 or > 64 || orgName.Length is 0 or > 200)
            {
                throw new UsageException("--organisation-code (1–64 characters) and --organisation-name (1–200 characters) must not be empty");
            }

            await using var platform = await PlatformServices.OpenAsync(parse, database, clock, ct: ct);
            var db = platform.Db;
            var org = await db.Organisations.FirstOrDefaultAsync(o => o.Code == orgCode, ct);
            var created = false;
            if (org is null)
            {
                org = new Organisation { Id = Guid.CreateVersion7(), Code = orgCode, Kind = OrganisationKind.Regulator, Name = orgName };
                db.Organisations.Add(org);
                created = true;
            }
            else if (org.Kind != OrganisationKind.Regulator)
            {
                throw new Domain.DomainException("NOT_REGULATOR", $"organisation {orgCode} is a {org.Kind}, not the regulator; its admins are invited from the platform");
            }

            var roles = platform.Get<RoleManager<IdentityRole<Guid>>>();
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    var r = await roles.CreateAsync(new IdentityRole<Guid>(role));
                    if (!r.Succeeded)
                    {
                        throw new Domain.DomainException("ROLE_INVALID", string.Join("; ", r.Errors.Select(e => e.Description)));
                    }
                }
            }

            await db.SaveChangesAsync(ct);

            // The invitation is the platform's own use case, run as the regulator organisation's system actor.
            db.Viewer = new Viewer(null, org.Id, OrganisationKind.Regulator, null, await SetBusinessDate.CurrentAsync(db, clock, ct));
            var invitation = await new InviteUser.Handler(db, platform.Get<UserManager<AppUser>>())
                .Handle(new InviteUser.Command(address, parse.GetValue(displayName) ?? address[..at], [Roles.Admin]), ct);
            await stderr.WriteLineAsync($"{(created ? "created" : "found")} regulator organisation {orgCode}; invited {address} as admin. "
                + "The token works once, for one day: set a password at /account/accept or POST /api/v1/users/accept.");
            CliSupport.WriteJson(new Result(invitation.UserId, invitation.Email, org.Id, org.Code, created, invitation.Token, invitation.AcceptPath), stdout);
            return ExitCodes.Done;
        }));

        var users = new Command("users", "用户 / People on the platform");
        users.Subcommands.Add(command);
        return users;
    }
}
