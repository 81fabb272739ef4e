namespace LoanJourney.Sandbox.Tests;

public sealed class ListeningAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5099", "http://127.0.0.1:5099/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/")]
    [InlineData("http://+:8080", "http://localhost:8080/")]
    [InlineData("http://*:8080", "http://localhost:8080/")]
    [InlineData("https://localhost:7001", "https://localhost:7001/")]
    public void Loopback_WildcardHostsBecomeLoopbackAndThePathIsDropped(string bound, string expected) =>
        Assert.Equal(new Uri(expected), ListeningAddress.Loopback(bound));
}
