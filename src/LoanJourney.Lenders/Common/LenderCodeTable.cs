namespace LoanJourney.Lenders.Common;

/// <summary>A lender's documented codes as data: operation-specific rows win over <see cref="LenderCodeRule.AnyOperation"/> rows.</summary>
public sealed class LenderCodeTable
{
    private readonly Dictionary<(string Operation, string Code), List<LenderCodeRule>> _rules = [];

    /// <summary>Builds the table; rows keep their order, so a row with <c>MessageContains</c> should come before its catch-all.</summary>
    public LenderCodeTable(IEnumerable<LenderCodeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules.ToArray();
        foreach (var rule in Rules)
        {
            var key = (rule.Operation, rule.Code);
            if (!_rules.TryGetValue(key, out var list))
            {
                list = [];
                _rules[key] = list;
            }

            list.Add(rule);
        }
    }

    /// <summary>Every row, for documentation and tests.</summary>
    public IReadOnlyList<LenderCodeRule> Rules { get; }

    /// <summary>Finds the row for a code answered by an operation, or null when the code is not documented.</summary>
    public LenderCodeRule? Find(string operation, string? code, string? message = null)
    {
        if (code is null)
        {
            return null;
        }

        return Match(operation, code, message) ?? Match(LenderCodeRule.AnyOperation, code, message);
    }

    private LenderCodeRule? Match(string operation, string code, string? message)
    {
        if (!_rules.TryGetValue((operation, code), out var rows))
        {
            return null;
        }

        foreach (var row in rows)
        {
            if (row.MessageContains is null
                || (message is not null && message.Contains(row.MessageContains, StringComparison.OrdinalIgnoreCase)))
            {
                return row;
            }
        }

        return null;
    }
}
