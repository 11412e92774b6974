namespace Rongtong.Domain.Text;

/// <summary>
/// The longest text the platform takes in a field, by kind: a reference or code, a name, free text (notes,
/// justifications, purposes) — over the API and in imported files alike. Longer input is refused by name
/// instead of stored (a 100 KB loan reference and a 2 MB enterprise name were).
/// </summary>
public static class Lengths
{
    /// <summary>A reference or code: a loan's reference, a product code, a right's number.</summary>
    public const int Code = 64;

    /// <summary>A name: an enterprise's, a product's, a person's display name, a related group.</summary>
    public const int Name = 200;

    /// <summary>Free text: a note, a justification, a purpose, a reason.</summary>
    public const int Text = 2000;
}
