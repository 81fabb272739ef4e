using System.Collections.Concurrent;
using LoanJourney.Activities.Partner;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// Where the webhooks the embedded sandbox sends for a test run's journeys go (docs/api.md, "Test-run a draft"). The sandbox posts
/// them to this server's own webhook endpoints, as a lender would; while a test run is in progress, a FinBox v1 webhook about one of
/// its borrowers (a customer id the run tagged <c>-TR&lt;tag&gt;</c>, <see cref="TestRunInput"/>, routed before the journey starts)
/// and a partner handshake callback for one of its journeys (handshake id <c>hs-&lt;instance id&gt;</c>, the handshake step's
/// default, found in the run's store) are delivered — verified as any other webhook — to that run's isolated engine instead of the
/// real store, where nothing waits for them. Anything else, and anything arriving after the run has ended, takes the ordinary path.
/// </summary>
internal sealed class TestRunWebhooks
{
    private readonly ConcurrentDictionary<string, IWorkflowClient> _customerTags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IWorkflowClient, IWorkflowStore> _runs = new();

    /// <summary>Routes the run's handshake callbacks (by the journeys in its store) to its engine until disposed.</summary>
    public IDisposable RouteRun(IWorkflowClient client, IWorkflowStore store)
    {
        _runs[client] = store;
        return new Registration(() => _runs.TryRemove(client, out _));
    }

    /// <summary>Routes the FinBox webhooks about the borrower tagged <paramref name="customerTag"/> to the run's engine until disposed.</summary>
    public IDisposable RouteCustomer(IWorkflowClient client, string customerTag)
    {
        _customerTags[customerTag] = client;
        return new Registration(() => _customerTags.TryRemove(customerTag, out _));
    }

    /// <summary>The test run's engine for a FinBox v1 webhook about this customer, or null for the real one.</summary>
    public IWorkflowClient? ForFinBoxCustomer(string customerId)
    {
        if (_customerTags.IsEmpty)
        {
            return null;
        }

        var at = customerId.LastIndexOf(TestRunInput.CustomerTagPrefix, StringComparison.Ordinal);
        return at >= 0 && _customerTags.TryGetValue(customerId[(at + TestRunInput.CustomerTagPrefix.Length)..], out var client) ? client : null;
    }

    /// <summary>The test run's engine for a partner handshake callback (its journey is in that run's store), or null for the real one.</summary>
    public async Task<IWorkflowClient?> ForHandshakeAsync(string handshakeId, CancellationToken cancellationToken)
    {
        if (_runs.IsEmpty || !handshakeId.StartsWith(HandshakeActivity.DefaultHandshakeIdPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var instanceId = handshakeId[HandshakeActivity.DefaultHandshakeIdPrefix.Length..];
        foreach (var (client, store) in _runs)
        {
            if (await store.GetInstanceAsync(instanceId, cancellationToken) is not null)
            {
                return client;
            }
        }

        return null;
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
