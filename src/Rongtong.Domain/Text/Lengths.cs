namespace Rongtong.Domain.Text;

/// <summary>
/// The longest text the platform takes in a field, by kind: a reference or code, a name, free text (notes,
/// justifications, purposes) — over the API and in imported files alike. Longer input is refused by name
/// instead of stored (a 100 KB loan reference and a 2 MB enterprise name were).
/// </summary>
public static class Lengths
{
    public const int Code = 64;
    public const int Name = 200;
    public const int Text = 2000;
}
