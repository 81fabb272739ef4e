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

    /// <summary>Masked whole: dates of birth, address lines, coordinates, employer.</summary>
    Full,

    /// <summary>IP address: the network's first two parts kept (<c>192.0.X.X</c>).</summary>
    IpAddress,

    /// <summary>An identifier that keeps its last four characters (UAN).</summary>
    LastFour,

    /// <summary>Document content (Aadhaar XML, base64 files, any field named <c>…Base64</c>): replaced by a size note, however short.</summary>
    Document,
}
