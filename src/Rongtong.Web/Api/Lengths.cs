namespace Rongtong.Web.Api;

/// <summary>
/// The longest text the API takes in a field, by kind: a reference or code, a name, free text (notes,
/// justifications, purposes). Longer input is refused by name instead of stored (a 100 KB loan reference was).
/// </summary>
public static class Lengths
{
    public const int Code = 64;
    public const int Name = 200;
    public const int Text = 2000;
}
