using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorTypes;

internal sealed class GetExecutorTypesQueryHandler : IRequestHandler<GetExecutorTypesQuery, ExecutorTypesResponse>
{
    private static readonly ExecutorTypesResponse Types = new()
    {
        ExecutorTypes =
        [
            Type(ExecutorTypes.Position, "Opens one position and manages it with a triple barrier: stop loss, take profit and time limit, optionally trailing.", "Directional trades with defined risk."),
            Type(ExecutorTypes.Grid, "Places buy and sell orders at levels across a price range and re-quotes as they fill.", "Range-bound markets: earning from oscillation."),
            Type(ExecutorTypes.Dca, "Builds a position in several entries at set price levels, with one exit for the whole.", "Averaging into a position as price moves against it."),
            Type(ExecutorTypes.Twap, "Splits an order into slices spread evenly over time.", "Large orders with little market impact."),
            Type(ExecutorTypes.Arbitrage, "Buys on one market and sells on another when their prices diverge beyond costs.", "Cross-exchange price differences."),
            Type(ExecutorTypes.Xemm, "Makes a market on one exchange and hedges fills on another.", "Cross-exchange market making."),
            Type(ExecutorTypes.Order, "Places a single order (market, limit or limit-maker) and follows it to completion.", "Simple one-off orders under the executor framework."),
            Type(ExecutorTypes.Lp, "Provides liquidity in a price range on a concentrated-liquidity AMM and manages the position.", "Earning fees as a DEX liquidity provider."),
        ],
    };

    public Task<ExecutorTypesResponse> Handle(GetExecutorTypesQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(Types);

    private static ExecutorTypeResponse Type(string type, string description, string useCase) =>
        new() { Type = type, Description = description, UseCase = useCase };
}
