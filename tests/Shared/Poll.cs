using System.Diagnostics;

namespace LoanJourney.TestSupport;

/// <summary>Polls a condition until it holds or a deadline passes: no fixed sleeps anywhere in this suite.</summary>
public static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(40);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan deadline, Func<T?, string> describe)
    {
        var clock = Stopwatch.StartNew();
        T? last = default;
        Exception? lastError = null;
        while (clock.Elapsed < deadline)
        {
            try
            {
                last = await read();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException e)
            {
                lastError = e;
            }
            catch (TaskCanceledException e)
            {
                lastError = e;
            }

            await Task.Delay(Interval);
        }

        throw new TimeoutException($"Not reached within {deadline}: {describe(last)}{(lastError is null ? "" : "\nlast error: " + lastError.Message)}");
    }
}
