namespace LoanJourney.Sandbox.Scenarios;

/// <summary>How the partner side answers a handshake.</summary>
internal enum HandshakeMode
{
    /// <summary><c>status "1"</c>: verified in the answer.</summary>
    Sync,

    /// <summary><c>status "2"</c>: the verified result is POSTed to <c>async_result_callback_url</c>.</summary>
    Async,

    /// <summary>An error (<c>status "-2"</c>) in the answer.</summary>
    Error,

    /// <summary><c>status "2"</c>, then an error result POSTed to the callback URL.</summary>
    AsyncError,
}
