using System.Text.Json;

namespace LoanJourney.Lenders.Common;

/// <summary>Turns one lender answer (HTTP status + parsed body) into a <see cref="LenderOutcome"/>, from that lender's tables.</summary>
internal interface ILenderClassifier
{
    LenderOutcome Classify(string operation, int httpStatus, JsonElement? body);
}
