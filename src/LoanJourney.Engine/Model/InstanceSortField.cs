namespace LoanJourney.Engine.Model;

/// <summary>What an instance list is sorted by.</summary>
public enum InstanceSortField
{
    /// <summary>Creation time.</summary>
    CreatedAt,
    /// <summary>Time of the last committed change.</summary>
    UpdatedAt,
}
