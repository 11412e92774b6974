using Microsoft.AspNetCore.Authorization;
using Rongtong.Application.Data;

namespace Rongtong.Web.Hosting;

/// <summary>Authorisation policies by organisation kind and role; every endpoint and page names one.</summary>
public static class Policies
{
    public const string Regulator = "regulator";
    public const string Bank = "bank";
    public const string Enterprise = "enterprise";
    public const string Guarantor = "guarantor";
    public const string Reguarantor = "reguarantor";
    public const string Admin = "admin";
    public const string SignedIn = "signed-in";

    public static void Add(AuthorizationOptions o)
    {
        o.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireClaim(RongtongClaims.Organisation));
        o.AddPolicy(Regulator, p => p.RequireAuthenticatedUser().RequireClaim(RongtongClaims.OrganisationKind, nameof(OrganisationKind.Regulator)));
        o.AddPolicy(Bank, p => p.RequireAuthenticatedUser().RequireClaim(RongtongClaims.OrganisationKind, nameof(OrganisationKind.Bank)));
        o.AddPolicy(Enterprise, p => p.RequireAuthenticatedUser().RequireClaim(RongtongClaims.OrganisationKind, nameof(OrganisationKind.Enterprise)));
        o.AddPolicy(Guarantor, p => p.RequireAuthenticatedUser().RequireClaim(RongtongClaims.OrganisationKind, nameof(OrganisationKind.Guarantor)));
        o.AddPolicy(Reguarantor, p => p.RequireAuthenticatedUser().RequireClaim(RongtongClaims.OrganisationKind, nameof(OrganisationKind.NationalFund), nameof(OrganisationKind.ProvincialReguarantor)));
        o.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireClaim(RongtongClaims.Organisation).RequireRole(Roles.Admin));
        o.FallbackPolicy = null;
    }
}
