namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// A sandbox state container whose <see cref="DurableMap{TValue}"/>s are written to the state file. <see cref="Flush"/> takes
/// the container's own lock and hands every entry changed since the last flush to the writer.
/// </summary>
internal interface IDurableState
{
    void Flush(IDocumentWriter writer);
}
