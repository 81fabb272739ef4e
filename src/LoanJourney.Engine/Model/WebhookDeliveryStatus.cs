namespace LoanJourney.Engine.Model;

/// <summary>Outcome of a webhook delivery.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>A waiting bookmark matched; the instance resumes.</summary>
    Routed,
    /// <summary>No bookmark yet; kept in the inbox and consumed when a wait on its key begins.</summary>
    Buffered,
    /// <summary>The event id was seen before; ignored.</summary>
    Duplicate,
}
