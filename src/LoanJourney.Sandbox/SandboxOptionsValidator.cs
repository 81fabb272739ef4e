using LoanJourney.Sandbox.Faults;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox;

/// <summary>
/// Checks <c>Sandbox:*</c> at start: a value the sandbox cannot honour stops the start naming the setting (as the server's own
/// settings do, docs/server.md) instead of being clamped without a word (session 38: a fault rate of 2 ran as 1, a negative
/// poll count as 0, zero OTP attempts as 1).
/// </summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = FaultRules.Check(options.Faults, setting => $"{SandboxOptions.SectionName}:{nameof(SandboxOptions.Faults)}:{setting}")
            .Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")
            .ToList();
        Require(options.ProcessingPolls >= 0, nameof(SandboxOptions.ProcessingPolls), $"Must be 0 or more (polls answering PROCESSING), not {options.ProcessingPolls}.");
        Require(options.KycActionPendingPolls >= 0, nameof(SandboxOptions.KycActionPendingPolls), $"Must be 0 or more, not {options.KycActionPendingPolls}.");
        Require(options.OtpAttempts >= 1, nameof(SandboxOptions.OtpAttempts), $"Must be at least 1 (wrong OTPs accepted per block), not {options.OtpAttempts}.");
        Require(options.WebhookMaxRetries >= 0, nameof(SandboxOptions.WebhookMaxRetries), $"Must be 0 or more, not {options.WebhookMaxRetries}.");
        Require(options.CreditLimit >= 0, nameof(SandboxOptions.CreditLimit), $"Must be 0 or more, not {options.CreditLimit}.");
        foreach (var (setting, delay) in new[]
        {
            (nameof(SandboxOptions.WebhookStepDelay), options.WebhookStepDelay),
            (nameof(SandboxOptions.WebhookRetryBaseDelay), options.WebhookRetryBaseDelay),
            (nameof(SandboxOptions.PartnerCallbackDelay), options.PartnerCallbackDelay),
        })
        {
            Require(delay >= TimeSpan.Zero, setting, $"Must be zero or longer, not {delay}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Require(bool valid, string setting, string rule)
        {
            if (!valid)
            {
                failures.Add($"{SandboxOptions.SectionName}:{setting}: {rule}");
            }
        }
    }
}
