namespace LoanJourney.Engine.Storage;

/// <summary>
/// What a cancel must hold to the row it flags, checked in the cancel's own transaction: the version the caller read (its
/// history had passed no point of no return) and no once-only call of <see cref="PointOfNoReturnSteps"/> that may be out.
/// </summary>
/// <param name="ExpectedVersion">The version whose history the caller checked.</param>
/// <param name="PointOfNoReturnSteps">Steps whose activity declares a point of no return (docs/engine.md).</param>
public sealed record CancelGuard(long ExpectedVersion, IReadOnlyCollection<string> PointOfNoReturnSteps)
{
    /// <summary>Whether <see cref="Refusal"/> of the row at <paramref name="version"/> reads its intents (a store that must read them ahead asks first).</summary>
    public bool DecidesByIntents(long version) => version == ExpectedVersion && PointOfNoReturnSteps.Count > 0;

    /// <summary>
    /// Why a cancel of the row at <paramref name="version"/> changes nothing, or null when it applies: the row moved; or an
    /// intent of a point-of-no-return step that may have taken effect — the one the lender said it took
    /// (<see cref="IntentRecord.KnownTaken"/>) first. An outcome-unknown incident open on such a call refuses too: the
    /// operator settles the call first (confirm-sent, or confirm-not-sent and cancel), a cancel is no answer to it. The
    /// stores call it in the cancel's own transaction; an erasure calls it on what it read, before it cancels anything
    /// (docs/engine.md "Point of no return").
    /// </summary>
    /// <param name="version">The row's version as read.</param>
    /// <param name="intents">The row's intents of <see cref="PointOfNoReturnSteps"/>; read only when they decide.</param>
    public CancelRequestResult? Refusal(long version, Func<IEnumerable<IntentRecord>> intents)
    {
        ArgumentNullException.ThrowIfNull(intents);
        if (version != ExpectedVersion)
        {
            return CancelRequestResult.Moved;
        }

        if (!DecidesByIntents(version))
        {
            return null;
        }

        var open = intents().Where(i => i.MayHaveTakenEffect).ToList();
        var refusing = open.FirstOrDefault(i => i.KnownTaken) ?? open.FirstOrDefault();
        return refusing is null ? null : new CancelRequestResult(CancelRequestStatus.MoneyCallOut, refusing);
    }
}

/// <summary>What <see cref="IWorkflowStore.RequestCancelAsync"/> did.</summary>
public enum CancelRequestStatus
{
    /// <summary>The cancel is committed.</summary>
    Requested,

    /// <summary>The instance had already finished (Completed or Cancelled); nothing changed.</summary>
    Finished,

    /// <summary>The row moved past <see cref="CancelGuard.ExpectedVersion"/>; nothing changed: read it again and re-check.</summary>
    Moved,

    /// <summary>A once-only call of a point-of-no-return step may be out (<see cref="CancelRequestResult.Intent"/>); nothing changed.</summary>
    MoneyCallOut,
}

/// <summary>Result of <see cref="IWorkflowStore.RequestCancelAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Intent">With <see cref="CancelRequestStatus.MoneyCallOut"/>: the intent of the call that may be out.</param>
public sealed record CancelRequestResult(CancelRequestStatus Status, IntentRecord? Intent = null)
{
    /// <summary>The cancel is committed.</summary>
    public static readonly CancelRequestResult Requested = new(CancelRequestStatus.Requested);

    /// <summary>The instance had already finished.</summary>
    public static readonly CancelRequestResult Finished = new(CancelRequestStatus.Finished);

    /// <summary>The row moved on.</summary>
    public static readonly CancelRequestResult Moved = new(CancelRequestStatus.Moved);
}
