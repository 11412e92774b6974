namespace Rongtong.Application.Data;

/// <summary>
/// Who is asking, as the storage sees it. Every query of an <see cref="AppDbContext"/> is filtered by it
/// (global query filters), so no endpoint can forget isolation: a bank sees only enterprises that
/// consented to it, an enterprise only itself, the regulator everything.
/// </summary>
public sealed record Viewer(Guid? UserId, Guid? OrganisationId, OrganisationKind? Kind, long? EnterpriseId, DateOnly BusinessDate)
{
    /// <summary>Batch jobs, migrations and the CLI: no filter.</summary>
    public static Viewer System(DateOnly businessDate) => new(null, null, null, null, businessDate);

    /// <summary>The system and the regulator read everything.</summary>
    public bool SeesAll => Kind is null || Kind == OrganisationKind.Regulator;

    /// <summary>The user's roles in the organisation (maker, checker, admin, viewer).</summary>
    public IReadOnlySet<string> Roles { get; init; } = new HashSet<string>();

    /// <summary>The system may do anything; a person needs the role.</summary>
    public bool HasRole(string role) => Kind is null || Roles.Contains(role);
}
