using System.Reflection;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Tests.Model;

public sealed class AuditActionsTests
{
    [Fact]
    public void All_HoldsEveryActionConstantOnce()
    {
        var constants = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);

        Assert.Equal(constants, AuditActions.All.Order(StringComparer.Ordinal));
    }
}
