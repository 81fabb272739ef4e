using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Tests.Activities;

/// <summary>How a journey reads an amount (<see cref="Amounts"/>): JSON's exponent form included (session 36).</summary>
public sealed class AmountsTests
{
    [Theory]
    [InlineData("2680", 2680)]
    [InlineData("2.68e3", 2680)]
    [InlineData("2.68E+3", 2680)]
    [InlineData("1.5e5", 150000)]
    [InlineData("26800e-1", 2680)]
    [InlineData("1,500.50", 1500.50)]
    [InlineData("1,50,000", 150000)]
    [InlineData("-5", -5)]
    public void AnAmountIsRead(string text, double expected)
    {
        Assert.True(Amounts.TryParse(text, out var amount));
        Assert.Equal((decimal)expected, amount);
    }

    [Theory]
    [InlineData("1e308")] // beyond decimal's range
    [InlineData("2,68O")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("NaN")]
    public void WhatIsNoAmountIsRefused(string? text) => Assert.False(Amounts.TryParse(text, out _));
}
