using System.Collections.Concurrent;
using Rongtong.Application.Data;

namespace Rongtong.Application.Infrastructure;

/// <summary>
/// An EF Core compiled query (<c>EF.CompileAsyncQuery</c>) for hot paths, kept per context type: a compiled
/// query binds to the model it first runs on, and the platform has two (SQLite and PostgreSQL), which one
/// process — the tests — may use side by side.
/// </summary>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : Delegate
{
    private readonly ConcurrentDictionary<Type, TDelegate> _byContext = new();

    public TDelegate For(AppDbContext db) => _byContext.GetOrAdd(db.GetType(), _ => compile());
}
