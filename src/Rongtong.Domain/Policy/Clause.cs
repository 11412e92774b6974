namespace Rongtong.Domain.Policy;

/// <summary>
/// A clause of the policy document: its own number (一, 二(三), 三(二) …) and the words quoted from it
/// that a rule or parameter rests on. Every decision the platform makes carries one.
/// </summary>
public sealed record Clause(string Number, string Quote)
{
    public override string ToString() => $"{Number}「{Quote}」";
}
