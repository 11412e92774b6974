using Microsoft.AspNetCore.Identity;

namespace Rongtong.Application.Data;

/// <summary>A person; belongs to one organisation and holds roles within it.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public Guid OrganisationId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>Preferred UI language: <c>zh-CN</c> (default) or <c>en</c>.</summary>
    public string Language { get; set; } = "zh-CN";
}

/// <summary>Roles inside an organisation.</summary>
public static class Roles
{
    /// <summary>Prepares and submits work (经办).</summary>
    public const string Maker = "maker";

    /// <summary>Reviews and approves others' work (复核); never their own.</summary>
    public const string Checker = "checker";

    /// <summary>Manages the organisation's users.</summary>
    public const string Admin = "admin";

    /// <summary>Reads only.</summary>
    public const string Viewer = "viewer";

    public static readonly string[] All = [Maker, Checker, Admin, Viewer];
}
