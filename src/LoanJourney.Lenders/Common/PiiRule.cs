namespace LoanJourney.Lenders.Common;

/// <summary>What the masker does with a field, chosen by the field's name.</summary>
public enum PiiRule
{
    /// <summary>Not personal: scrubbed for PII patterns only.</summary>
    None,

    /// <summary>Secrets (OTP, API keys, tokens, passwords): the field is removed.</summary>
    Remove,

    /// <summary>PAN.</summary>
    Pan,

    /// <summary>Aadhaar number.</summary>
    Aadhaar,

    /// <summary>Mobile or phone number.</summary>
    Mobile,

    /// <summary>Email address.</summary>
    Email,

    /// <summary>Bank account number.</summary>
    AccountNumber,

    /// <summary>GSTIN (contains the PAN).</summary>
    Gstin,

    /// <summary>Person's name.</summary>
    Name,

    /// <summary>Masked whole: dates of birth, address lines.</summary>
    Full,

    /// <summary>Document content (Aadhaar XML, base64 files): replaced by a size note.</summary>
    Document,
}
