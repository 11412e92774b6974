namespace Rongtong.Application.Data;

/// <summary>The business date (营业日期), set by the regulator; every workflow reads it, never the wall clock.</summary>
public sealed class BusinessDateSetting
{
    public int Id { get; set; } = 1;

    public DateOnly BusinessDate { get; set; }

    public Guid? SetBy { get; set; }

    public DateTimeOffset SetAt { get; set; }

    public int Version { get; set; }
}

/// <summary>An import of a registry or tax feed, with its progress and counts.</summary>
public sealed class ImportBatch
{
    public Guid Id { get; set; }

    public required string Kind { get; set; }

    public required string FileName { get; set; }

    public Guid? UserId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>running</c>, <c>done</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "running";

    public int TotalRows { get; set; }

    public int ProcessedRows { get; set; }

    /// <summary>Share of the file read so far, 0–100.</summary>
    public int Percent { get; set; }

    public int Inserted { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Failed { get; set; }

    public string Message { get; set; } = "";

    public int Version { get; set; }
}

/// <summary>One rejected row of an import: where and why. Valid rows around it are imported.</summary>
public sealed class ImportError
{
    public long Id { get; set; }

    public Guid ImportId { get; set; }

    public int Line { get; set; }

    public string Column { get; set; } = "";

    public required string Message { get; set; }
}

/// <summary>
/// An append-only, hash-chained record of a write: who, for which organisation, when, what, before and
/// after. It is written in the same transaction as the write; the <see cref="Infrastructure.AuditChainer"/>
/// then gives it the next <see cref="Sequence"/> and a hash over its content and the previous hash, so an
/// edit or a deletion anywhere breaks the chain from there on (<c>rongtong audit verify</c>).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Position in the chain (1, 2, …); null until chained.</summary>
    public long? Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? UserId { get; set; }

    public Guid? OrganisationId { get; set; }

    public required string Action { get; set; }

    public required string Entity { get; set; }

    public required string EntityKey { get; set; }

    public string Before { get; set; } = "";

    public string After { get; set; } = "";

    /// <summary>
    /// SHA-256 of the entry's content (when, who, what, before, after), computed as it is written; the chain hash
    /// then covers it. Empty for entries written before this column existed: their chain hash covers the content itself.
    /// </summary>
    public string ContentHash { get; set; } = "";

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}

/// <summary>A write seen with an <c>Idempotency-Key</c>: a repeat gets the first response, one in flight gets 409.</summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public Guid UserId { get; set; }

    public required string Method { get; set; }

    public required string Path { get; set; }

    public required string RequestHash { get; set; }

    /// <summary>0 while in flight, else the HTTP status of the first response.</summary>
    public int StatusCode { get; set; }

    public string ContentType { get; set; } = "";

    /// <summary>The first response's <c>Location</c> header (a 201's), replayed with it; empty when it had none.</summary>
    public string Location { get; set; } = "";

    public byte[] Body { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
