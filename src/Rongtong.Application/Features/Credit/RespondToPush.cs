using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;

namespace Rongtong.Application.Features.Credit;

/// <summary>
/// The bank answers a pushed demand: claim or decline (within 2 business days), then a credit decision,
/// grant or refuse (within 7). Every step is time-stamped for the bank evaluation (二(一)).
/// </summary>
public static class RespondToPush
{
    public enum Answer
    {
        Claim,
        Decline,
        Grant,
        Refuse,
    }

    public sealed record Command(long PushId, Answer Answer, string Note);

    public sealed class Handler(AppDbContext db, TimeProvider clock)
    {
        public async Task<DemandPush> Handle(Command c, CancellationToken ct = default)
        {
            if (db.Viewer.Kind != OrganisationKind.Bank)
            {
                throw new DomainException("FORBIDDEN", "only the bank a demand was pushed to answers it");
            }

            if (!db.Viewer.HasRole(Roles.Maker) && !db.Viewer.HasRole(Roles.Checker))
            {
                throw new DomainException("FORBIDDEN", "answering a push needs the maker or checker role");
            }

            return await Conflicts.RetryAsync(db, () => AnswerAsync(c, ct), ct);
        }

        private async Task<DemandPush> AnswerAsync(Command c, CancellationToken ct)
        {
            var push = await db.DemandPushes.Include(p => p.Demand).FirstOrDefaultAsync(p => p.Id == c.PushId, ct)
                ?? throw new DomainException("NOT_FOUND", $"push {c.PushId} not found");
            var now = clock.GetUtcNow();
            var today = db.Viewer.BusinessDate;
            switch (c.Answer)
            {
                case Answer.Claim or Answer.Decline when push.State == "pushed":
                    push.State = c.Answer == Answer.Claim ? "claimed" : "declined";
                    push.AnsweredAt = now;
                    push.AnsweredOn = today;
                    if (c.Answer == Answer.Decline && !await CreditSupport.HasOtherLivePushAsync(db, push.DemandId, [push.Id], ct))
                    {
                        push.Demand!.State = "open"; // re-pushed to the next-fitting bank
                    }

                    break;
                case Answer.Grant or Answer.Refuse when push.State == "claimed":
                    push.State = c.Answer == Answer.Grant ? "granted" : "refused";
                    push.DecidedAt = now;
                    push.DecidedOn = today;
                    if (c.Answer == Answer.Grant)
                    {
                        push.Demand!.State = "granted";
                    }
                    else if (!await CreditSupport.HasOtherLivePushAsync(db, push.DemandId, [push.Id], ct))
                    {
                        push.Demand!.State = "open";
                    }

                    break;
                default:
                    throw new DomainException("PUSH_STATE_CONFLICT", $"push {push.Id} is {push.State}; cannot {c.Answer.ToString().ToLowerInvariant()} it");
            }

            if (push.State is "declined" or "refused")
            {
                // A push that ends takes its demand's version, so two banks ending the demand's last two live pushes at
                // once cannot each see the other's as live and leave the demand pushed to nobody: one of them re-reads.
                db.Entry(push.Demand!).Property(d => d.Version).IsModified = true;
            }

            push.Note = c.Note.Trim();
            await db.SaveChangesAsync(ct);
            return push;
        }
    }
}
