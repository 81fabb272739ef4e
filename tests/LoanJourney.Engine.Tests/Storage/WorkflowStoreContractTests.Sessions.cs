namespace LoanJourney.Engine.Tests.Storage;

/// <summary>Signed-out Studio session tickets: refused on every node reading the store, kept until after their expiry, then pruned.</summary>
public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task RevokeSession_IsSeenByTheNextLookup_AndOnlyForThatTicket()
    {
        Assert.False(await Store.IsSessionRevokedAsync("0123456789abcdef0123456789abcdef", default));

        await Store.RevokeSessionAsync("0123456789abcdef0123456789abcdef", T0.AddHours(12), T0, default);

        Assert.True(await Store.IsSessionRevokedAsync("0123456789abcdef0123456789abcdef", default));
        Assert.False(await Store.IsSessionRevokedAsync("fedcba9876543210fedcba9876543210", default));
    }

    [Fact]
    public async Task RevokeSession_Twice_IsNoError_AndKeepsOneRow()
    {
        await Store.RevokeSessionAsync("a1", T0.AddHours(12), T0, default);
        await Store.RevokeSessionAsync("a1", T0.AddHours(12), T0.AddMinutes(1), default);

        Assert.True(await Store.IsSessionRevokedAsync("a1", default));
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM revoked_sessions"));
    }

    [Fact]
    public async Task RevokeSession_PrunesTheRowsKeptUntilBeforeNow()
    {
        await Store.RevokeSessionAsync("old", T0.AddHours(1), T0, default);
        await Store.RevokeSessionAsync("later", T0.AddHours(3), T0, default);

        await Store.RevokeSessionAsync("new", T0.AddHours(14), T0.AddHours(2), default);

        Assert.False(await Store.IsSessionRevokedAsync("old", default));
        Assert.True(await Store.IsSessionRevokedAsync("later", default));
        Assert.True(await Store.IsSessionRevokedAsync("new", default));
        Assert.Equal(2, await CountRawAsync("SELECT COUNT(*) FROM revoked_sessions"));
    }
}
