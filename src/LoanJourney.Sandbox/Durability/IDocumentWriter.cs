namespace LoanJourney.Sandbox.Durability;

/// <summary>Where a <see cref="DurableMap{TValue}"/> writes its changed entries (one transaction of the state file).</summary>
internal interface IDocumentWriter
{
    void Put(string kind, string key, string json);

    void Delete(string kind, string key);
}
