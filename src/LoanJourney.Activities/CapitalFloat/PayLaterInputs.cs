using System.Globalization;
using System.Text.Json;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>Reads the inputs every pay-later activity shares.</summary>
internal static class PayLaterInputs
{
    public static string AppId(ActivityContext context) => context.GetRequiredString("appId");

    /// <summary>The order id: the input, or one derived from the instance so that a re-run asks about the same order.</summary>
    public static string OrderId(ActivityContext context) => context.GetOptionalString("orderId") ?? "LJ-" + context.InstanceId;

    /// <summary>An amount (number or string) as Capital Float's string.</summary>
    public static string Amount(ActivityContext context, string name = "amount")
    {
        var node = context.GetInput(name) ?? throw new ActivityInputException(name, $"Input '{name}' is required.");
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return Amounts.TryParse(text, out var amount) && amount > 0
            ? amount.ToString(CultureInfo.InvariantCulture)
            : throw new ActivityInputException(name, $"Input '{name}' must be a positive amount.");
    }

    public static decimal ParseAmount(string? text) =>
        Amounts.TryParse(text, out var amount) ? amount : 0m;
}
