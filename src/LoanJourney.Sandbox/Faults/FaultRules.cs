using System.Globalization;

namespace LoanJourney.Sandbox.Faults;

/// <summary>
/// What a fault setting may be, for <c>PUT /sandbox/faults</c> and <c>Sandbox:Faults</c> alike: a value out of range is
/// refused with the setting named, never clamped. Before session 38 an <c>errorRate</c> of 2 was stored as 1 and -0.5 as 0
/// without a word, so a test that meant "half the calls" and typed 50 faulted every call.
/// </summary>
internal static class FaultRules
{
    /// <summary>The problems of <paramref name="faults"/>, keyed by each setting's name as <paramref name="name"/> spells it.</summary>
    public static Dictionary<string, string[]> Check(FaultOptions faults, Func<string, string> name)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (faults.LatencyMs < 0)
        {
            errors[name(nameof(FaultOptions.LatencyMs))] = [$"Must be 0 or more (milliseconds added to every lender call), not {faults.LatencyMs}."];
        }

        (string Name, double Value)[] rates =
            [(nameof(FaultOptions.DropRate), faults.DropRate), (nameof(FaultOptions.ErrorRate), faults.ErrorRate), (nameof(FaultOptions.ThrottleRate), faults.ThrottleRate)];
        foreach (var (rate, value) in rates.Where(r => r.Value is not (>= 0 and <= 1)))
        {
            errors[name(rate)] = [$"Must be a share of the lender calls from 0 to 1 (0.5: half of them), not {Format(value)}."];
        }

        var sum = rates.Sum(r => r.Value);
        if (errors.Count == 0 && sum > 1)
        {
            // One roll per call picks drop, then error, then throttle: shares adding up to more than all calls cannot all hold.
            var names = string.Join(" + ", rates.Select(r => name(r.Name)));
            foreach (var (rate, _) in rates.Where(r => r.Value > 0))
            {
                errors[name(rate)] = [$"{names} must be at most 1 (one roll per call decides which fault, if any), not {Format(sum)}."];
            }
        }

        Routes(nameof(FaultOptions.LoseAnswerAfterCommit), faults.LoseAnswerAfterCommit, name, errors);
        Routes(nameof(FaultOptions.DropBeforeCommit), faults.DropBeforeCommit, name, errors);
        return errors;
    }

    private static void Routes(string setting, IList<string>? routes, Func<string, string> name, Dictionary<string, string[]> errors)
    {
        for (var i = 0; i < (routes?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(routes![i]))
            {
                errors[$"{name(setting)}[{i}]"] = ["Blank: a route is a path suffix such as paylater/tranche."];
            }
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
