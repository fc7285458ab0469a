using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using CountDelegate = System.Func<
    Executors.Infrastructure.Persistence.ExecutorsDbContext,
    string[], string[], string[], string[], string[], string[], Executors.Domain.Executors.ExecutorStatus, System.DateTimeOffset, string, int,
    System.Threading.CancellationToken,
    System.Threading.Tasks.Task<int>>;
using CountExpression = System.Func<
    Executors.Infrastructure.Persistence.ExecutorsDbContext,
    string[], string[], string[], string[], string[], string[], Executors.Domain.Executors.ExecutorStatus, System.DateTimeOffset, string, int,
    System.Threading.CancellationToken,
    int>;
using PageDelegate = System.Func<
    Executors.Infrastructure.Persistence.ExecutorsDbContext,
    string[], string[], string[], string[], string[], string[], Executors.Domain.Executors.ExecutorStatus, System.DateTimeOffset, string, int,
    System.Collections.Generic.IAsyncEnumerable<Executors.Infrastructure.Persistence.Repositories.ExecutorSearchQueries.PagedRow>>;
using PageExpression = System.Func<
    Executors.Infrastructure.Persistence.ExecutorsDbContext,
    string[], string[], string[], string[], string[], string[], Executors.Domain.Executors.ExecutorStatus, System.DateTimeOffset, string, int,
    System.Linq.IQueryable<Executors.Infrastructure.Persistence.Repositories.ExecutorSearchQueries.PagedRow>>;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>
/// The search's page and count as compiled queries, one per shape of request (which filters are present, whether the
/// caller is restricted to accounts, whether a cursor is given), compiled the first time a shape is asked for and kept
/// for the life of the process: at most 2⁸ of them, a handful in practice.
/// </summary>
/// <remarks>
/// Built per request, the same LINQ cost about a quarter of the API's CPU per search (docs/performance.md): composing
/// the expression tree, then EF Core walking it to extract parameters and hashing and comparing it against its query
/// cache. A compiled query skips all of that. Each shape still sends only the conditions present, as the composed query
/// did, so that PostgreSQL plans every shape with the index it needs — rather than one catch-all statement of
/// "(@p IS NULL OR …)" conditions, whose generic plan could not use them. See ADR 11.
/// </remarks>
internal static class ExecutorSearchQueries
{
    private static readonly ConcurrentDictionary<Shape, PageDelegate> Pages = new();
    private static readonly ConcurrentDictionary<Shape, CountDelegate> Counts = new();

    [Flags]
    private enum Shape
    {
        None = 0,
        Restricted = 1,
        Accounts = 2,
        Connectors = 4,
        TradingPairs = 8,
        ExecutorTypes = 16,
        ControllerIds = 32,
        Status = 64,
        After = 128,
    }

    /// <summary>
    /// Up to <paramref name="take"/> rows within the scope and filter, after the position when given, each with the
    /// number of executors within the scope and filter in all: one statement, one round trip (the count is a scalar
    /// subquery PostgreSQL runs once).
    /// </summary>
    public static IAsyncEnumerable<PagedRow> Page(
        ExecutorsDbContext db, ExecutorFilter filter, AccountScope scope, ExecutorListPosition? after, int take)
    {
        var a = Arguments.Of(filter, scope, after, take);
        return Pages.GetOrAdd(a.Shape, static shape => EF.CompileAsyncQuery(Parameterized<PageExpression>(PageQuery(shape))))(
            db, a.Scope, a.AccountNames, a.ConnectorNames, a.TradingPairs, a.ExecutorTypes, a.ControllerIds, a.Status, a.AfterSortAt, a.AfterExecutorId, a.Take);
    }

    /// <summary>How many executors within the scope match the filter.</summary>
    public static Task<int> CountAsync(ExecutorsDbContext db, ExecutorFilter filter, AccountScope scope, CancellationToken cancellationToken)
    {
        var a = Arguments.Of(filter, scope, after: null, take: 0);
        return Counts.GetOrAdd(a.Shape, static shape => EF.CompileAsyncQuery(Parameterized<CountExpression>(CountQuery(shape))))(
            db, a.Scope, a.AccountNames, a.ConnectorNames, a.TradingPairs, a.ExecutorTypes, a.ControllerIds, a.Status, a.AfterSortAt, a.AfterExecutorId, a.Take, cancellationToken);
    }

    private static Expression<Func<ExecutorsDbContext, Arguments, IQueryable<PagedRow>>> PageQuery(Shape shape)
    {
        var matching = Filtered(shape);
        var executors = matching;
        if (shape.HasFlag(Shape.After))
        {
            // A row comparison, (sort_at, executor_id) < (@t, @id): one index range scan from the cursor on.
            executors = Then(executors, (query, a) => query.Where(executor => EF.Functions.LessThan(
                ValueTuple.Create(EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt), executor.ExecutorId),
                ValueTuple.Create(a.AfterSortAt, a.AfterExecutorId))));
        }

        return Then(executors, matching, (query, a, all) => query
            .OrderByDescending(executor => EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt))
            .ThenByDescending(executor => executor.ExecutorId)
            .Take(a.Take)
            .Select(executor => new PagedRow
            {
                Row = new ExecutorListRow
                {
                    ExecutorId = executor.ExecutorId,
                    ExecutorType = executor.State.ExecutorType,
                    AccountName = executor.State.AccountName,
                    ConnectorName = executor.State.ConnectorName,
                    TradingPair = executor.State.TradingPair,
                    Status = executor.State.Status,
                    IsTrading = executor.State.IsTrading,
                    NetPnlQuote = executor.State.NetPnlQuote,
                    NetPnlPct = executor.State.NetPnlPct,
                    CumFeesQuote = executor.State.CumFeesQuote,
                    FilledAmountQuote = executor.State.FilledAmountQuote,
                    Side = executor.State.Side,
                    Timestamp = executor.State.Timestamp,
                    CreatedAt = executor.State.CreatedAt,
                    CloseType = executor.State.CloseType,
                    CloseTimestamp = executor.State.CloseTimestamp,
                    ControllerId = executor.State.ControllerId,
                    ErrorCount = executor.ErrorCount,
                    LastError = Executor.LastErrorOf(executor.ErrorLog), // taken from the jsonb log in memory
                    SortAt = EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt),
                },
                Total = all.Count(),
            }));
    }

    private static Expression<Func<ExecutorsDbContext, Arguments, CancellationToken, int>> CountQuery(Shape shape)
    {
        var executors = Filtered(shape);
        var count = Expression.Call(typeof(Queryable), nameof(Queryable.Count), [typeof(Executor)], executors.Body);
        return Expression.Lambda<Func<ExecutorsDbContext, Arguments, CancellationToken, int>>(
            count, executors.Parameters[0], executors.Parameters[1], Expression.Parameter(typeof(CancellationToken), "_"));
    }

    /// <summary>
    /// The executors the shape's conditions select, each condition present only when its shape says so. A list
    /// condition names its column non-null first: the lists never hold null (validation refuses empty values), and
    /// without it EF Core adds "OR (column IS NULL AND array_position(@list, NULL) IS NOT NULL)" for nullable columns,
    /// which a generic plan of the prepared statement cannot turn into an index condition (on the benchmark's 100,000
    /// executors, a count over one connector under a forced generic plan: 22 ms against 2 ms without it).
    /// </summary>
    private static Expression<Func<ExecutorsDbContext, Arguments, IQueryable<Executor>>> Filtered(Shape shape)
    {
        Expression<Func<ExecutorsDbContext, Arguments, IQueryable<Executor>>> executors = (db, _) => db.Executors.AsNoTracking();
        if (shape.HasFlag(Shape.Restricted))
        {
            executors = Then(executors, (query, a) => query.Where(executor => executor.State.AccountName != null && a.Scope.Contains(executor.State.AccountName)));
        }

        if (shape.HasFlag(Shape.Accounts))
        {
            executors = Then(executors, (query, a) => query.Where(executor => executor.State.AccountName != null && a.AccountNames.Contains(executor.State.AccountName)));
        }

        if (shape.HasFlag(Shape.Connectors))
        {
            executors = Then(executors, (query, a) => query.Where(executor => executor.State.ConnectorName != null && a.ConnectorNames.Contains(executor.State.ConnectorName)));
        }

        if (shape.HasFlag(Shape.TradingPairs))
        {
            executors = Then(executors, (query, a) => query.Where(executor => executor.State.TradingPair != null && a.TradingPairs.Contains(executor.State.TradingPair)));
        }

        if (shape.HasFlag(Shape.ExecutorTypes))
        {
            executors = Then(executors, (query, a) => query.Where(executor => executor.State.ExecutorType != null && a.ExecutorTypes.Contains(executor.State.ExecutorType)));
        }

        if (shape.HasFlag(Shape.ControllerIds))
        {
            executors = Then(executors, (query, a) => query.Where(executor => executor.State.ControllerId != null && a.ControllerIds.Contains(executor.State.ControllerId)));
        }

        if (shape.HasFlag(Shape.Status))
        {
            executors = Then(executors, (query, a) => query.Where(executor => executor.State.Status == a.Status));
        }

        return executors;
    }

    /// <summary>
    /// The query with every use of an <see cref="Arguments"/> member turned into a parameter of its own (in the order of
    /// <see cref="Arguments.Members"/>, after the context, before any further parameters): EF Core makes query parameters
    /// of a compiled query's own parameters only, not of members of one.
    /// </summary>
    private static Expression<TDelegate> Parameterized<TDelegate>(LambdaExpression query)
    {
        var parameters = Arguments.Members.ToDictionary(member => member, member => Expression.Parameter(member.PropertyType, member.Name));
        var body = new ArgumentsAsParameters(query.Parameters[1], parameters).Visit(query.Body);
        return Expression.Lambda<TDelegate>(
            body, [query.Parameters[0], .. Arguments.Members.Select(member => parameters[member]), .. query.Parameters.Skip(2)]);
    }

    private sealed class ArgumentsAsParameters(ParameterExpression arguments, Dictionary<PropertyInfo, ParameterExpression> parameters)
        : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == arguments && node.Member is PropertyInfo property ? parameters[property] : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == arguments ? throw new InvalidOperationException("The search arguments may only be used member by member.") : node;
    }

    /// <summary>
    /// <paramref name="step"/> applied to what <paramref name="query"/> selects, as one lambda over the same context and
    /// arguments: the step's own parameters are replaced by the query's body and its arguments parameter.
    /// </summary>
    private static Expression<Func<ExecutorsDbContext, Arguments, IQueryable<TResult>>> Then<TSource, TResult>(
        Expression<Func<ExecutorsDbContext, Arguments, IQueryable<TSource>>> query,
        Expression<Func<IQueryable<TSource>, Arguments, IQueryable<TResult>>> step)
    {
        var body = new Substitution(new()
        {
            [step.Parameters[0]] = query.Body,
            [step.Parameters[1]] = query.Parameters[1],
        }).Visit(step.Body);
        return Expression.Lambda<Func<ExecutorsDbContext, Arguments, IQueryable<TResult>>>(body, query.Parameters);
    }

    /// <summary>
    /// The same, with a second query over the same context and arguments (<paramref name="other"/>) given to the step as
    /// its third parameter: for a subquery.
    /// </summary>
    private static Expression<Func<ExecutorsDbContext, Arguments, IQueryable<TResult>>> Then<TSource, TOther, TResult>(
        Expression<Func<ExecutorsDbContext, Arguments, IQueryable<TSource>>> query,
        Expression<Func<ExecutorsDbContext, Arguments, IQueryable<TOther>>> other,
        Expression<Func<IQueryable<TSource>, Arguments, IQueryable<TOther>, IQueryable<TResult>>> step)
    {
        var otherBody = new Substitution(new()
        {
            [other.Parameters[0]] = query.Parameters[0],
            [other.Parameters[1]] = query.Parameters[1],
        }).Visit(other.Body);
        var body = new Substitution(new()
        {
            [step.Parameters[0]] = query.Body,
            [step.Parameters[1]] = query.Parameters[1],
            [step.Parameters[2]] = otherBody,
        }).Visit(step.Body);
        return Expression.Lambda<Func<ExecutorsDbContext, Arguments, IQueryable<TResult>>>(body, query.Parameters);
    }

    private sealed class Substitution(Dictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            replacements.TryGetValue(node, out var replacement) ? replacement : base.VisitParameter(node);
    }

    /// <summary>A row of a page, with the count of the whole list it belongs to.</summary>
    internal sealed class PagedRow
    {
        public required ExecutorListRow Row { get; init; }

        public int Total { get; init; }
    }

    /// <summary>One request's values; which of them the query uses is its <see cref="Shape"/>.</summary>
    private sealed class Arguments
    {
        /// <summary>The members that become the compiled queries' parameters, in their order.</summary>
        public static IReadOnlyList<PropertyInfo> Members { get; } =
        [
            .. new[]
            {
                nameof(Scope), nameof(AccountNames), nameof(ConnectorNames), nameof(TradingPairs), nameof(ExecutorTypes),
                nameof(ControllerIds), nameof(Status), nameof(AfterSortAt), nameof(AfterExecutorId), nameof(Take),
            }.Select(name => typeof(Arguments).GetProperty(name)!),
        ];

        public Shape Shape { get; private init; }

        public string[] Scope { get; private init; } = [];

        public string[] AccountNames { get; private init; } = [];

        public string[] ConnectorNames { get; private init; } = [];

        public string[] TradingPairs { get; private init; } = [];

        public string[] ExecutorTypes { get; private init; } = [];

        public string[] ControllerIds { get; private init; } = [];

        public ExecutorStatus Status { get; private init; }

        public DateTimeOffset AfterSortAt { get; private init; }

        public string AfterExecutorId { get; private init; } = string.Empty;

        public int Take { get; private init; }

        public static Arguments Of(ExecutorFilter filter, AccountScope scope, ExecutorListPosition? after, int take)
        {
            ArgumentNullException.ThrowIfNull(filter);
            ArgumentNullException.ThrowIfNull(scope);
            var shape = Shape.None;
            shape |= scope.IsAll ? Shape.None : Shape.Restricted;
            shape |= filter.AccountNames.Count > 0 ? Shape.Accounts : Shape.None;
            shape |= filter.ConnectorNames.Count > 0 ? Shape.Connectors : Shape.None;
            shape |= filter.TradingPairs.Count > 0 ? Shape.TradingPairs : Shape.None;
            shape |= filter.ExecutorTypes.Count > 0 ? Shape.ExecutorTypes : Shape.None;
            shape |= filter.ControllerIds.Count > 0 ? Shape.ControllerIds : Shape.None;
            shape |= filter.Status is not null ? Shape.Status : Shape.None;
            shape |= after is not null ? Shape.After : Shape.None;
            return new Arguments
            {
                Shape = shape,
                Scope = [.. scope.Accounts],
                AccountNames = [.. filter.AccountNames],
                ConnectorNames = [.. filter.ConnectorNames],
                TradingPairs = [.. filter.TradingPairs],
                ExecutorTypes = [.. filter.ExecutorTypes],
                ControllerIds = [.. filter.ControllerIds],
                Status = filter.Status ?? default,
                AfterSortAt = after?.SortAt ?? default,
                AfterExecutorId = after?.ExecutorId ?? string.Empty,
                Take = take,
            };
        }
    }
}
