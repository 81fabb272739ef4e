namespace LoanJourney.Engine.Storage;

/// <summary>
/// A claim in which some journeys' stored payloads could not be decrypted (a key missing from the payload protector's key
/// ring, a damaged value). The claim is committed: <see cref="Claimed"/> are the journeys that were read and are to be run;
/// the <see cref="Unreadable"/> ones are leased to the claiming node, which faults them with an incident
/// (<see cref="IWorkflowStore.FaultUnreadableAsync"/>), so one journey that cannot be read neither stops the claim of the
/// others nor is claimed again on every loop.
/// </summary>
public sealed class UnreadableInstancesException(IReadOnlyList<InstanceRecord> claimed, IReadOnlyList<Errors.InstanceUnreadableException> unreadable)
    : Exception($"{unreadable.Count} claimed journey(s) could not be decrypted: {string.Join(", ", unreadable.Select(u => u.InstanceId))}.", unreadable[0])
{
    /// <summary>The journeys claimed and read, in claim order.</summary>
    public IReadOnlyList<InstanceRecord> Claimed { get; } = claimed;

    /// <summary>The journeys claimed but not readable: the error of each, which names it.</summary>
    public IReadOnlyList<Errors.InstanceUnreadableException> Unreadable { get; } = unreadable;
}
